package org.atende.media.player;

import java.time.Duration;
import java.util.Arrays;

/**
 * An audio prompt in Atende's internal format: 16-bit linear PCM, mono, 8000 Hz, played as 20 ms
 * frames of {@value #FRAME_SAMPLES} samples. Immutable; safe to share between calls and threads.
 */
public final class Prompt {

    /** Samples per second. */
    public static final int SAMPLE_RATE = 8000;
    /** Samples per 20 ms frame. */
    public static final int FRAME_SAMPLES = 160;

    private final short[] samples;

    /** Copies {@code samples}. */
    public Prompt(short[] samples) {
        this.samples = samples.clone();
    }

    /** A copy of the samples. */
    public short[] samples() {
        return samples.clone();
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    /** Exact duration (samples / 8000 s). */
    public Duration duration() {
        return Duration.ofNanos(samples.length * 1_000_000_000L / SAMPLE_RATE);
    }

    /** Number of 20 ms frames; the last one is zero-padded when the length is not a multiple of 160. */
    public int frames() {
        return (samples.length + FRAME_SAMPLES - 1) / FRAME_SAMPLES;
    }

    /**
     * Copies frame {@code index} into {@code out[0..160)}, zero-padding past the end. Allocates nothing.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, frames())}
     * @throws IllegalArgumentException if {@code out} is shorter than 160
     */
    public void frame(int index, short[] out) {
        if (index < 0 || index >= frames()) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frames());
        }
        if (out.length < FRAME_SAMPLES) {
            throw new IllegalArgumentException("frame buffer has " + out.length + " samples, needs " + FRAME_SAMPLES);
        }
        int from = index * FRAME_SAMPLES;
        int n = Math.min(FRAME_SAMPLES, samples.length - from);
        System.arraycopy(samples, from, out, 0, n);
        Arrays.fill(out, n, FRAME_SAMPLES, (short) 0);
    }

    @Override
    public String toString() {
        return "Prompt[" + samples.length + " samples, " + duration().toMillis() + " ms]";
    }
}
