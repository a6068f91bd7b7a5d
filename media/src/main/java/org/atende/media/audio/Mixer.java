package org.atende.media.audio;

import java.util.Objects;

/**
 * Mixes 16-bit linear PCM signals by adding them with saturation: a sum beyond the 16-bit range is
 * clipped to {@code Short.MAX_VALUE} / {@code Short.MIN_VALUE} instead of wrapping around (which would
 * turn a loud moment into a full-scale click).
 *
 * <p>Used for mono mixes of a call and for conferences. Allocates nothing; stateless and thread-safe.
 */
public final class Mixer {

    private Mixer() {
    }

    /**
     * {@code out[i] = saturate(a[i] + b[i])} for {@code i < n}. {@code out} may be {@code a} or
     * {@code b} (mixing in place).
     *
     * @throws IndexOutOfBoundsException if {@code n} is negative or longer than an array; nothing is
     *     written then
     */
    public static void mix(short[] a, short[] b, short[] out, int n) {
        Objects.checkFromIndexSize(0, n, a.length);
        Objects.checkFromIndexSize(0, n, b.length);
        Objects.checkFromIndexSize(0, n, out.length);
        for (int i = 0; i < n; i++) {
            out[i] = saturate(a[i] + b[i]);
        }
    }

    /** Clips {@code sample} to the 16-bit range. */
    public static short saturate(int sample) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    }
}
