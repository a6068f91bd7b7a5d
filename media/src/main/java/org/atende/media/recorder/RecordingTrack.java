package org.atende.media.recorder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording as the {@link RecordingWriter} thread sees it: its file, created on first use under the first
 * name not taken; the new frames from its ring, and the backlog's silence, appended with
 * {@value RecordingWriter#WRITE_ATTEMPTS} attempts each; the failure that ends it (one ERROR line); and the
 * {@link RecordingResult} it is closed with. Writer thread only, except the ring.
 */
final class RecordingTrack {

    /** The writer's logger: its lines are the writer's. */
    private static final Logger log = LoggerFactory.getLogger(RecordingWriter.class);

    private final String callId;
    private final Path directory;
    final FrameRing ring;
    private final RecordingWriter.FileOpener opener;
    private final RecordingTimeline timeline = new RecordingTimeline();
    private Path file;
    private WavWriter wav;
    private IOException failure;

    RecordingTrack(String callId, Path directory, FrameRing ring, RecordingWriter.FileOpener opener) {
        this.callId = callId;
        this.directory = directory;
        this.ring = ring;
        this.opener = opener;
        this.file = directory.resolve(RecordingPaths.fileName(callId));
    }

    /** Writes the ring's frames {@code [from, to)}, with the silence of the frames dropped before them. */
    void consume(long from, long to) {
        long i = from;
        while (i < to) {
            int slot = ring.slot(i);
            int gap = ring.gapBefore[slot];
            if (gap > 0) {
                silence(gap);
            }
            long j = i + 1;
            while (j < to && ring.slot(j) != 0 && ring.gapBefore[ring.slot(j)] == 0) {
                j++;
            }
            int n = (int) (j - i);
            for (int k = 0; k < n; k++) {
                timeline.count(ring.flags[slot + k]);
            }
            frames(slot * FrameRing.FRAME, n * FrameRing.FRAME);
            ring.consumedUpTo(j);
            i = j;
        }
    }

    /** Accounts for and writes {@code gap} frames lost to the backlog as silence. */
    private void silence(int gap) {
        timeline.lost(gap);
        if (!ensureOpen()) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < RecordingWriter.WRITE_ATTEMPTS; attempt++) {
            try {
                wav.writeSilence((long) gap * FrameRing.FRAME);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        fail(last);
    }

    private void frames(int offset, int samples) {
        if (!ensureOpen()) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < RecordingWriter.WRITE_ATTEMPTS; attempt++) {
            try {
                wav.write(ring.left, offset, ring.right, offset, samples);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        fail(last);
    }

    /** Opens the file on first use; false if the recording has failed. */
    private boolean ensureOpen() {
        if (failure != null) {
            return false;
        }
        if (wav != null) {
            return true;
        }
        IOException last = null;
        for (int attempt = 0; attempt < RecordingWriter.WRITE_ATTEMPTS; attempt++) {
            try {
                Files.createDirectories(directory);
                wav = create();
                return true;
            } catch (IOException e) {
                last = e;
            }
        }
        fail(last);
        return false;
    }

    private WavWriter create() throws IOException {
        String base = RecordingPaths.baseName(callId);
        for (int n = 1; n <= RecordingWriter.NAME_ATTEMPTS; n++) {
            Path file = directory.resolve(n == 1 ? base + RecordingPaths.EXTENSION
                    : base + "-" + n + RecordingPaths.EXTENSION);
            FileChannel channel;
            try {
                channel = opener.create(file);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            this.file = file;
            try {
                return WavWriter.wrap(channel, 2);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }
        throw new FileAlreadyExistsException(directory.resolve(base + "-" + RecordingWriter.NAME_ATTEMPTS
                + RecordingPaths.EXTENSION).toString(), null, RecordingWriter.NAME_ATTEMPTS + " names taken");
    }

    /** The recording failed: the first cause is kept and logged, the file closed, the rest of the audio dropped. */
    void fail(IOException cause) {
        if (failure != null) {
            return;
        }
        failure = cause;
        if (cause.getCause() instanceof RuntimeException bug) {
            log.error("Recording failed, the rest of the call is not recorded: {}: {}", file, cause, bug);
        } else {
            log.error("Recording failed, the rest of the call is not recorded: {}: {}", file, cause.toString());
        }
        if (wav != null) {
            try {
                wav.close();
            } catch (IOException | RuntimeException e) {
                log.debug("Closing failed recording {}: {}", file, e.toString());
            }
        }
    }

    /**
     * Finalises the file ({@code forced}: by the shutdown, before the recorder stopped, so without the trailing
     * silence) and returns the result; the ring is the caller's to close.
     */
    RecordingResult close(boolean forced) {
        if (!forced && ring.trailingGap() > 0) {
            silence(ring.trailingGap());
        }
        timeline.endPause();
        if (ensureOpen()) {
            try {
                wav.close();
            } catch (IOException e) {
                fail(e);
            }
        }
        long frames = wav == null ? 0 : wav.samplesWritten() / FrameRing.FRAME;
        return new RecordingResult(callId, file, frames, timeline.ticks, timeline.pauses,
                new RecordingResult.ChannelStats(timeline.leftAudio, timeline.leftSilence, ring.overflowLeft,
                        ring.invalidLeft),
                new RecordingResult.ChannelStats(timeline.rightAudio, timeline.rightSilence, ring.overflowRight,
                        ring.invalidRight),
                timeline.backlogDrops, forced, failure);
    }

    /** The result when even {@link #close} failed: nothing known of the file. */
    RecordingResult abandoned() {
        RecordingResult.ChannelStats none = new RecordingResult.ChannelStats(0, 0, 0, 0);
        return new RecordingResult(callId, file, 0, timeline.ticks, List.of(), none, none, timeline.backlogDrops,
                true, failure);
    }

    boolean failed() {
        return failure != null;
    }
}
