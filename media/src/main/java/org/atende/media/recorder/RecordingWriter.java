package org.atende.media.recorder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
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
    private final CopyOnWriteArrayList<Track> tracks = new CopyOnWriteArrayList<>();
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
                Track t = new Track(callId, directory, new FrameRing(bufferFrames));
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
            for (Track t : tracks) {
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
    private boolean service(Track t, boolean shutdown) {
        try {
            FrameRing ring = t.ring;
            boolean stop = ring.stopRequested();
            long from = ring.consumed();
            long to = ring.published();
            if (to > from) {
                consume(t, from, to);
            }
            if (stop || shutdown) {
                finish(t, !stop);
                return true;
            }
            return to > from;
        } catch (RuntimeException e) {
            // A bug, not a disk error: fail this recording, keep serving the others.
            fail(t, new IOException("recording writer error", e));
            try {
                finish(t, true);
            } catch (RuntimeException again) {
                tracks.remove(t);
                t.ring.markClosed();
                RecordingResult.ChannelStats none = new RecordingResult.ChannelStats(0, 0, 0, 0);
                t.ring.result.complete(new RecordingResult(t.callId, t.file, 0, t.ticks, List.of(), none, none,
                        t.backlogDrops, true, t.failure));
            }
            return true;
        }
    }

    private void consume(Track t, long from, long to) {
        FrameRing ring = t.ring;
        long i = from;
        while (i < to) {
            int slot = ring.slot(i);
            int gap = ring.gapBefore[slot];
            if (gap > 0) {
                silence(t, gap);
            }
            long j = i + 1;
            while (j < to && ring.slot(j) != 0 && ring.gapBefore[ring.slot(j)] == 0) {
                j++;
            }
            int n = (int) (j - i);
            for (int k = 0; k < n; k++) {
                t.count(ring.flags[slot + k]);
            }
            frames(t, slot * FrameRing.FRAME, n * FrameRing.FRAME);
            ring.consumedUpTo(j);
            i = j;
        }
    }

    /** Accounts for and writes {@code gap} frames lost to the backlog as silence. */
    private void silence(Track t, int gap) {
        t.ticks += gap;
        t.backlogDrops += gap;
        if (!ensureOpen(t)) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            try {
                t.wav.writeSilence((long) gap * FrameRing.FRAME);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        fail(t, last);
    }

    private void frames(Track t, int offset, int samples) {
        if (!ensureOpen(t)) {
            return;
        }
        IOException last = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            try {
                t.wav.write(t.ring.left, offset, t.ring.right, offset, samples);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        fail(t, last);
    }

    /** Opens the file on first use; false if the recording has failed. */
    private boolean ensureOpen(Track t) {
        if (t.failure != null) {
            return false;
        }
        if (t.wav != null) {
            return true;
        }
        IOException last = null;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            try {
                Files.createDirectories(t.directory);
                t.wav = create(t);
                return true;
            } catch (IOException e) {
                last = e;
            }
        }
        fail(t, last);
        return false;
    }

    private WavWriter create(Track t) throws IOException {
        String base = RecordingPaths.baseName(t.callId);
        for (int n = 1; n <= NAME_ATTEMPTS; n++) {
            Path file = t.directory.resolve(n == 1 ? base + RecordingPaths.EXTENSION
                    : base + "-" + n + RecordingPaths.EXTENSION);
            FileChannel channel;
            try {
                channel = opener.create(file);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            t.file = file;
            try {
                return WavWriter.wrap(channel, 2);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }
        throw new FileAlreadyExistsException(t.directory.resolve(base + "-" + NAME_ATTEMPTS
                + RecordingPaths.EXTENSION).toString(), null, NAME_ATTEMPTS + " names taken");
    }

    private void fail(Track t, IOException cause) {
        if (t.failure != null) {
            return;
        }
        t.failure = cause;
        if (cause.getCause() instanceof RuntimeException bug) {
            log.error("Recording failed, the rest of the call is not recorded: {}: {}", t.file, cause, bug);
        } else {
            log.error("Recording failed, the rest of the call is not recorded: {}: {}", t.file, cause.toString());
        }
        if (t.wav != null) {
            try {
                t.wav.close();
            } catch (IOException | RuntimeException e) {
                log.debug("Closing failed recording {}: {}", t.file, e.toString());
            }
        }
    }

    private void finish(Track t, boolean forced) {
        FrameRing ring = t.ring;
        if (!forced && ring.trailingGap() > 0) {
            silence(t, ring.trailingGap());
        }
        t.endPause();
        if (ensureOpen(t)) {
            try {
                t.wav.close();
            } catch (IOException e) {
                fail(t, e);
            }
        }
        long frames = t.wav == null ? 0 : t.wav.samplesWritten() / FrameRing.FRAME;
        RecordingResult result = new RecordingResult(t.callId, t.file, frames, t.ticks, t.pauses,
                new RecordingResult.ChannelStats(t.leftAudio, t.leftSilence, ring.overflowLeft, ring.invalidLeft),
                new RecordingResult.ChannelStats(t.rightAudio, t.rightSilence, ring.overflowRight, ring.invalidRight),
                t.backlogDrops, forced, t.failure);
        tracks.remove(t);
        ring.markClosed();
        if (t.failure == null) {
            log.debug("Recording closed: {} ({} frames)", t.file, frames);
        }
        ring.result.complete(result);
    }

    /** A recording as the writer thread sees it. Writer thread only, except the ring. */
    private static final class Track {
        final String callId;
        final Path directory;
        final FrameRing ring;
        Path file;
        WavWriter wav;
        IOException failure;
        long ticks;
        long backlogDrops;
        long leftAudio;
        long rightAudio;
        long leftSilence;
        long rightSilence;
        long pauseStart = -1;
        final List<RecordingResult.Pause> pauses = new ArrayList<>();

        Track(String callId, Path directory, FrameRing ring) {
            this.callId = callId;
            this.directory = directory;
            this.ring = ring;
            this.file = directory.resolve(RecordingPaths.fileName(callId));
        }

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

        void endPause() {
            if (pauseStart >= 0) {
                pauses.add(new RecordingResult.Pause(pauseStart, ticks));
                pauseStart = -1;
            }
        }
    }
}
