package org.atende.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.atende.metrics.CatalogBinder;

/**
 * The engine's meters: every catalogue's binder bound once to the registry, their loop-owned state sampled every
 * {@value #SAMPLE_SECONDS} s, and the meters removed again at the stop.
 */
final class Metering implements AutoCloseable {

    /** How stale a sampled gauge (transactions, bindings, queue figures) may be. */
    static final int SAMPLE_SECONDS = 1;

    private final List<CatalogBinder> binders;
    private final ScheduledFuture<?> sampling;

    /** Binds {@code binders} to {@code registry} and starts sampling on {@code scheduler}. */
    Metering(MeterRegistry registry, EventExecutor scheduler, List<CatalogBinder> binders) {
        this.binders = List.copyOf(binders);
        this.binders.forEach(b -> b.bindTo(registry));
        refresh();
        this.sampling = scheduler.scheduleAtFixedRate(this::refresh, SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    /** Samples every binder's loop-owned state; completes when all samples are in. Any thread; never blocks. */
    CompletableFuture<Void> refresh() {
        return CompletableFuture.allOf(binders.stream().map(CatalogBinder::refresh).toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        sampling.cancel(false);
        binders.forEach(CatalogBinder::close);
    }
}
