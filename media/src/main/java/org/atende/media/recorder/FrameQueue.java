package org.atende.media.recorder;

/**
 * The jitter queue of one recorded channel: a FIFO of samples cut into 20 ms frames on the way out.
 *
 * <p>Packets of any size from 80 to 480 samples are appended as they come; {@link #poll} takes the
 * oldest whole frame. At most {@code depth} whole frames (plus a partial one) are kept: beyond that the
 * oldest frame is dropped, which absorbs a sender whose clock runs faster than the media clock. Frames
 * leave only whole, in arrival order, so audio is never split or reordered.
 *
 * <p>Preallocated; nothing allocates after construction. Not thread-safe: owned by the call's event
 * loop, like the {@link CallRecorder} that holds it.
 */
final class FrameQueue {

    static final int FRAME = FrameRing.FRAME;

    private final short[] buf;
    private final int limit;
    private int head;
    private int size;

    /**
     * @param depth whole frames kept before the oldest is dropped
     * @param maxOffer largest number of samples one {@link #offer} may append
     */
    FrameQueue(int depth, int maxOffer) {
        this.limit = (depth + 1) * FRAME;
        int frames = depth + 1 + (maxOffer + FRAME - 1) / FRAME;
        this.buf = new short[frames * FRAME];
    }

    /**
     * Appends {@code n} samples ({@code n <= maxOffer}); returns how many old frames were dropped to keep
     * at most {@code depth} whole frames.
     */
    int offer(short[] pcm, int offset, int n) {
        int tail = (head + size) % buf.length;
        int first = Math.min(n, buf.length - tail);
        System.arraycopy(pcm, offset, buf, tail, first);
        System.arraycopy(pcm, offset + first, buf, 0, n - first);
        size += n;
        int dropped = 0;
        while (size >= limit) {
            skip();
            dropped++;
        }
        return dropped;
    }

    /** Copies the oldest whole frame to {@code dst[offset..offset+160)}; false (and no copy) if none. */
    boolean poll(short[] dst, int offset) {
        if (size < FRAME) {
            return false;
        }
        // head only moves by whole frames and buf is a whole number of frames: a frame never wraps.
        System.arraycopy(buf, head, dst, offset, FRAME);
        skip();
        return true;
    }

    /** Discards the oldest whole frame; false if none. */
    boolean skip() {
        if (size < FRAME) {
            return false;
        }
        head = (head + FRAME) % buf.length;
        size -= FRAME;
        return true;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    /** Samples queued, whole frames and the partial one. */
    int size() {
        return size;
    }
}
