package org.atende.media.rtcp;

/**
 * One reception report block (RFC 3550 §6.4.1), the 24 bytes an SR or RR carries per reported source.
 *
 * <pre>
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>Unsigned 32-bit fields are held in {@code long}s so they print and compare plainly. One record is built
 * per report interval (seconds apart), never per RTP packet.
 *
 * @param ssrc                       the reported source
 * @param fractionLost               loss in the last interval as a fraction of 256, 0..255
 * @param cumulativeLost             packets lost since the start, signed 24-bit (duplicates can make it negative)
 * @param extendedHighestSequence    cycles × 65536 + highest sequence number, low 32 bits
 * @param jitter                     interarrival jitter in RTP timestamp units
 * @param lastSenderReport           middle 32 bits of the NTP timestamp of the source's last SR; 0 if none
 * @param delaySinceLastSenderReport time from receiving that SR to sending this block, in 1/65536 s; 0 if none
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
                          long jitter, long lastSenderReport, long delaySinceLastSenderReport) {

    /** Size on the wire. */
    public static final int LENGTH = 24;
    /** Largest cumulative loss the signed 24-bit field holds. */
    public static final int MAX_CUMULATIVE_LOST = 0x7F_FFFF;
    /** Smallest cumulative loss the signed 24-bit field holds. */
    public static final int MIN_CUMULATIVE_LOST = -0x80_0000;

    public ReportBlock {
        requireUnsigned32(ssrc, "ssrc");
        if (fractionLost < 0 || fractionLost > 255) {
            throw new IllegalArgumentException("fraction lost must be 0..255: " + fractionLost);
        }
        if (cumulativeLost < MIN_CUMULATIVE_LOST || cumulativeLost > MAX_CUMULATIVE_LOST) {
            throw new IllegalArgumentException("cumulative lost must fit 24 signed bits: " + cumulativeLost);
        }
        requireUnsigned32(extendedHighestSequence, "extendedHighestSequence");
        requireUnsigned32(jitter, "jitter");
        requireUnsigned32(lastSenderReport, "lastSenderReport");
        requireUnsigned32(delaySinceLastSenderReport, "delaySinceLastSenderReport");
    }

    private static void requireUnsigned32(long value, String name) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " must be an unsigned 32-bit value: " + value);
        }
    }

    /** Clamps a loss count into the signed 24-bit field, as RFC 3550 §6.4.1 asks. */
    public static int clampCumulativeLost(long lost) {
        return (int) Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, lost));
    }
}
