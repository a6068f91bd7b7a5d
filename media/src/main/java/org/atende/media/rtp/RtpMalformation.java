package org.atende.media.rtp;

/**
 * Why a datagram was not accepted as an RTP packet (RFC 3550 §5.1). Malformed packets are dropped and
 * counted by the caller, never thrown into the event loop.
 */
public enum RtpMalformation {
    /** Fewer than the 12 bytes of the fixed header. */
    TOO_SHORT,
    /** Version field is not 2. */
    BAD_VERSION,
    /** The CSRC count announces more identifiers than the packet holds. */
    CSRC_OVERFLOW,
    /** The header extension (4-byte header plus length words) runs past the end of the packet. */
    EXTENSION_OVERFLOW,
    /** Padding bit set but the last byte is 0 or larger than what follows the header. */
    BAD_PADDING,
    /**
     * Payload type 72–76: with the marker bit these are RTCP SR/RR/SDES/BYE/APP (packet types 200–204),
     * so RFC 3551 §6 / RFC 5761 §4 reserve them; on a multiplexed port such a datagram is RTCP, not RTP.
     */
    RTCP_PAYLOAD_TYPE
}
