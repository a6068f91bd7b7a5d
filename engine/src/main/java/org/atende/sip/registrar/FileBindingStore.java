package org.atende.sip.registrar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps bindings in a JSON file ({@code {"version":1,"bindings":[...]}}).
 *
 * <p><b>Format.</b> Each binding has its source ({@code transport}, {@code address}, {@code port}) and, since
 * {@code extensions[].nat}, a {@code destination} object with the same three fields: where its requests go. Files
 * written before have no {@code destination}; their bindings keep sending to the source, as they did then (the
 * phone's next REGISTER decides afresh). Older engines ignore the field.
 *
 * <p><b>Writing.</b> {@link #save} only records the snapshot and returns; the write runs on the I/O executor.
 * At most one write is in flight; snapshots saved meanwhile are coalesced, the newest superseding older ones.
 * Writes are spaced by at least the write interval (1 s by default), so a registration storm costs one write
 * a second, not one per REGISTER; a crash loses at most that interval of changes (phones re-register anyway).
 * {@link #flush} writes at once.
 * Each write goes to a temporary file in the same directory, is fsynced, then renamed over the file with
 * {@code ATOMIC_MOVE}, so a crash leaves either the old or the new snapshot. A failed write is logged at WARN
 * and retried on the next {@link #save} or after the retry delay, whichever comes first; the snapshot is never
 * dropped.
 *
 * <p><b>Loading</b> skips expired bindings. A file that cannot be parsed is logged at WARN, renamed to
 * {@code <file>.corrupt} (replacing an older one) and the registrar starts empty.
 *
 * <p><b>A busy executor.</b> The I/O executor may refuse the write (its queue is full, or it was shut down); the
 * write is never run on the caller's thread (an event loop) instead. The snapshot stays pending and is tried again
 * on the next {@link #save} or after the retry delay; a {@link #flush} waiting for it reports the refusal.
 * The delays between writes are timed off the executor, so a refusal never leaves a write unscheduled.
 *
 * <p>Thread-safe. {@link #save} never blocks; {@link #loadAll}, {@link #flush} and {@link #close} do, and must not
 * be called from the I/O executor.
 */
public final class FileBindingStore implements BindingStore {

    private static final Logger log = LoggerFactory.getLogger(FileBindingStore.class);
    private static final int FORMAT_VERSION = 1;
    private static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(5);
    private static final Duration DEFAULT_WRITE_INTERVAL = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Executor ioExecutor;
    private final Clock clock;
    private final Duration retryDelay;

    private final Object lock = new Object();
    private List<Binding> pending;
    private long pendingGeneration;
    private long requestedGeneration;
    private long writtenGeneration;
    private long failedGeneration;
    private Exception lastFailure;
    private boolean writing;
    private boolean retryScheduled;
    private boolean drainScheduled;
    private final Duration writeInterval;
    private long lastWriteNanos = Long.MIN_VALUE / 2;
    private boolean closed;

    /** A store over {@code file}, writing on {@code ioExecutor}, retrying failed writes after 5 s. */
    public FileBindingStore(Path file, Executor ioExecutor) {
        this(file, ioExecutor, Clock.systemUTC(), DEFAULT_RETRY_DELAY, DEFAULT_WRITE_INTERVAL);
    }

    /** Writes as soon as a snapshot is saved (no write interval): for tests. */
    public FileBindingStore(Path file, Executor ioExecutor, Clock clock, Duration retryDelay) {
        this(file, ioExecutor, clock, retryDelay, Duration.ZERO);
    }

    /**
     * @param clock      decides which bindings are expired when loading
     * @param retryDelay how long after a failed write it is tried again (if no newer save came first)
     * @param writeInterval the least time between the starts of two writes
     */
    public FileBindingStore(Path file, Executor ioExecutor, Clock clock, Duration retryDelay, Duration writeInterval) {
        this.writeInterval = Objects.requireNonNull(writeInterval, "writeInterval");
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.ioExecutor = Objects.requireNonNull(ioExecutor, "ioExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
    }

    public Path file() {
        return file;
    }

    @Override
    public List<Binding> loadAll() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            log.warn("Cannot read registrations from {}, starting without them: {}", file, e.toString());
            return List.of();
        }
        try {
            Instant now = clock.instant();
            List<Binding> live = new ArrayList<>();
            for (Binding b : decode(bytes)) {
                if (b.isLive(now)) {
                    live.add(b);
                }
            }
            log.info("Loaded {} registrations from {}", live.size(), file);
            return live;
        } catch (IOException | RuntimeException e) {
            Path corrupt = file.resolveSibling(file.getFileName() + ".corrupt");
            log.warn("Registrations file {} is corrupt ({}); starting empty, keeping it as {}", file, e.toString(), corrupt);
            try {
                Files.move(file, corrupt, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailure) {
                log.warn("Cannot rename corrupt registrations file {}: {}", file, moveFailure.toString());
            }
            return List.of();
        }
    }

    @Override
    public void save(List<Binding> snapshot) {
        List<Binding> copy = List.copyOf(snapshot);
        synchronized (lock) {
            if (closed) {
                log.debug("registrations changed after the store was closed; not saved");
                return;
            }
            pending = copy;
            pendingGeneration = ++requestedGeneration;
            startWriterIfIdle(false);
        }
    }

    /**
     * Blocks until the newest snapshot given to {@link #save} before this call is on disk (for shutdown and tests).
     * A write that failed and waits for its retry is retried now.
     *
     * @throws UncheckedIOException when that write failed (it stays pending and will be retried)
     */
    public void flush() {
        synchronized (lock) {
            long target = requestedGeneration;
            startWriterIfIdle(true);
            while (writtenGeneration < target) {
                if (!writing && failedGeneration >= target) {
                    throw new UncheckedIOException("writing registrations to " + file + " failed",
                            lastFailure instanceof IOException io ? io : new IOException(lastFailure));
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Writes the newest snapshot as {@link #flush} does, then ignores later ones: for the engine's stop, before the
     * I/O executor shuts down.
     *
     * @throws UncheckedIOException as {@link #flush}
     */
    public void close() {
        try {
            flush();
        } finally {
            synchronized (lock) {
                closed = true;
            }
        }
    }

    /**
     * Holding {@link #lock}. {@code now}: ignore the write interval (flush, retry). The delay is timed by the JDK's
     * delayed executor, whose task only takes the lock and hands the write to the I/O executor.
     */
    private void startWriterIfIdle(boolean now) {
        if (writing || pending == null) {
            return;
        }
        long wait = now ? 0 : lastWriteNanos + writeInterval.toNanos() - System.nanoTime();
        if (wait > 0) {
            if (!drainScheduled) {
                drainScheduled = true;
                CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS).execute(() -> {
                    synchronized (lock) {
                        drainScheduled = false;
                        startWriterIfIdle(true);
                    }
                });
            }
            return;
        }
        writing = true;
        try {
            ioExecutor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            writing = false;
            failedGeneration = Math.max(failedGeneration, pendingGeneration);
            lastFailure = e;
            log.debug("I/O executor refused the registrations write to {}; keeping it pending: {}", file,
                    e.getMessage());
            scheduleRetry();
            lock.notifyAll();
        }
    }

    /**
     * Runs on the I/O executor: writes the newest pending snapshot, then lets the next one (if any) wait for the
     * write interval.
     */
    private void drain() {
        List<Binding> snapshot;
        long generation;
        synchronized (lock) {
            if (pending == null) {
                writing = false;
                lock.notifyAll();
                return;
            }
            snapshot = pending;
            generation = pendingGeneration;
            pending = null;
            lastWriteNanos = System.nanoTime();
        }
        try {
            write(snapshot);
            synchronized (lock) {
                writtenGeneration = Math.max(writtenGeneration, generation);
                writing = false;
                startWriterIfIdle(false);
                lock.notifyAll();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot write {} registrations to {} (retrying on the next change or in {}): {}",
                    snapshot.size(), file, retryDelay, e.toString());
            synchronized (lock) {
                failedGeneration = Math.max(failedGeneration, generation);
                lastFailure = e;
                if (pending == null) {
                    pending = snapshot;
                    pendingGeneration = generation;
                }
                writing = false;
                scheduleRetry();
                lock.notifyAll();
            }
        }
    }

    /** Holding {@link #lock}. */
    private void scheduleRetry() {
        if (retryScheduled || closed) {
            return;
        }
        retryScheduled = true;
        CompletableFuture.delayedExecutor(retryDelay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (lock) {
                retryScheduled = false;
                startWriterIfIdle(true);
            }
        });
    }

    private void write(List<Binding> snapshot) throws IOException {
        byte[] bytes = encode(snapshot);
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            log.debug("Cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    static byte[] encode(List<Binding> bindings) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ArrayNode array = root.putArray("bindings");
        for (Binding b : bindings) {
            ObjectNode n = array.addObject();
            n.put("user", b.user());
            n.put("contact", b.contactUri());
            n.put("transport", b.source().transport().name());
            n.put("address", b.source().address().getAddress().getHostAddress());
            n.put("port", b.source().address().getPort());
            if (!b.destination().equals(b.source())) {
                ObjectNode d = n.putObject("destination");
                d.put("transport", b.destination().transport().name());
                d.put("address", b.destination().address().getAddress().getHostAddress());
                d.put("port", b.destination().address().getPort());
            }
            n.put("callId", b.callId());
            n.put("cseq", b.cseq());
            n.put("expires", b.expires().toString());
            n.put("q", b.q());
            b.instanceId().ifPresent(id -> n.put("instanceId", id));
            n.put("registeredAt", b.registeredAt().toString());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    static List<Binding> decode(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isObject() || root.path("version").asInt(-1) != FORMAT_VERSION
                || !root.path("bindings").isArray()) {
            throw new IOException("not a version " + FORMAT_VERSION + " registrations file");
        }
        List<Binding> bindings = new ArrayList<>();
        for (JsonNode n : root.get("bindings")) {
            try {
                Endpoint source = endpoint(n);
                JsonNode d = n.get("destination");
                Endpoint destination = d == null || d.isNull() ? source : endpoint(d);
                JsonNode instance = n.get("instanceId");
                bindings.add(new Binding(text(n, "user"), text(n, "contact"), source, destination, text(n, "callId"),
                        number(n, "cseq").longValue(), Instant.parse(text(n, "expires")),
                        number(n, "q").floatValue(),
                        instance == null || instance.isNull() ? Optional.empty() : Optional.of(instance.asText()),
                        Instant.parse(text(n, "registeredAt"))));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IOException("bad binding entry: " + e.getMessage(), e);
            }
        }
        return bindings;
    }

    private static Endpoint endpoint(JsonNode n) throws IOException {
        // an IP literal: a host name here would mean a DNS look-up
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(text(n, "address"));
        if (ip == null) {
            throw new IOException("binding entry's address " + text(n, "address") + " is not an IP address");
        }
        return new Endpoint(Transport.valueOf(text(n, "transport")), new InetSocketAddress(ip, number(n, "port").intValue()));
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("binding entry lacks text field " + field);
        }
        return v.asText();
    }

    private static Number number(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IOException("binding entry lacks number field " + field);
        }
        return v.numberValue();
    }
}
