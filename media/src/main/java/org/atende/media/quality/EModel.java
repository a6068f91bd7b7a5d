package org.atende.media.quality;

/**
 * A simplified ITU-T G.107 E-model: a transmission rating R from delay, packet loss and codec, and the
 * estimated mean opinion score (conversational quality, MOS-CQE) it maps to.
 *
 * <pre>
 * R      = (R0 − Is) − Id − Ie,eff + A
 * Id     = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3)            d: one-way mouth-to-ear delay in ms
 * Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl)       Ppl: packet loss in %
 * MOS    = 1                                                  R ≤ 0
 *          1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶          0 &lt; R &lt; 100
 *          4.5                                                R ≥ 100
 * </pre>
 *
 * <p><b>Simplifications.</b> R0 − Is is fixed at 93.2, G.107's result with every parameter at its default
 * (no noise, no echo, no sidetone problems), so only delay, loss and codec move R. Id is the piecewise-linear
 * fit of G.107's delay impairment at default echo parameters by Cole and Rosenbluth (2001), in place of
 * G.107's Idd/Idte/Idle formulas. The advantage factor A is 0
 * (wired telephony). Loss is taken as random (BurstR 1) unless a burst ratio is given.
 *
 * <p><b>MOS never dips below 1.</b> G.107's cubic falls slightly under 1 for 0 &lt; R &lt; 6.5 (to 0.99 at
 * R ≈ 3.2); we clamp it to 1 there, which keeps MOS non-decreasing in R and hence non-increasing in delay and
 * in loss.
 *
 * <p><b>Delay estimate</b> ({@link #oneWayDelayMs}): half the RTCP round-trip time for the network (a
 * symmetric path is assumed), plus one packetization interval (the sender fills a packet before sending
 * it), plus a jitter-buffer allowance of twice the mean interarrival jitter, but at least 20 ms, which is
 * about what adaptive buffers in phones hold. With no round-trip measurement the network part is taken as
 * 0 — an optimistic figure, but below 150 ms delay costs little R (0.024 per ms) and a LAN phone without
 * RTCP is usually close.
 *
 * <p>A stateless value: thread-safe.
 *
 * @param r0MinusIs  basic signal-to-noise ratio minus simultaneous impairment, 0..100
 * @param advantage  the advantage factor A, 0..20
 */
public record EModel(double r0MinusIs, double advantage) {

    /** G.107's R with all parameters at their defaults. */
    public static final double DEFAULT_R0_MINUS_IS = 93.2;
    public static final EModel DEFAULT = new EModel(DEFAULT_R0_MINUS_IS, 0);
    /** Smallest jitter-buffer allowance in the delay estimate. */
    public static final double MIN_JITTER_BUFFER_MS = 20;
    /** Burst ratio of random (Bernoulli) loss. */
    public static final double RANDOM_LOSS = 1;

    public EModel {
        if (!(r0MinusIs >= 0 && r0MinusIs <= 100)) {
            throw new IllegalArgumentException("R0 - Is must be 0..100: " + r0MinusIs);
        }
        if (!(advantage >= 0 && advantage <= 20)) {
            throw new IllegalArgumentException("advantage factor must be 0..20: " + advantage);
        }
    }

    /**
     * The rating R.
     *
     * @param oneWayDelayMs mouth-to-ear delay, ≥ 0
     * @param lossPercent   packet loss 0..100
     * @param burstRatio    BurstR, &gt; 0 ({@link #RANDOM_LOSS} for random loss)
     */
    public double rFactor(double oneWayDelayMs, double lossPercent, double burstRatio, CodecImpairment codec) {
        return r0MinusIs - delayImpairment(oneWayDelayMs) - effectiveEquipmentImpairment(codec, lossPercent, burstRatio)
                + advantage;
    }

    /** MOS for random loss. */
    public double mos(double oneWayDelayMs, double lossPercent, CodecImpairment codec) {
        return mosFromR(rFactor(oneWayDelayMs, lossPercent, RANDOM_LOSS, codec));
    }

    /** Id from one-way delay {@code d} in ms, by the Cole–Rosenbluth simplification. */
    public static double delayImpairment(double d) {
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("delay must be finite and >= 0: " + d);
        }
        return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
    }

    /** Ie,eff for {@code codec} at {@code lossPercent} % loss with burst ratio {@code burstRatio}. */
    public static double effectiveEquipmentImpairment(CodecImpairment codec, double lossPercent, double burstRatio) {
        if (!(lossPercent >= 0 && lossPercent <= 100)) {
            throw new IllegalArgumentException("loss must be 0..100 %: " + lossPercent);
        }
        if (!(burstRatio > 0) || Double.isInfinite(burstRatio)) {
            throw new IllegalArgumentException("burst ratio must be finite and > 0: " + burstRatio);
        }
        double ie = codec.ie();
        return ie + (95 - ie) * lossPercent / (lossPercent / burstRatio + codec.bpl());
    }

    /** MOS from R (G.107 Annex B), clamped to 1..4.5. */
    public static double mosFromR(double r) {
        if (Double.isNaN(r)) {
            throw new IllegalArgumentException("R is NaN");
        }
        if (r <= 0) {
            return 1;
        }
        if (r >= 100) {
            return 4.5;
        }
        return Math.max(1, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
    }

    /**
     * One-way delay estimate in ms, as described in the class comment.
     *
     * @param rttMs          RTCP round-trip time; NaN when unknown
     * @param meanJitterMs   mean interarrival jitter, ≥ 0
     * @param packetizationMs audio per packet (20 for Atende's 20 ms frames), ≥ 0
     */
    public static double oneWayDelayMs(double rttMs, double meanJitterMs, double packetizationMs) {
        if (!(meanJitterMs >= 0) || !(packetizationMs >= 0)) {
            throw new IllegalArgumentException("jitter and packetization must be >= 0: " + meanJitterMs + ", "
                    + packetizationMs);
        }
        double network = Double.isNaN(rttMs) ? 0 : Math.max(0, rttMs) / 2;
        return network + packetizationMs + Math.max(MIN_JITTER_BUFFER_MS, 2 * meanJitterMs);
    }
}
