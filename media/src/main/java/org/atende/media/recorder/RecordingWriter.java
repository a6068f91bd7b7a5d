package org.atende.media.recorder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the recordings of the whole engine to disk, off the event loops, on one dedicated thread.
 *
 * <p>Each recording started with {@link #open} gets a bounded ring of {@code bufferFrames} frames
 * between its {@link CallRecorder} and this writer; the thread wakes every
 * {@value #IDLE_PARK_MILLIS} ms (sooner when a ring fills up or a recording stops), appends every
 * recording's new frames to its {@link WavWriter} in order, and finalises the files of stopped
 * recordings. Event loops never wait for the disk: when a ring is full the frame is dropped, counted,
 * and replaced by silence once the writer catches up, so the file still spans the call.
 *
 * <p>Files are created (with their parent directories) in the directory given to {@link #open}, named
 * by {@link RecordingPaths#fileName} from the call id; an existing file is never overwritten (a
 * {@code -2}, {@code -3}, … suffix is added). A failed write is retried {@value #WRITE_ATTEMPTS} times
 * in all; after that the recording is marked failed, one ERROR line names the file and the cause, the
 * rest of its audio is discarded, and the failure is reported in its {@link RecordingResult}. Nothing is
 * thrown to the event loops.
 *
 * <p>This class runs the thread and the list of recordings; each recording's file, writes, failure and
 * result are its {@link RecordingTrack}'s, whose counts are kept by a {@link RecordingTimeline}.
 *
 * <p>{@link #open} and {@link #shutdown} may be called from any thread.
 */
public final class RecordingWriter {

    /** Default ring size per recording: one second of audio the disk may fall behind by. */
    public static final int DEFAULT_BUFFER_FRAMES = 50;
    /** How often the writer looks for new frames when nobody wakes it. */
    public static final long IDLE_PARK_MILLIS = 40;
    /** Attempts per write (the first one and two retries). */
    public static final int WRITE_ATTEMPTS = 3;
    /** Names tried for one call id ({@code id.wav}, {@code id-2.wav}, …) before giving up. */
    static final int NAME_ATTEMPTS = 1000;

    private static final Logger log = LoggerFactory.getLogger(RecordingWriter.class);

    /** Opens a new file for writing; fails with {@link FileAlreadyExistsException} if it exists. */
    @FunctionalInterface
    interface FileOpener {
        FileChannel create(Path file) throws IOException;
    }

    private final int bufferFrames;
    private final FileOpener opener;
    private final CopyOnWriteArrayList<RecordingTrack> tracks = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Runnable wake = this::wake;
    private Thread thread;
    private volatile boolean shuttingDown;

    private RecordingWriter(int bufferFrames, FileOpener opener) {
        if (bufferFrames < 1) {
            throw new IllegalArgumentException("bufferFrames " + bufferFrames + " < 1");
        }
        this.bufferFrames = bufferFrames;
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Starts a writer on a daemon thread named {@code atende-recording-writer}, with default buffers. */
    public static RecordingWriter start() {
        return start(r -> {
            Thread t = new Thread(r, "atende-recording-writer");
            t.setDaemon(true);
            return t;
        }, DEFAULT_BUFFER_FRAMES);
    }

    /**
     * Starts a writer on a thread made by {@code threadFactory} (make it a daemon).
     *
     * @param bufferFrames frames each recording may be ahead of the disk before frames are dropped
     */
    public static RecordingWriter start(ThreadFactory threadFactory, int bufferFrames) {
        return start(threadFactory, bufferFrames,
                file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    static RecordingWriter start(ThreadFactory threadFactory, int bufferFrames, FileOpener opener) {
        RecordingWriter w = new RecordingWriter(bufferFrames, opener);
        Thread t = threadFactory.newThread(w::run);
        if (t == null) {
            throw new IllegalStateException("thread factory returned null");
        }
        w.thread = t;
        t.start();
        return w;
    }

    /**
     * Starts recording a call into {@code directory} (created if missing when the first frame is
     * written). Cheap and non-blocking: the file is created on the writer thread. After
     * {@link #shutdown} the returned recorder is already closed and its result reports the failure.
     *
     * @param callId the call's id; any string, it is sanitised for the file name
     * @param directory where the file goes, e.g. {@code RecordingPaths.dailyDirectory(root, today)}
     * @return the recorder, owned from now on by the calling event loop
     */
    public CallRecorder open(String callId, Path directory) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(directory, "directory");
        synchronized (lock) {
            if (!shuttingDown) {
                RecordingTrack t = new RecordingTrack(callId, directory, new FrameRing(bufferFrames), opener);
                tracks.add(t);
                return new CallRecorder(callId, t.ring, wake);
            }
        }
        FrameRing ring = new FrameRing(1);
        ring.markClosed();
        Path file = directory.resolve(RecordingPaths.fileName(callId));
        RecordingResult.ChannelStats none = new RecordingResult.ChannelStats(0, 0, 0, 0);
        ring.result.complete(new RecordingResult(callId, file, 0, 0, List.of(), none, none, 0, true,
                new IOException("recording writer is shut down; not recorded: " + file)));
        return new CallRecorder(callId, ring, () -> { });
    }

    /** Recordings opened and not yet finalised. */
    public int activeRecordings() {
        return tracks.size();
    }

    /**
     * Finalises every recording and stops the writer thread: frames already handed over are written,
     * recordings whose {@link CallRecorder#stop()} has not been called are closed as they are
     * ({@link RecordingResult#closedByShutdown()}), and later {@link #open} calls get closed recorders.
     * Waits at most {@code timeout}; returns whether the thread finished. Call it after the calls have
     * been ended, never from an event loop or the writer thread.
     */
    public boolean shutdown(Duration timeout) {
        synchronized (lock) {
            shuttingDown = true;
        }
        if (Thread.currentThread() == thread) {
            return false;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private void wake() {
        LockSupport.unpark(thread);
    }

    // ---- writer thread ----

    private void run() {
        while (true) {
            boolean shutdown = shuttingDown;
            boolean worked = false;
            for (RecordingTrack t : tracks) {
                worked |= service(t, shutdown);
            }
            if (shutdown) {
                synchronized (lock) {
                    if (tracks.isEmpty()) {
                        return;
                    }
                }
            }
            if (!worked) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(IDLE_PARK_MILLIS));
            }
        }
    }

    /** Writes the new frames of one recording and finalises it if stopped; true if there was work. */
    private boolean service(RecordingTrack t, boolean shutdown) {
        try {
            FrameRing ring = t.ring;
            boolean stop = ring.stopRequested();
            long from = ring.consumed();
            long to = ring.published();
            if (to > from) {
                t.consume(from, to);
            }
            if (stop || shutdown) {
                finish(t, !stop);
                return true;
            }
            return to > from;
        } catch (RuntimeException e) {
            // A bug, not a disk error: fail this recording, keep serving the others.
            t.fail(new IOException("recording writer error", e));
            try {
                finish(t, true);
            } catch (RuntimeException again) {
                tracks.remove(t);
                t.ring.markClosed();
                t.ring.result.complete(t.abandoned());
            }
            return true;
        }
    }

    private void finish(RecordingTrack t, boolean forced) {
        RecordingResult result = t.close(forced);
        tracks.remove(t);
        t.ring.markClosed();
        if (!t.failed()) {
            log.debug("Recording closed: {} ({} frames)", result.file(), result.frames());
        }
        t.ring.result.complete(result);
    }
}
