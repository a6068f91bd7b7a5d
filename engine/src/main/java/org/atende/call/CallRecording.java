package org.atende.call;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.atende.media.recorder.CallRecorder;
import org.atende.media.recorder.RecordingResult;
import org.atende.media.session.MediaSession;

/**
 * The recording of one call's anchored media: a stereo file named after the call (the caller left, what the caller
 * hears right), fed by the session's recording tap and written by the engine's recording writer; paused while the
 * caller gives personal data (LGPD). At most one per call. Runs on the call's event loop only.
 */
final class CallRecording {

    /** Opens the recording files; null when the call cannot be recorded. */
    private final CallMedia.Recordings recordings;
    private CallRecorder recorder;

    CallRecording(CallMedia.Recordings recordings) {
        this.recordings = recordings;
    }

    /** Starts recording {@code session} into a file in {@code directory}; once per call. */
    void start(MediaSession session, Path directory) {
        if (recordings == null || recorder != null || session.closed()) {
            return;
        }
        CallRecorder r = recordings.open(session.callId(), directory);
        recorder = r;
        session.record(new MediaSession.RecordingTap() {
            @Override
            public void caller(short[] pcm, int samples) {
                r.offer(CallRecorder.Channel.LEFT, pcm, 0, samples);
            }

            @Override
            public void heard(short[] pcm, int samples) {
                r.offer(CallRecorder.Channel.RIGHT, pcm, 0, samples);
            }

            @Override
            public void tick() {
                r.tick();
            }

            @Override
            public void close() {
                r.stop();
            }
        });
    }

    /** Pauses the recording (silence is written meanwhile); false when nothing is being recorded. */
    boolean pause() {
        if (recorder == null || recorder.isStopped()) {
            return false;
        }
        recorder.pause();
        return true;
    }

    boolean resume() {
        if (recorder == null || recorder.isStopped()) {
            return false;
        }
        recorder.resume();
        return true;
    }

    /** The recording's outcome, once its file is complete; null when the call was not recorded. */
    CompletableFuture<RecordingResult> result() {
        return recorder == null ? null : recorder.result();
    }
}
