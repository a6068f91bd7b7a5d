package org.atende.metrics;

import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Binds {@link EngineMeters} to the engine's thread-safe readings (active calls, the I/O executor, DNS look-ups),
 * given as suppliers so that this package needs none of the engine's internals.
 */
public final class EngineMetrics extends CatalogBinder {

    private final IntSupplier activeCalls;
    private final IntSupplier ioQueued;
    private final LongSupplier ioRejected;
    private final IntSupplier dnsPending;

    public EngineMetrics(IntSupplier activeCalls, IntSupplier ioQueued, LongSupplier ioRejected,
                         IntSupplier dnsPending) {
        this.activeCalls = activeCalls;
        this.ioQueued = ioQueued;
        this.ioRejected = ioRejected;
        this.dnsPending = dnsPending;
    }

    @Override
    protected void register() {
        gauge(EngineMeters.CALLS_ACTIVE, activeCalls, IntSupplier::getAsInt);
        gauge(EngineMeters.IO_QUEUED, ioQueued, IntSupplier::getAsInt);
        functionCounter(EngineMeters.IO_REJECTED, ioRejected, LongSupplier::getAsLong);
        gauge(EngineMeters.DNS_PENDING, dnsPending, IntSupplier::getAsInt);
    }
}
