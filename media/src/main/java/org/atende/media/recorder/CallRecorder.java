package org.atende.media.recorder;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Records one call as a stereo timeline: the caller on the left channel, the other party on the right,
 * one 20 ms frame per media-clock tick.
 *
 * <p>Decoded audio of each leg arrives through {@link #offer} whenever its packets arrive (10 to 60 ms
 * each, early, late or in bursts). It waits in a per-channel queue of at most {@value #QUEUE_FRAMES}
 * frames; when full, the oldest frame is dropped and counted. {@link #tick} — called by the media clock
 * exactly every 20 ms — emits one stereo frame: for each channel the oldest queued frame, or silence if
 * none (loss, a gap, hold). The recording is therefore exactly as long as the call was recorded
 * ({@code ticks × 20 ms}), whatever the network did, and each channel's audio appears in the order it
 * arrived.
 *
 * <p>{@link #pause()} keeps sensitive audio (a card number being keyed or spoken) out of the file
 * (LGPD): while paused, audio is discarded and ticks emit silence, so the timeline stays aligned; the
 * paused intervals are reported in the {@link RecordingResult}.
 *
 * <p>Frames are handed to the {@link RecordingWriter} through a preallocated ring: {@link #offer} and
 * {@link #tick} allocate nothing and never block. If the writer is so far behind that the ring is full,
 * the frame is dropped, counted, and written later as silence. Bad input (wrong size, bounds) is dropped
 * and counted; no method throws for it.
 *
 * <p>Not thread-safe: owned by the call's event loop, which must make every call. Created by
 * {@link RecordingWriter#open}.
 */
public final class CallRecorder {

    /** The two channels of a recording. */
    public enum Channel {
        /** The caller. */
        LEFT,
        /** The other party (agent, extension, IVR). */
        RIGHT
    }

    /** Samples in one 20 ms frame at 8 kHz. */
    public static final int FRAME_SAMPLES = FrameRing.FRAME;
    /** Smallest accepted offer: 10 ms. */
    public static final int MIN_OFFER_SAMPLES = 80;
    /** Largest accepted offer: 60 ms. */
    public static final int MAX_OFFER_SAMPLES = 480;
    /** Whole frames queued per channel before the oldest is dropped. */
    public static final int QUEUE_FRAMES = 3;

    private final String callId;
    private final FrameRing ring;
    private final Runnable wakeWriter;
    private final FrameQueue leftQueue = new FrameQueue(QUEUE_FRAMES, MAX_OFFER_SAMPLES);
    private final FrameQueue rightQueue = new FrameQueue(QUEUE_FRAMES, MAX_OFFER_SAMPLES);
    private boolean paused;
    private boolean stopped;
    private long ticks;
    private long pausedFrames;
    private long leftAudio;
    private long rightAudio;
    private long leftSilence;
    private long rightSilence;
    private int pendingGap;

    CallRecorder(String callId, FrameRing ring, Runnable wakeWriter) {
        this.callId = callId;
        this.ring = ring;
        this.wakeWriter = wakeWriter;
    }

    /** The call id given to {@link RecordingWriter#open}. */
    public String callId() {
        return callId;
    }

    /**
     * Queues decoded audio of one leg: {@code pcm[offset..offset+samples)}, 16-bit linear at 8 kHz,
     * {@value #MIN_OFFER_SAMPLES} to {@value #MAX_OFFER_SAMPLES} samples. The samples are copied; the
     * array may be reused as soon as this returns. Ignored after {@link #stop()} and while paused;
     * counted in {@link #invalidOffers} and ignored if out of bounds or size.
     */
    public void offer(Channel ch, short[] pcm, int offset, int samples) {
        if (stopped || ch == null) {
            return;
        }
        boolean left = ch == Channel.LEFT;
        if (pcm == null || samples < MIN_OFFER_SAMPLES || samples > MAX_OFFER_SAMPLES
                || offset < 0 || offset > pcm.length - samples) {
            if (left) {
                ring.invalidLeft++;
            } else {
                ring.invalidRight++;
            }
            return;
        }
        if (paused) {
            return;
        }
        int dropped = (left ? leftQueue : rightQueue).offer(pcm, offset, samples);
        if (dropped > 0) {
            if (left) {
                ring.overflowLeft += dropped;
            } else {
                ring.overflowRight += dropped;
            }
        }
    }

    /**
     * Emits one stereo frame to the writer: the oldest queued frame of each channel or silence. Called by
     * the media clock every 20 ms while the recording runs; ignored after {@link #stop()}.
     */
    public void tick() {
        if (stopped) {
            return;
        }
        ticks++;
        if (ring.closed()) {
            leftQueue.skip();
            rightQueue.skip();
            return;
        }
        int slot = ring.claim();
        if (slot < 0) {
            leftQueue.skip();
            rightQueue.skip();
            pendingGap++;
            ring.writerDrops++;
            wakeWriter.run();
            return;
        }
        int offset = slot * FRAME_SAMPLES;
        boolean l = fill(leftQueue, ring.left, offset);
        boolean r = fill(rightQueue, ring.right, offset);
        countAudio(l, r);
        byte flags = (byte) ((l ? FrameRing.LEFT_AUDIO : 0) | (r ? FrameRing.RIGHT_AUDIO : 0)
                | (paused ? FrameRing.PAUSED : 0));
        ring.publish(flags, pendingGap);
        pendingGap = 0;
        if (ring.backlog() * 2 >= ring.capacity) {
            wakeWriter.run();
        }
    }

    private static boolean fill(FrameQueue queue, short[] dst, int offset) {
        if (queue.poll(dst, offset)) {
            return true;
        }
        Arrays.fill(dst, offset, offset + FRAME_SAMPLES, (short) 0);
        return false;
    }

    private void countAudio(boolean left, boolean right) {
        if (paused) {
            pausedFrames++;
            return;
        }
        if (left) {
            leftAudio++;
        } else {
            leftSilence++;
        }
        if (right) {
            rightAudio++;
        } else {
            rightSilence++;
        }
    }

    /**
     * Starts recording silence instead of audio, from the next tick on. Audio already queued and audio
     * offered while paused is discarded. No effect if already paused or stopped.
     */
    public void pause() {
        if (stopped || paused) {
            return;
        }
        paused = true;
        leftQueue.clear();
        rightQueue.clear();
    }

    /** Records audio again from the next tick on. No effect unless paused. */
    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * Ends the recording after the frames ticked so far; the writer finalises the file and completes
     * {@link #result()}. Idempotent; later offers and ticks are ignored.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        leftQueue.clear();
        rightQueue.clear();
        ring.requestStop(pendingGap);
        wakeWriter.run();
    }

    public boolean isStopped() {
        return stopped;
    }

    /**
     * Completed by the writer when the file is closed, normally after {@link #stop()}, or at writer
     * shutdown. Never completed exceptionally: failures are in {@link RecordingResult#failure()}.
     * Dependent actions run on the writer thread unless given an executor (use the call's loop).
     */
    public CompletableFuture<RecordingResult> result() {
        return ring.result;
    }

    /** Frames emitted so far: the recorded duration in 20 ms units. */
    public long ticks() {
        return ticks;
    }

    /**
     * Frames handed to the writer as paused. For frames handed over, {@code audioFrames(ch) +
     * silenceFrames(ch) + pausedFrames()} counts each once; with {@link #backlogDrops()} they add up to
     * {@link #ticks()} until the writer closes the recording.
     */
    public long pausedFrames() {
        return pausedFrames;
    }

    /** Frames of {@code ch} handed to the writer with audio. */
    public long audioFrames(Channel ch) {
        return ch == Channel.LEFT ? leftAudio : rightAudio;
    }

    /** Frames of {@code ch} handed to the writer as silence because no audio was queued (not paused). */
    public long silenceFrames(Channel ch) {
        return ch == Channel.LEFT ? leftSilence : rightSilence;
    }

    /** Frames of {@code ch} dropped because its queue was full. */
    public long overflowDrops(Channel ch) {
        return ch == Channel.LEFT ? ring.overflowLeft : ring.overflowRight;
    }

    /** Offers of {@code ch} refused for their size or bounds. */
    public long invalidOffers(Channel ch) {
        return ch == Channel.LEFT ? ring.invalidLeft : ring.invalidRight;
    }

    /** Frames dropped because the writer was behind (written later as silence). */
    public long backlogDrops() {
        return ring.writerDrops;
    }

    /** Samples queued on {@code ch}, for tests. */
    int queuedSamples(Channel ch) {
        return (ch == Channel.LEFT ? leftQueue : rightQueue).size();
    }
}
