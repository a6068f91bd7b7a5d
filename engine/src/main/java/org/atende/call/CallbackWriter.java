package org.atende.call;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.atende.call.CallbackStore.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coalescing writer behind {@link CallbackStore}: one writer task at a time on the I/O executor writes the whole
 * current snapshot; changes made while it writes mark it dirty for one more write. A failed write, or an I/O
 * executor refusing the task, is tried again with a backoff from {@code firstRetry} doubling up to
 * {@code maxRetry}; {@link #close} waits for the writes in flight. The store's Javadoc tells the contract.
 *
 * <p>Its state is guarded by the store's lock, which it shares: the store changes its map and calls
 * {@link #changed} in one critical section, and the writer takes the snapshot and the futures it covers in another,
 * so that a future never completes before a snapshot containing its change is on disk. Its lines log under
 * {@link CallbackStore}'s logger, the store's for the operator.
 */
final class CallbackWriter {

    private static final Logger log = LoggerFactory.getLogger(CallbackStore.class);
    /** While closing, a failed write is tried again this often at most. */
    private static final Duration CLOSING_RETRY = Duration.ofMillis(250);

    private final Object lock;
    private final Supplier<List<Pending>> snapshotSource;
    private final Path file;
    private final Executor io;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final Duration closeTimeout;
    private final CallbackStore.FileWrite fileWrite;
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    // all guarded by lock
    /** Futures of the changes no write in progress contains. */
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    /** The map changed since the last snapshot was taken. */
    private boolean dirty;
    /** A writer task is queued or running. */
    private boolean writing;
    private boolean retryScheduled;
    /** Identifies the scheduled retry, so that {@link #close} can supersede it. */
    private long retryToken;
    private Duration nextRetry;
    private int failureStreak;
    private boolean closing;
    private boolean closed;

    /**
     * @param lock           the store's lock, guarding its map and this writer's state
     * @param snapshotSource the pending callbacks now; called holding {@code lock}
     */
    CallbackWriter(Object lock, Supplier<List<Pending>> snapshotSource, Path file, Executor io, Duration firstRetry,
                   Duration maxRetry, Duration closeTimeout, CallbackStore.FileWrite fileWrite) {
        this.lock = lock;
        this.snapshotSource = snapshotSource;
        this.file = file;
        this.io = io;
        this.firstRetry = Objects.requireNonNull(firstRetry, "firstRetry");
        this.maxRetry = Objects.requireNonNull(maxRetry, "maxRetry");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
        this.fileWrite = Objects.requireNonNull(fileWrite, "fileWrite");
        this.nextRetry = firstRetry;
    }

    long writeFailures() {
        return writeFailures.get();
    }

    long writes() {
        return writes.get();
    }

    /** Holding {@code lock}: changes are refused once this is true. */
    boolean closed() {
        return closed;
    }

    /** Holding {@code lock}: the map changed; {@code done} completes once a snapshot with the change is on disk. */
    void changed(CompletableFuture<Void> done) {
        waiting.add(done);
        rewrite();
    }

    /** Holding {@code lock}: the file wants the current snapshot, though nobody waits for it (a load's repair). */
    void rewrite() {
        dirty = true;
        startWriterIfIdle();
    }

    /**
     * Waits up to the close timeout for the changes not yet on disk, retrying a failed write at once; then refuses
     * further writes and fails the futures still waiting. Blocks; not on the I/O executor.
     */
    void close() {
        List<CompletableFuture<Void>> abandoned;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closing = true;
            if (retryScheduled) {
                retryScheduled = false;
                retryToken++;
                startWriterIfIdle();
            }
            long deadline = System.nanoTime() + closeTimeout.toNanos();
            while (writing || dirty) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            closed = true;
            retryToken++;
            abandoned = waiting;
            waiting = new ArrayList<>();
            if (dirty || writing) {
                log.warn("Stopping before the latest changes to the {} pending callbacks reached the disk (waited {});"
                        + " {} keeps the last snapshot written", snapshotSource.get().size(), closeTimeout, file);
            }
        }
        IOException notWritten = new IOException("callback store closed before the change reached " + file);
        abandoned.forEach(f -> f.completeExceptionally(notWritten));
    }

    /** Holding {@code lock}. During a failure streak a change waits for the scheduled retry. */
    private void startWriterIfIdle() {
        if (writing || retryScheduled || !dirty || closed) {
            return;
        }
        writing = true;
        try {
            io.execute(this::writeSnapshot);
        } catch (RejectedExecutionException e) {
            writing = false;
            Duration delay = retryDelay();
            log.debug("I/O executor refused the callbacks write to {}; asking again in {}: {}", file, delay,
                    e.getMessage());
            scheduleRetry(delay);
            lock.notifyAll();
        }
    }

    /** Runs on the I/O executor: writes the current snapshot, then starts one more write if it changed meanwhile. */
    private void writeSnapshot() {
        List<Pending> snapshot;
        List<CompletableFuture<Void>> covered;
        synchronized (lock) {
            snapshot = snapshotSource.get();
            covered = waiting;
            waiting = new ArrayList<>();
            dirty = false;
        }
        try {
            fileWrite.write(file, CallbackFile.encode(snapshot));
            writes.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failed(snapshot.size(), covered, e);
            return;
        }
        covered.forEach(f -> f.complete(null));
        int streak;
        synchronized (lock) {
            writing = false;
            streak = failureStreak;
            failureStreak = 0;
            nextRetry = firstRetry;
            startWriterIfIdle();
            lock.notifyAll();
        }
        if (streak > 0) {
            log.info("Callbacks file {} written again after {} failed attempts; {} pending callbacks on disk", file,
                    streak, snapshot.size());
        }
    }

    /** On the I/O executor: the snapshot's futures wait for the retry, which writes the then current snapshot. */
    private void failed(int size, List<CompletableFuture<Void>> covered, Exception e) {
        writeFailures.incrementAndGet();
        boolean first;
        boolean gaveUp;
        Duration delay;
        synchronized (lock) {
            gaveUp = closed;
            first = failureStreak++ == 0;
            delay = retryDelay();
            writing = false;
            if (!gaveUp) {
                covered.addAll(waiting);
                waiting = covered;
                dirty = true;
                scheduleRetry(delay);
            }
            lock.notifyAll();
        }
        if (gaveUp) {
            IOException notWritten = new IOException("writing " + file + " failed after the store closed", e);
            covered.forEach(f -> f.completeExceptionally(notWritten));
        }
        if (first) {
            log.warn("Cannot write {} pending callbacks to {} ({}); retrying from every {} up to every {} until it works",
                    size, file, e.toString(), delay, maxRetry);
        } else {
            log.debug("Writing {} pending callbacks to {} failed again ({}); next try in {}", size, file, e.toString(),
                    delay);
        }
    }

    /**
     * Holding {@code lock}. The JDK's delayed executor times the retry; its task only takes the lock and hands the
     * write to the I/O executor.
     */
    private void scheduleRetry(Duration delay) {
        if (retryScheduled || closed) {
            return;
        }
        retryScheduled = true;
        long token = ++retryToken;
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            synchronized (lock) {
                if (token != retryToken) {
                    return;
                }
                retryScheduled = false;
                startWriterIfIdle();
            }
        });
    }

    /** Holding {@code lock}: the delay before the next try, and the backoff advanced. */
    private Duration retryDelay() {
        Duration delay = closing ? min(firstRetry, CLOSING_RETRY) : nextRetry;
        nextRetry = min(nextRetry.multipliedBy(2), maxRetry);
        return delay;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
