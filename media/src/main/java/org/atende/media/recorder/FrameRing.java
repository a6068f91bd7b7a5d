package org.atende.media.recorder;

import java.util.concurrent.CompletableFuture;

/**
 * The hand-off between one {@link CallRecorder} (producer, the call's event loop) and the
 * {@link RecordingWriter} (consumer, the writer thread): a single-producer single-consumer ring of
 * stereo 20 ms frames, preallocated, so handing a frame over allocates nothing and never blocks.
 *
 * <p>The producer fills slot {@code published % capacity} in place and then advances {@code published}
 * (a volatile write, which publishes the samples); the consumer writes slots up to {@code published} to
 * disk and then advances {@code consumed}, which frees them. A full ring means the disk is behind: the
 * producer drops the frame and tells the consumer, through {@link #gapBefore} of the next published
 * frame (or the trailing gap at stop), how many frames to fill with silence so the timeline stays whole.
 *
 * <p>Each slot also carries flags (which channels had audio, whether recording was paused) from which
 * the consumer derives the per-channel counts and pause intervals of the result. Rare events (queue
 * overflow, invalid offers, ring-full drops) are counted in volatile fields written only by the producer.
 */
final class FrameRing {

    static final int FRAME = 160;
    static final byte LEFT_AUDIO = 1;
    static final byte RIGHT_AUDIO = 2;
    static final byte PAUSED = 4;

    final int capacity;
    final short[] left;
    final short[] right;
    final byte[] flags;
    final int[] gapBefore;
    final CompletableFuture<RecordingResult> result = new CompletableFuture<>();

    private volatile long published;
    private volatile long consumed;
    private volatile boolean stopRequested;
    private volatile int trailingGap;
    private volatile boolean closed;

    // Written by the producer only (single writer), read by the consumer and by getters.
    volatile long overflowLeft;
    volatile long overflowRight;
    volatile long invalidLeft;
    volatile long invalidRight;
    volatile long writerDrops;

    FrameRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
        this.left = new short[capacity * FRAME];
        this.right = new short[capacity * FRAME];
        this.flags = new byte[capacity];
        this.gapBefore = new int[capacity];
    }

    int slot(long index) {
        return (int) (index % capacity);
    }

    // ---- producer (event loop) ----

    /** The slot the next frame goes into, or -1 if the ring is full. */
    int claim() {
        long p = published;
        return p - consumed >= capacity ? -1 : slot(p);
    }

    /** Frames published but not yet consumed. */
    int backlog() {
        return (int) (published - consumed);
    }

    /** Publishes the frame in the slot returned by {@link #claim()}. */
    void publish(byte frameFlags, int gap) {
        long p = published;
        int s = slot(p);
        flags[s] = frameFlags;
        gapBefore[s] = gap;
        published = p + 1;
    }

    /** Asks the consumer to finish the recording after the published frames and {@code gap} silent ones. */
    void requestStop(int gap) {
        trailingGap = gap;
        stopRequested = true;
    }

    // ---- consumer (writer thread) ----

    long published() {
        return published;
    }

    long consumed() {
        return consumed;
    }

    void consumedUpTo(long index) {
        consumed = index;
    }

    /** Read before {@link #published()}, so that a stop seen implies every frame before it is seen. */
    boolean stopRequested() {
        return stopRequested;
    }

    int trailingGap() {
        return trailingGap;
    }

    void markClosed() {
        closed = true;
    }

    /** Whether the consumer has finished the recording (normally or at shutdown). */
    boolean closed() {
        return closed;
    }
}
