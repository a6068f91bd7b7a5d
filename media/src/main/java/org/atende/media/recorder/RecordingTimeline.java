package org.atende.media.recorder;

import java.util.ArrayList;
import java.util.List;

/**
 * One recording's timeline as the writer thread consumes it, for its {@link RecordingResult}: the 20 ms ticks so
 * far, the frames lost to the backlog, each channel's audio and silence frames, and the pauses. Writer thread only.
 */
final class RecordingTimeline {

    long ticks;
    long backlogDrops;
    long leftAudio;
    long rightAudio;
    long leftSilence;
    long rightSilence;
    private long pauseStart = -1;
    final List<RecordingResult.Pause> pauses = new ArrayList<>();

    /** Accounts for the next frame of the timeline. */
    void count(byte flags) {
        if ((flags & FrameRing.PAUSED) != 0) {
            if (pauseStart < 0) {
                pauseStart = ticks;
            }
        } else {
            endPause();
            if ((flags & FrameRing.LEFT_AUDIO) != 0) {
                leftAudio++;
            } else {
                leftSilence++;
            }
            if ((flags & FrameRing.RIGHT_AUDIO) != 0) {
                rightAudio++;
            } else {
                rightSilence++;
            }
        }
        ticks++;
    }

    /** Accounts for {@code gap} frames the ring dropped because the writer was behind (written as silence). */
    void lost(int gap) {
        ticks += gap;
        backlogDrops += gap;
    }

    void endPause() {
        if (pauseStart >= 0) {
            pauses.add(new RecordingResult.Pause(pauseStart, ticks));
            pauseStart = -1;
        }
    }
}
