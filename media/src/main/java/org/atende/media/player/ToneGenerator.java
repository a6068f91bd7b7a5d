package org.atende.media.player;

/**
 * Generates call-progress tones and dual tones as 20 ms frames of 16-bit PCM at 8000 Hz.
 *
 * <p>Brazilian call-progress tones use 425 Hz. The cadences below are the values specified for Atende
 * (issue brief), which follow the Brazilian practice listed for Brazil in ITU-T E.180 Supplement 2
 * ("Various tones used in national networks") and the ANATEL/Telebrás tone practice. The exact
 * document clauses were not re-checked when this was written; verify before treating them as normative:
 * <ul>
 *   <li>{@link #dialTone()}: 425 Hz continuous;</li>
 *   <li>{@link #ringback()}: 425 Hz, 1 s on / 4 s off, repeating;</li>
 *   <li>{@link #busy()}: 425 Hz, 250 ms on / 250 ms off, repeating;</li>
 *   <li>{@link #congestion()}: 425 Hz, 750 ms on / 250 ms off, repeating (not in the brief; commonly
 *       listed for Brazil, unverified);</li>
 *   <li>{@link #beep()}: 425 Hz for 200 ms once, then silence.</li>
 * </ul>
 * Call-progress tones default to {@value #CALL_PROGRESS_DBM0} dBm0. DTMF pairs ({@link #dtmf}) use the
 * Q.23 frequencies (rows 697/770/852/941 Hz, columns 1209/1336/1477/1633 Hz) and sound continuously;
 * the caller decides the duration by the number of frames it takes.
 *
 * <p>Levels: 0 dBm0 is a sine of peak amplitude {@value #ZERO_DBM0_PEAK} (G.711, ITU-T G.711 §3 /
 * G.168 convention, the same as {@code GoertzelDtmfDetector}). Each tone of a pair gets the given level.
 *
 * <p>Oscillators keep running during the silent parts of a cadence, so the output is phase-continuous
 * across frames. {@link #next} allocates nothing. One instance per stream; not thread-safe: use it from
 * the owning call's event loop.
 */
public final class ToneGenerator {

    /** Sample rate of the output. */
    public static final int SAMPLE_RATE = 8000;
    /** Samples filled by {@link #next}. */
    public static final int FRAME_SAMPLES = 160;
    /** Peak amplitude of a 0 dBm0 sine. */
    public static final double ZERO_DBM0_PEAK = 22324.0;
    /** Default level of the Brazilian call-progress tones. */
    public static final double CALL_PROGRESS_DBM0 = -10.0;
    /** Brazilian call-progress frequency. */
    public static final double BRAZIL_HZ = 425.0;

    private static final double TWO_PI = 2 * Math.PI;
    private static final double[] DTMF_ROWS = {697, 770, 852, 941};
    private static final double[] DTMF_COLS = {1209, 1336, 1477, 1633};
    private static final String DTMF_KEYS = "123A456B789C*0#D";

    private final double step1;
    private final double step2;
    private final double amplitude;
    private final int[] cadence;
    private final boolean repeat;
    private double phase1;
    private double phase2;
    private int segment;
    private int inSegment;
    private long samples;

    /**
     * A general tone.
     *
     * @param hz1 first frequency, 0 &lt; hz1 &lt; 4000
     * @param hz2 second frequency, or 0 for a single tone
     * @param dBm0 level of each frequency, at most +3 dBm0
     * @param repeat whether the cadence repeats; if not, silence follows its last segment
     * @param cadenceMs alternating on/off durations in ms, starting with on; empty for a continuous tone
     */
    public ToneGenerator(double hz1, double hz2, double dBm0, boolean repeat, int... cadenceMs) {
        if (!(hz1 > 0 && hz1 < SAMPLE_RATE / 2.0) || !(hz2 >= 0 && hz2 < SAMPLE_RATE / 2.0)) {
            throw new IllegalArgumentException("frequencies must be in (0, 4000) Hz: " + hz1 + ", " + hz2);
        }
        if (!(dBm0 <= 3.0)) {
            throw new IllegalArgumentException("level " + dBm0 + " dBm0 above +3 dBm0");
        }
        this.step1 = TWO_PI * hz1 / SAMPLE_RATE;
        this.step2 = TWO_PI * hz2 / SAMPLE_RATE;
        this.amplitude = ZERO_DBM0_PEAK * Math.pow(10, dBm0 / 20);
        this.cadence = new int[cadenceMs.length];
        for (int i = 0; i < cadenceMs.length; i++) {
            if (cadenceMs[i] <= 0) {
                throw new IllegalArgumentException("cadence durations must be positive: " + cadenceMs[i]);
            }
            cadence[i] = cadenceMs[i] * (SAMPLE_RATE / 1000);
        }
        this.repeat = repeat;
    }

    /** 425 Hz continuous. */
    public static ToneGenerator dialTone() {
        return new ToneGenerator(BRAZIL_HZ, 0, CALL_PROGRESS_DBM0, true);
    }

    /** 425 Hz, 1 s on, 4 s off. */
    public static ToneGenerator ringback() {
        return new ToneGenerator(BRAZIL_HZ, 0, CALL_PROGRESS_DBM0, true, 1000, 4000);
    }

    /** 425 Hz, 250 ms on, 250 ms off. */
    public static ToneGenerator busy() {
        return new ToneGenerator(BRAZIL_HZ, 0, CALL_PROGRESS_DBM0, true, 250, 250);
    }

    /** 425 Hz, 750 ms on, 250 ms off. */
    public static ToneGenerator congestion() {
        return new ToneGenerator(BRAZIL_HZ, 0, CALL_PROGRESS_DBM0, true, 750, 250);
    }

    /** 425 Hz for 200 ms, then silence. */
    public static ToneGenerator beep() {
        return new ToneGenerator(BRAZIL_HZ, 0, CALL_PROGRESS_DBM0, false, 200);
    }

    /**
     * The continuous DTMF pair for {@code digit} ({@code 0-9 * # A-D}, letters in either case), each
     * frequency at {@code dBm0}.
     */
    public static ToneGenerator dtmf(char digit, double dBm0) {
        int k = DTMF_KEYS.indexOf(Character.toUpperCase(digit));
        if (k < 0) {
            throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        }
        return new ToneGenerator(DTMF_ROWS[k / 4], DTMF_COLS[k % 4], dBm0, true);
    }

    /** Fills {@code frame[0..160)} with the next 20 ms. Allocates nothing. */
    public void next(short[] frame) {
        if (frame.length < FRAME_SAMPLES) {
            throw new IllegalArgumentException("frame has " + frame.length + " samples, needs " + FRAME_SAMPLES);
        }
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            double v = 0;
            if (sounding()) {
                v = Math.sin(phase1);
                if (step2 != 0) {
                    v += Math.sin(phase2);
                }
                v *= amplitude;
            }
            frame[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
            phase1 += step1;
            if (phase1 >= TWO_PI) {
                phase1 -= TWO_PI;
            }
            phase2 += step2;
            if (phase2 >= TWO_PI) {
                phase2 -= TWO_PI;
            }
            advanceCadence();
        }
        samples += FRAME_SAMPLES;
    }

    /** Samples generated since construction or {@link #reset}. */
    public long samplesGenerated() {
        return samples;
    }

    /** Restarts the cadence and the oscillators at phase 0. */
    public void reset() {
        phase1 = 0;
        phase2 = 0;
        segment = 0;
        inSegment = 0;
        samples = 0;
    }

    private boolean sounding() {
        return cadence.length == 0 || (segment < cadence.length && segment % 2 == 0);
    }

    private void advanceCadence() {
        if (cadence.length == 0 || segment >= cadence.length) {
            return;
        }
        if (++inSegment == cadence[segment]) {
            inSegment = 0;
            segment++;
            if (segment == cadence.length && repeat) {
                segment = 0;
            }
        }
    }
}
