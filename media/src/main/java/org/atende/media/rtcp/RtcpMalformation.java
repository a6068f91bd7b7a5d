package org.atende.media.rtcp;

/**
 * Why a datagram was not accepted as a compound RTCP packet (RFC 3550 §6.1 and the validity checks of
 * Appendix A.2). The packet is dropped as a whole and the caller counts the reason; nothing is thrown into
 * the event loop.
 */
public enum RtcpMalformation {
    /** Fewer than 8 bytes: not even an empty receiver report (header plus reporter SSRC). */
    TOO_SHORT,
    /** A packet in the compound has a version other than 2. */
    BAD_VERSION,
    /** The first packet is neither a sender report (200) nor a receiver report (201). */
    FIRST_NOT_REPORT,
    /** A packet's length field runs past the end of the datagram. */
    LENGTH_OVERFLOW,
    /** 1 to 3 bytes remain after the last whole packet: the lengths do not add up to the datagram. */
    TRAILING_BYTES,
    /** The padding bit is set on a packet that is not the last of the compound. */
    PADDING_NOT_LAST,
    /** Padding bit set but the padding count is 0 or eats into the packet's own header. */
    BAD_PADDING,
    /** An SR or RR whose sender info plus report count × 24 bytes does not fit in its length. */
    REPORT_COUNT_OVERFLOW,
    /** A BYE whose source count × 4 bytes does not fit in its length. */
    SOURCE_COUNT_OVERFLOW
}
