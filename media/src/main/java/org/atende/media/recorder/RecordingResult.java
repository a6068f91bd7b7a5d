package org.atende.media.recorder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a finished recording left on disk and how it went, for the call's record.
 *
 * <p>Frame counts are 20 ms stereo frames. {@code ticks} is the timeline the recorder produced (one
 * frame per media-clock tick); {@code frames} is what reached the file. They are equal unless the disk
 * failed: frames the writer could not keep up with are written as silence and counted in
 * {@code backlogDrops}, so the file still spans the whole call.
 *
 * @param callId the call id as given to {@link RecordingWriter#open}, unsanitised
 * @param file the file written, or the one that could not be written
 * @param frames 20 ms stereo frames in the file
 * @param ticks 20 ms frames the recorder produced (the call's recorded duration)
 * @param pauses intervals recorded as silence on request (e.g. while a card number was keyed in)
 * @param left the caller's channel
 * @param right the other party's channel
 * @param backlogDrops frames lost because the writer was behind, filled with silence in the file
 * @param closedByShutdown true if {@link RecordingWriter#shutdown} closed it before {@link CallRecorder#stop}
 * @param failure why the file is incomplete, or null if it was written and closed completely
 */
public record RecordingResult(
        String callId,
        Path file,
        long frames,
        long ticks,
        List<Pause> pauses,
        ChannelStats left,
        ChannelStats right,
        long backlogDrops,
        boolean closedByShutdown,
        IOException failure) {

    /** Length of one frame. */
    public static final Duration FRAME = Duration.ofMillis(20);

    public RecordingResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        pauses = List.copyOf(pauses);
    }

    /** True if every frame reached the file and the header was finalised. */
    public boolean succeeded() {
        return failure == null;
    }

    /** Duration of the audio in the file. */
    public Duration duration() {
        return FRAME.multipliedBy(frames);
    }

    /**
     * Frames {@code [startFrame, endFrame)} were recorded as silence because recording was paused.
     * Frame {@code k} starts {@code k × 20 ms} into the recording.
     */
    public record Pause(long startFrame, long endFrame) {
        public Pause {
            if (startFrame < 0 || endFrame < startFrame) {
                throw new IllegalArgumentException("bad pause [" + startFrame + ", " + endFrame + ")");
            }
        }

        /** Offset of the pause from the start of the recording. */
        public Duration start() {
            return FRAME.multipliedBy(startFrame);
        }

        /** Offset of the end of the pause from the start of the recording. */
        public Duration end() {
            return FRAME.multipliedBy(endFrame);
        }

        public Duration length() {
            return FRAME.multipliedBy(endFrame - startFrame);
        }
    }

    /**
     * Counters of one channel.
     *
     * @param audioFrames frames in the file carrying this party's audio
     * @param silenceFrames frames filled with silence because no audio had arrived (loss, gaps, hold);
     *     paused frames are not counted here
     * @param overflowDrops frames dropped because more audio arrived than the media clock consumed
     *     (jitter bursts beyond the queue, a faster sender clock)
     * @param invalidOffers offers refused for their size or bounds
     */
    public record ChannelStats(long audioFrames, long silenceFrames, long overflowDrops, long invalidOffers) {
    }
}
