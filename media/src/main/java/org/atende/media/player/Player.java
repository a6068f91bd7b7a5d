package org.atende.media.player;

import java.util.Arrays;

/**
 * Plays a {@link Playback} one 20 ms frame at a time, driven by the media clock. It only produces samples;
 * the media session encodes and sends them on the leg. Allocation-free per frame.
 *
 * <p>Not thread-safe: owned by the call's event loop.
 */
public final class Player {

    private final Playback playback;
    private int item;
    private int frame;
    private ToneGenerator tone;
    private long framesPlayed;
    private boolean done;

    public Player(Playback playback) {
        this.playback = playback;
    }

    public Playback playback() {
        return playback;
    }

    /**
     * Fills {@code out[0..160)} with the next frame.
     *
     * @return false when the playback has ended (nothing was written)
     */
    public boolean next(short[] out) {
        while (!done) {
            Playback.Item current = playback.items().get(item);
            if (current instanceof Playback.PromptItem p) {
                if (frame < p.prompt().frames()) {
                    p.prompt().frame(frame++, out);
                    framesPlayed++;
                    return true;
                }
            } else if (current instanceof Playback.ToneItem t) {
                if (frame < t.frames()) {
                    if (frame == 0) {
                        tone = t.tone().get();
                    }
                    frame++;
                    tone.next(out);
                    framesPlayed++;
                    return true;
                }
            } else if (current instanceof Playback.SilenceItem s) {
                if (frame < s.frames()) {
                    frame++;
                    Arrays.fill(out, 0, Prompt.FRAME_SAMPLES, (short) 0);
                    framesPlayed++;
                    return true;
                }
            }
            advance();
        }
        return false;
    }

    private void advance() {
        frame = 0;
        tone = null;
        item++;
        if (item == playback.items().size()) {
            if (playback.loop()) {
                item = 0;
            } else {
                done = true;
            }
        }
    }

    public boolean done() {
        return done;
    }

    /** Stops the playback (barge-in, a new command): {@link #next} returns false from now on. */
    public void stop() {
        done = true;
    }

    public long framesPlayed() {
        return framesPlayed;
    }
}
