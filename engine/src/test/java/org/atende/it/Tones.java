package org.atende.it;

/** Tone analysis for tests: how much of a signal's energy sits at one frequency (Goertzel). */
final class Tones {

    private Tones() {
    }

    /**
     * Energy of the {@code hz} component over {@code n} samples from {@code from}, scaled so that a pure tone's
     * power is about equal to {@link #energy} of the same samples.
     */
    static double power(short[] s, int from, int n, double hz) {
        double w = 2 * Math.PI * hz / 8000.0;
        double coeff = 2 * Math.cos(w);
        double q1 = 0;
        double q2 = 0;
        int end = Math.min(s.length, from + n);
        for (int i = from; i < end; i++) {
            double q0 = coeff * q1 - q2 + s[i];
            q2 = q1;
            q1 = q0;
        }
        double magnitude2 = q1 * q1 + q2 * q2 - q1 * q2 * coeff;
        return 2 * magnitude2 / Math.max(1, end - from);
    }

    /** Sum of squares over the window. */
    static double energy(short[] s, int from, int n) {
        double e = 0;
        int end = Math.min(s.length, from + n);
        for (int i = from; i < end; i++) {
            e += (double) s[i] * s[i];
        }
        return e;
    }
}
