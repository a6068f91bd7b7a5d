package org.atende.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Binds {@link EngineMeters} to the engine's thread-safe readings (active calls, the I/O executor, DNS look-ups),
 * given as suppliers so that this package needs none of the engine's internals.
 */
public final class EngineMetrics extends CatalogBinder {

    /** One event loop's lag readings, thread-safe; {@code samples}, {@code totalLagNanos} and {@code stalls} only grow. */
    public interface LoopReadings {
        long maxLagNanos();

        long samples();

        long totalLagNanos();

        long stalls();
    }

    private final IntSupplier activeCalls;
    private final IntSupplier ioQueued;
    private final LongSupplier ioRejected;
    private final IntSupplier dnsPending;
    private final List<? extends LoopReadings> loops;

    public EngineMetrics(IntSupplier activeCalls, IntSupplier ioQueued, LongSupplier ioRejected,
                         IntSupplier dnsPending) {
        this(activeCalls, ioQueued, ioRejected, dnsPending, List.of());
    }

    /** With {@code loops}, the lag readings of the event loops, by index. */
    public EngineMetrics(IntSupplier activeCalls, IntSupplier ioQueued, LongSupplier ioRejected,
                         IntSupplier dnsPending, List<? extends LoopReadings> loops) {
        this.activeCalls = activeCalls;
        this.ioQueued = ioQueued;
        this.ioRejected = ioRejected;
        this.dnsPending = dnsPending;
        this.loops = List.copyOf(loops);
    }

    @Override
    protected void register() {
        gauge(EngineMeters.CALLS_ACTIVE, activeCalls, IntSupplier::getAsInt);
        gauge(EngineMeters.IO_QUEUED, ioQueued, IntSupplier::getAsInt);
        functionCounter(EngineMeters.IO_REJECTED, ioRejected, LongSupplier::getAsLong);
        gauge(EngineMeters.DNS_PENDING, dnsPending, IntSupplier::getAsInt);
        for (int i = 0; i < loops.size(); i++) {
            LoopReadings loop = loops.get(i);
            String index = Integer.toString(i);
            timeGauge(EngineMeters.LOOP_LAG_MAX, loop, TimeUnit.NANOSECONDS, LoopReadings::maxLagNanos, index);
            functionTimer(EngineMeters.LOOP_LAG, loop, LoopReadings::samples, LoopReadings::totalLagNanos,
                    TimeUnit.NANOSECONDS, index);
            functionCounter(EngineMeters.LOOP_STALLS, loop, LoopReadings::stalls, index);
        }
    }
}
