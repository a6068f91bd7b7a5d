package org.atende.media.quality;

/**
 * Call-quality figures for one leg, taken at hang-up (or any time) and attached to the call's record and
 * log line. "Received" figures are what Atende measured on the peer's stream; "remote" figures are what the
 * peer reported about ours in RTCP, NaN when it sent no report block about us.
 *
 * <p>Unknown figures are {@code NaN} rather than a sentinel like −1 that could be averaged by accident;
 * {@link #rttKnown()} and {@link #mosKnown()} say whether one is present.
 *
 * @param packetsSent       RTP packets we sent on this leg
 * @param packetsReceived   valid RTP packets received (duplicates included, as RFC 3550 A.3 counts)
 * @param packetsLost       expected minus received, at least 0
 * @param lossPercent       {@code packetsLost} as a percentage of expected, 0..100; 0 when nothing expected
 * @param jitterMs          mean interarrival jitter of the received stream, ms
 * @param jitterMaxMs       largest interarrival jitter estimate, ms
 * @param rttMs             mean RTCP round-trip time, ms; NaN when unknown
 * @param remoteLossPercent loss the peer reported on our stream, 0..100; NaN when unknown
 * @param remoteJitterMs    jitter the peer reported on our stream, ms; NaN when unknown
 * @param mos               E-model MOS of the worse direction measured or reported, 1..4.5; NaN when neither
 *                          direction carried media
 */
public record LegQuality(long packetsSent, long packetsReceived, long packetsLost, double lossPercent,
                         double jitterMs, double jitterMaxMs, double rttMs, double remoteLossPercent,
                         double remoteJitterMs, double mos) {

    /** A leg that carried nothing. */
    public static final LegQuality EMPTY =
            new LegQuality(0, 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public LegQuality {
        if (packetsSent < 0 || packetsReceived < 0 || packetsLost < 0) {
            throw new IllegalArgumentException("packet counts must be >= 0");
        }
        if (!(lossPercent >= 0 && lossPercent <= 100)) {
            throw new IllegalArgumentException("loss must be 0..100 %: " + lossPercent);
        }
    }

    public boolean rttKnown() {
        return !Double.isNaN(rttMs);
    }

    public boolean mosKnown() {
        return !Double.isNaN(mos);
    }
}
