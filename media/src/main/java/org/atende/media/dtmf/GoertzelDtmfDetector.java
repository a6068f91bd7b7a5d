package org.atende.media.dtmf;

import java.util.Objects;

/**
 * In-band DTMF (ITU-T Q.23/Q.24) detector for 8 kHz 16-bit linear PCM.
 *
 * <p>Audio arrives in frames of any length (usually 20 ms, 160 samples) and is analysed in blocks of
 * {@value #BLOCK_SIZE} samples (12.75 ms). That length gives a Goertzel main lobe of ±78 Hz: narrow
 * enough to separate adjacent DTMF tones (73 Hz apart at the closest, 697/770 Hz), wide enough that a
 * tone 1.5% off frequency loses little level, and short enough for good timing. A 160-sample block
 * (±50 Hz) would lose up to 4 dB on a high-group tone 1.5% off and need 60 ms tones to fill the
 * blocks a start requires.
 *
 * <p>For each block the eight DTMF frequencies are measured with Goertzel filters tuned exactly to
 * the frequency (fractional bin). The strongest row (low group) and column (high group) tones must
 * pass, in order:
 * <ol>
 *   <li>level: each tone at least {@value #MIN_TONE_DBM0} dBm0 (0 dBm0 sine peak = 22,324);</li>
 *   <li>twist: the low group may be up to {@value #NORMAL_TWIST_DB} dB stronger than the high group
 *       (normal twist) and up to {@value #REVERSE_TWIST_DB} dB weaker (reverse twist);</li>
 *   <li>relative peak: each winner at least {@value #RELATIVE_PEAK_DB} dB above every other tone of
 *       its group;</li>
 *   <li>purity: the two tones carry at least {@value #TONE_ENERGY_FRACTION} of the block's energy,
 *       which rejects noise, speech and blocks less than half filled by a tone;</li>
 *   <li>frequency: each tone is stronger at its nominal frequency than in side filters
 *       {@value #SIDE_FILTER_OFFSET} (5%) below and above it, so it lies within about ±2.5%
 *       (Q.24: accept ±1.5%, reject ±3.5%);</li>
 *   <li>second harmonic: the second harmonic of neither tone reaches the level of its fundamental
 *       (voiced speech is rich in harmonics; the bound leaves room for a neighbouring DTMF tone's
 *       leakage into the harmonic filter).</li>
 * </ol>
 * A digit starts after {@value #MIN_ON_BLOCKS} consecutive blocks showing it (38 ms) and ends after
 * {@value #MIN_OFF_BLOCKS} consecutive blocks without it (25.5 ms), so a one-block drop-out does not
 * split a digit. Measured over every alignment against the block grid: tones of 43 ms or more are
 * always detected, tones of 25 ms or less never (a 20 ms burst can only fill two blocks).
 * Reported start and duration are accurate to within one block.
 *
 * <p>One instance per call leg. Not thread-safe: call {@link #process} from the leg's event loop only;
 * the listener runs on that thread. After construction {@code process} allocates nothing.
 */
public final class GoertzelDtmfDetector {

    /** Samples per analysis block. */
    public static final int BLOCK_SIZE = 102;
    static final double SAMPLE_RATE = 8000.0;
    static final double MIN_TONE_DBM0 = -30.0;
    static final double NORMAL_TWIST_DB = 8.0;
    static final double REVERSE_TWIST_DB = 4.0;
    static final double RELATIVE_PEAK_DB = 6.0;
    static final double TONE_ENERGY_FRACTION = 0.5;
    static final double SIDE_FILTER_OFFSET = 0.05;
    static final double SECOND_HARMONIC_DB = 0.0;
    static final int MIN_ON_BLOCKS = 3;
    static final int MIN_OFF_BLOCKS = 2;

    private static final double[] ROW_HZ = {697, 770, 852, 941};
    private static final double[] COL_HZ = {1209, 1336, 1477, 1633};
    private static final char[][] DIGITS = {
        {'1', '2', '3', 'A'},
        {'4', '5', '6', 'B'},
        {'7', '8', '9', 'C'},
        {'*', '0', '#', 'D'}};
    private static final char NONE = 0;

    /** Mean square of a 0 dBm0 sine: peak 22,324 (µ-law, G.711 3.17 dBm0 full scale = 32,124). */
    private static final double DBM0_MEAN_SQUARE = 22324.0 * 22324.0 / 2.0;
    private static final double MIN_TONE_MEAN_SQUARE = DBM0_MEAN_SQUARE * dbToPower(MIN_TONE_DBM0);
    private static final double NORMAL_TWIST = dbToPower(NORMAL_TWIST_DB);
    private static final double REVERSE_TWIST = dbToPower(REVERSE_TWIST_DB);
    private static final double RELATIVE_PEAK = dbToPower(RELATIVE_PEAK_DB);
    private static final double SECOND_HARMONIC = dbToPower(SECOND_HARMONIC_DB);

    private static final double[] ROW_COEFF = coefficients(ROW_HZ, 1);
    private static final double[] COL_COEFF = coefficients(COL_HZ, 1);
    private static final double[] ROW_HARMONIC_COEFF = coefficients(ROW_HZ, 2);
    private static final double[] COL_HARMONIC_COEFF = coefficients(COL_HZ, 2);
    private static final double[] ROW_LOW_COEFF = coefficients(ROW_HZ, 1 - SIDE_FILTER_OFFSET);
    private static final double[] ROW_HIGH_COEFF = coefficients(ROW_HZ, 1 + SIDE_FILTER_OFFSET);
    private static final double[] COL_LOW_COEFF = coefficients(COL_HZ, 1 - SIDE_FILTER_OFFSET);
    private static final double[] COL_HIGH_COEFF = coefficients(COL_HZ, 1 + SIDE_FILTER_OFFSET);

    private final DigitListener listener;
    private final short[] block = new short[BLOCK_SIZE];
    private final double[] rowPower = new double[4];
    private final double[] colPower = new double[4];
    private int filled;
    private long blockStartSample;

    private char candidate = NONE;
    private int candidateBlocks;
    private long candidateStart;
    private char current = NONE;
    private long currentStart;
    private int absentBlocks;
    private long absentStart;

    /** Creates a detector reporting to {@code listener}, called on the thread that calls {@link #process}. */
    public GoertzelDtmfDetector(DigitListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Feeds {@code len} samples of {@code frame} from {@code off}; may call the listener. */
    public void process(short[] frame, int off, int len) {
        Objects.checkFromIndexSize(off, len, frame.length);
        int i = off;
        int end = off + len;
        while (i < end) {
            int n = Math.min(BLOCK_SIZE - filled, end - i);
            System.arraycopy(frame, i, block, filled, n);
            filled += n;
            i += n;
            if (filled == BLOCK_SIZE) {
                onBlock(classify());
                blockStartSample += BLOCK_SIZE;
                filled = 0;
            }
        }
    }

    /** Number of samples given to {@link #process} so far. */
    public long samplesProcessed() {
        return blockStartSample + filled;
    }

    private void onBlock(char digit) {
        if (digit != NONE && digit == candidate) {
            candidateBlocks++;
        } else {
            candidate = digit;
            candidateBlocks = 1;
            candidateStart = blockStartSample;
        }
        if (current != NONE) {
            if (digit == current) {
                absentBlocks = 0;
                return;
            }
            if (absentBlocks++ == 0) {
                absentStart = blockStartSample;
            }
            if (absentBlocks < MIN_OFF_BLOCKS) {
                return;
            }
            listener.onDigit(current, currentStart, absentStart - currentStart);
            current = NONE;
            absentBlocks = 0;
        }
        if (candidate != NONE && candidateBlocks >= MIN_ON_BLOCKS) {
            current = candidate;
            currentStart = candidateStart;
            absentBlocks = 0;
            listener.onDigitStarted(current, currentStart);
        }
    }

    private char classify() {
        double energy = 0;
        for (short s : block) {
            energy += (double) s * s;
        }
        if (energy == 0) {
            return NONE;
        }
        for (int k = 0; k < 4; k++) {
            rowPower[k] = meanSquare(ROW_COEFF[k]);
            colPower[k] = meanSquare(COL_COEFF[k]);
        }
        int row = strongest(rowPower);
        int col = strongest(colPower);
        double r = rowPower[row];
        double c = colPower[col];
        if (r < MIN_TONE_MEAN_SQUARE || c < MIN_TONE_MEAN_SQUARE) {
            return NONE;
        }
        if (r > c * NORMAL_TWIST || c > r * REVERSE_TWIST) {
            return NONE;
        }
        if (!dominates(rowPower, row) || !dominates(colPower, col)) {
            return NONE;
        }
        if (r + c < TONE_ENERGY_FRACTION * energy / BLOCK_SIZE) {
            return NONE;
        }
        if (!centred(r, ROW_LOW_COEFF[row], ROW_HIGH_COEFF[row])
                || !centred(c, COL_LOW_COEFF[col], COL_HIGH_COEFF[col])) {
            return NONE;
        }
        if (meanSquare(ROW_HARMONIC_COEFF[row]) >= r * SECOND_HARMONIC
                || meanSquare(COL_HARMONIC_COEFF[col]) >= c * SECOND_HARMONIC) {
            return NONE;
        }
        return DIGITS[row][col];
    }

    /**
     * Goertzel power at the filter's frequency, scaled to the mean square of a sine at that frequency
     * filling the block: |X|² = (A·N/2)², mean square = A²/2 = 2·|X|²/N².
     */
    private double meanSquare(double coeff) {
        double s1 = 0;
        double s2 = 0;
        for (short x : block) {
            double s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2.0 * power / ((double) BLOCK_SIZE * BLOCK_SIZE);
    }

    /** The tone is nearer its nominal frequency than to either side filter, i.e. within ±2.5%. */
    private boolean centred(double centrePower, double lowCoeff, double highCoeff) {
        return meanSquare(lowCoeff) < centrePower && meanSquare(highCoeff) < centrePower;
    }

    private static int strongest(double[] powers) {
        int best = 0;
        for (int k = 1; k < powers.length; k++) {
            if (powers[k] > powers[best]) {
                best = k;
            }
        }
        return best;
    }

    private static boolean dominates(double[] powers, int winner) {
        for (int k = 0; k < powers.length; k++) {
            if (k != winner && powers[k] * RELATIVE_PEAK > powers[winner]) {
                return false;
            }
        }
        return true;
    }

    private static double[] coefficients(double[] hz, double harmonic) {
        double[] coeff = new double[hz.length];
        for (int k = 0; k < hz.length; k++) {
            coeff[k] = 2.0 * Math.cos(2.0 * Math.PI * harmonic * hz[k] / SAMPLE_RATE);
        }
        return coeff;
    }

    private static double dbToPower(double db) {
        return Math.pow(10.0, db / 10.0);
    }
}
