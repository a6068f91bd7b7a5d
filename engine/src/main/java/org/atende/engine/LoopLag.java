package org.atende.engine;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.atende.metrics.EngineMetrics;

/**
 * How late one event loop runs what falls due: a probe scheduled every {@link #PERIOD_NANOS} notes how long after
 * its due time it ran. Whatever holds a loop up (a long task, a burst of media, a GC pause, the CPU taken by other
 * processes) shows here before it shows as SIP retransmissions or jitter; the overload guard
 * ({@link org.atende.security.OverloadGuard}) reads it, and {@code engine.loop.lag.max} shows it to operators.
 *
 * <p>The probe's state is the loop's; the readings are safe from any thread. A loop stuck for good still reads as
 * late: {@link #maxLagNanos} counts the probe that is overdue now.
 */
final class LoopLag implements EngineMetrics.LoopReadings {

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A lag beyond this counts as a stall: SIP's T1 is ten times more, and media jitter buffers hold about this. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The window of {@link #maxLagNanos}. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Probes that must all have run late for the lag to be sustained ({@link #sustainedLagNanos}). */
    static final int SUSTAINED = 3;

    private final EventExecutor loop;
    private final LongSupplier nanoTime;
    /** When the pending probe is due; written on the loop. */
    private volatile long due;
    private long windowStart;
    /** The largest lag of the window under way; written on the loop. */
    private volatile long windowMax;
    /** The largest lag of the last full window. */
    private volatile long lastWindowMax;
    private volatile long samples;
    private volatile long totalLagNanos;
    private volatile long stalls;
    private volatile boolean stopped;
    /** The last {@link #SUSTAINED} probes' lags, a ring written on the loop. */
    private final long[] recent = new long[SUSTAINED];
    private int recentNext;
    /** The smallest of {@link #recent}: how late the loop has been on each of its last probes. */
    private volatile long sustainedLag;

    LoopLag(EventExecutor loop) {
        this(loop, System::nanoTime);
    }

    LoopLag(EventExecutor loop, LongSupplier nanoTime) {
        this.loop = loop;
        this.nanoTime = nanoTime;
    }

    /** Starts probing. Any thread; once. */
    void start() {
        loop.execute(() -> {
            long now = nanoTime.getAsLong();
            windowStart = now;
            scheduleFrom(now);
        });
    }

    /** Stops probing (engine stop). Any thread. */
    void stop() {
        stopped = true;
    }

    private void scheduleFrom(long now) {
        due = now + PERIOD_NANOS;
        loop.schedule(this::probe, PERIOD_NANOS, TimeUnit.NANOSECONDS);
    }

    private void probe() {
        if (stopped) {
            return;
        }
        long now = nanoTime.getAsLong();
        record(Math.max(0, now - due), now);
        scheduleFrom(now);
    }

    /** One probe ran {@code lag} late at {@code now}; on the loop (package-private for tests). */
    void record(long lag, long now) {
        samples++;
        totalLagNanos += lag;
        if (lag > STALL_NANOS) {
            stalls++;
        }
        windowMax = Math.max(windowMax, lag);
        recent[recentNext] = lag;
        recentNext = (recentNext + 1) % SUSTAINED;
        long least = Long.MAX_VALUE;
        for (long r : recent) {
            least = Math.min(least, r);
        }
        sustainedLag = least;
        if (now - windowStart >= WINDOW_NANOS) {
            lastWindowMax = windowMax;
            windowMax = 0;
            windowStart = now;
        }
    }

    /**
     * The largest lag of the last full second and of the one under way, or how overdue the pending probe is now if
     * that is more: a stall shows from the moment it starts until a full second after it ended.
     */
    @Override
    public long maxLagNanos() {
        long overdue = stopped ? 0 : nanoTime.getAsLong() - due;
        return Math.max(Math.max(lastWindowMax, windowMax), overdue);
    }

    /**
     * How late the loop has been on each of its last {@link #SUSTAINED} probes (the least of their lags): a loop that
     * keeps falling behind, not one pause (a GC, a burst) that it caught up from. What the overload guard reads.
     */
    public long sustainedLagNanos() {
        return sustainedLag;
    }

    /** Probes run so far. */
    @Override
    public long samples() {
        return samples;
    }

    /** Their lags, summed. */
    @Override
    public long totalLagNanos() {
        return totalLagNanos;
    }

    /** Probes that ran more than {@link #STALL_NANOS} late. */
    @Override
    public long stalls() {
        return stalls;
    }
}
