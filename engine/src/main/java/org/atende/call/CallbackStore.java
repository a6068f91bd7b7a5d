package org.atende.call;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable copy of the pending callbacks, in {@code data_dir/callbacks.json}: the ACD keeps them in memory and
 * mirrors every change here, so that they survive a restart, graceful or not.
 *
 * <p><b>Format.</b> {@code {"version":1,"callbacks":[{"callId":…,"queue":…,"number":…,"dialled":…,
 * "variables":{…},"requestedAt":"2026-12-02T18:00:00Z","attempts":0,"notBefore":…}]}}, times as ISO-8601
 * instants, {@code notBefore} left out when there is none; the entries in {@code requestedAt} order.
 *
 * <p><b>Writing</b> ({@link CallbackWriter}). {@link #put} and {@link #remove} change the map and return; one
 * writer task on the I/O executor writes the whole current snapshot. Changes made while it writes mark the map
 * dirty for one more write, so a burst of changes costs two writes, not one per change. Each returned future completes (on the I/O
 * executor's thread) once a snapshot containing its change is on disk: written to {@code callbacks.json.tmp},
 * fsynced, renamed over the file with {@code ATOMIC_MOVE}, the directory fsynced. A crash leaves the old or the new
 * snapshot, never half of one.
 *
 * <p><b>Failures.</b> A failed write (disk full, read-only file system…) is retried after 1 s, the delay doubling
 * up to 30 s; its futures stay incomplete until a write succeeds, and changes made meanwhile join them. A failure
 * streak logs one WARN line when it starts and one INFO line when a write succeeds again; each failed attempt
 * counts in {@link #writeFailures}. An I/O executor that refuses the task (full, shut down) is asked again with
 * the same backoff, logged at DEBUG and not counted as a failure; the write never runs on the caller's thread.
 *
 * <p><b>Personal data.</b> Callers' numbers (LGPD) are never logged: {@link Pending#toString} shows the last four
 * digits, and the log lines name call ids and counts only.
 *
 * <p>Thread-safe. {@link #put}, {@link #remove} and {@link #size} never block (the ACD thread calls them);
 * {@link #load} and {@link #close} do, and must not be called from the I/O executor.
 */
public final class CallbackStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallbackStore.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * One pending callback.
     *
     * @param callId      the call that asked for it; the key
     * @param queue       the queue whose place it keeps
     * @param number      whom to call back (personal data: {@link #toString} masks it)
     * @param dialled     the number the customer had dialled (empty when none)
     * @param variables   the flow's routing data (skills, priority, language...) to re-enqueue with
     * @param requestedAt when it was asked for: its place among the callbacks
     * @param attempts    how many times the customer was dialled already
     * @param notBefore   not offered before this time (a retry's delay); null: at once
     */
    public record Pending(String callId, String queue, String number, String dialled, Map<String, String> variables,
                          Instant requestedAt, int attempts, Instant notBefore) {
        public Pending {
            requireText(callId, "callId");
            requireText(queue, "queue");
            requireText(number, "number");
            Objects.requireNonNull(dialled, "dialled");
            Objects.requireNonNull(requestedAt, "requestedAt");
            if (attempts < 0) {
                throw new IllegalArgumentException("attempts must not be negative");
            }
            TreeMap<String, String> copy = new TreeMap<>();
            if (variables != null) {
                variables.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "variable name"),
                        Objects.requireNonNull(v, "variable value")));
            }
            variables = Collections.unmodifiableMap(copy);
        }

        /** The same callback, not offered before {@code notBefore} (null: at once). */
        public Pending withNotBefore(Instant notBefore) {
            return new Pending(callId, queue, number, dialled, variables, requestedAt, attempts, notBefore);
        }

        /** The number's last four digits at most, for logs. */
        public String maskedNumber() {
            return masked(number);
        }

        @Override
        public String toString() {
            return "Pending[callId=" + callId + ", queue=" + queue + ", number=" + masked(number) + ", dialled="
                    + masked(dialled) + ", variables=" + variables + ", requestedAt=" + requestedAt + ", attempts="
                    + attempts + ", notBefore=" + notBefore + "]";
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
        }
    }

    /** Puts bytes at a path durably; the default is {@link CallbackFile#writeAtomically}. Tests inject failures here. */
    @FunctionalInterface
    interface FileWrite {
        void write(Path file, byte[] bytes) throws IOException;
    }

    private final Path file;
    private final Clock clock;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}, with the writer's state. */
    private final Map<String, Pending> pending = new HashMap<>();
    private final CallbackWriter writer;

    /** A store over {@code file}, writing on {@code io} (a bounded executor for blocking disk work). */
    public CallbackStore(Path file, Executor io) {
        this(file, io, Clock.systemUTC(), FIRST_RETRY, MAX_RETRY, CLOSE_TIMEOUT, CallbackFile::writeAtomically);
    }

    /**
     * @param clock        names the corrupt files set aside
     * @param firstRetry   the delay before retrying a failed write; doubled after each further failure
     * @param maxRetry     the longest delay between retries
     * @param closeTimeout how long {@link #close} waits for the writes in flight
     */
    CallbackStore(Path file, Executor io, Clock clock, Duration firstRetry, Duration maxRetry, Duration closeTimeout,
                  FileWrite fileWrite) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = new CallbackWriter(lock, () -> new ArrayList<>(pending.values()), this.file,
                Objects.requireNonNull(io, "io"), firstRetry, maxRetry, closeTimeout, fileWrite);
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the file, once, at start (blocking, before calls are taken and before any {@link #put}): the pending
     * callbacks in {@code requestedAt} order, which the store now holds. A missing file: none. A file that cannot
     * be read or parsed, wholly or in part, is moved aside to {@code callbacks.json.corrupt-<UTC timestamp>} with
     * one WARN line; the entries that parse are returned and written to a new file.
     */
    public List<Pending> load() {
        deleteStaleTemp();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            log.info("No callbacks file {}: no pending callbacks to restore", file);
            return List.of();
        } catch (IOException e) {
            setAside("cannot be read: " + e, 0);
            return List.of();
        }
        CallbackFile.Decoded decoded = CallbackFile.decode(bytes);
        Map<String, Pending> byId = new LinkedHashMap<>();
        decoded.entries().forEach(p -> byId.put(p.callId(), p));
        List<Pending> loaded = byId.values().stream().sorted(Comparator.comparing(Pending::requestedAt)).toList();
        synchronized (lock) {
            loaded.forEach(p -> pending.put(p.callId(), p));
        }
        if (decoded.problem() == null) {
            log.info("Restoring {} pending callbacks from {}", loaded.size(), file);
        } else {
            setAside(decoded.problem(), loaded.size());
            if (!loaded.isEmpty()) {
                synchronized (lock) {
                    writer.rewrite();
                }
            }
        }
        return loaded;
    }

    /**
     * Adds {@code p} or replaces the callback with its call id. Never blocks.
     *
     * @return completes, on the I/O executor's thread, once the change is on disk; failed if the store is closed
     */
    public CompletableFuture<Void> put(Pending p) {
        Objects.requireNonNull(p, "p");
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (writer.closed()) {
                return closedFuture(p.callId());
            }
            pending.put(p.callId(), p);
            writer.changed(done);
        }
        return done;
    }

    /**
     * Forgets a callback (answered, given up, cancelled). Never blocks.
     *
     * @return completes, on the I/O executor's thread, once the change is on disk; at once for an id not pending
     */
    public CompletableFuture<Void> remove(String callId) {
        Objects.requireNonNull(callId, "callId");
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (writer.closed()) {
                return closedFuture(callId);
            }
            if (pending.remove(callId) == null) {
                return CompletableFuture.completedFuture(null);
            }
            writer.changed(done);
        }
        return done;
    }

    /** How many callbacks are pending (in memory; the file follows). */
    public int size() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** Failed write attempts since start, for the metrics. */
    public long writeFailures() {
        return writer.writeFailures();
    }

    /** Snapshots written since start (tests: coalescing). */
    long writes() {
        return writer.writes();
    }

    /**
     * Waits up to 5 s for the changes not yet on disk, retrying a failed write at once and then every 250 ms at
     * most; for the engine's graceful stop, before the I/O executor shuts down. Changes still not on disk then are
     * given up with a WARN line, their futures failed; the file keeps the last snapshot written. Later changes are
     * refused.
     */
    @Override
    public void close() {
        writer.close();
    }

    private static CompletableFuture<Void> closedFuture(String callId) {
        log.debug("callback {} changed after the store was closed; not saved", callId);
        return CompletableFuture.failedFuture(new IllegalStateException("callback store closed"));
    }

    // ---- the file ----

    /** A write cut short by a crash leaves its temp file; the real file is whole. */
    private void deleteStaleTemp() {
        try {
            if (Files.deleteIfExists(CallbackFile.temp(file))) {
                log.debug("Deleted the unfinished write {}", CallbackFile.temp(file));
            }
        } catch (IOException e) {
            log.debug("Cannot delete {}: {}", CallbackFile.temp(file), e.toString());
        }
    }

    private void setAside(String reason, int kept) {
        String base = file.getFileName() + ".corrupt-" + ASIDE_STAMP.format(clock.instant());
        Path aside = file.resolveSibling(base);
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(base + "-" + n);
        }
        try {
            Files.move(file, aside);
            log.warn("Callbacks file {} is corrupt ({}); moved aside to {}, restoring the {} callbacks that could be "
                    + "read", file, reason, aside.getFileName(), kept);
        } catch (IOException e) {
            log.warn("Callbacks file {} is corrupt ({}) and cannot be moved aside ({}); restoring the {} callbacks "
                    + "that could be read", file, reason, e.toString(), kept);
        }
    }

    /** The last four digits of a number at most, for logs: {@code …4321}. */
    static String masked(String number) {
        if (number == null || number.isEmpty()) {
            return String.valueOf(number);
        }
        String digits = number.replaceAll("\\D", "");
        return "…" + digits.substring(Math.max(0, digits.length() - 4));
    }
}
