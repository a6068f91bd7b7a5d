package org.atende.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A {@link MeterBinder} that registers the meters of one catalogue, once, and only as the catalogue describes them:
 * each helper takes a {@link MeterSpec} and the tag values in the order of its keys, and copies name, description
 * and base unit from it. A wrong type or tag count is a programmer error and throws.
 *
 * <p>Most meters read state their owner already keeps thread-safely (a {@code LongAdder}, an atomic, a synchronised
 * pool), so the hot path does not change and nothing allocates per packet or message. State owned by one event loop
 * is read through {@link Snapshot}s that {@link #refresh} samples on that loop. {@link #close} removes the meters
 * again, so that an engine stopped and another started on the same registry do not share stale ones.
 *
 * <p>{@link #bindTo} once, at start; the rest is thread-safe.
 */
public abstract class CatalogBinder implements MeterBinder, AutoCloseable {

    private final List<Meter> registered = new ArrayList<>();
    /** The state objects behind function meters, which Micrometer holds only weakly. */
    private final List<Object> held = new ArrayList<>();
    private MeterRegistry registry;

    @Override
    public final synchronized void bindTo(MeterRegistry registry) {
        if (this.registry != null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is bound already");
        }
        this.registry = registry;
        register();
    }

    /** Registers every meter of the catalogue; called once by {@link #bindTo}. */
    protected abstract void register();

    /**
     * Samples the state owned by other threads ({@link Snapshot}s) on its owners; the future completes when every
     * sample is in. Any thread; never blocks. The engine calls it periodically.
     */
    public CompletableFuture<Void> refresh() {
        return CompletableFuture.completedFuture(null);
    }

    /** The meters registered so far (for tests). */
    public synchronized List<Meter> meters() {
        return List.copyOf(registered);
    }

    /** Removes this binder's meters from the registry. */
    @Override
    public synchronized void close() {
        if (registry != null) {
            registered.forEach(registry::remove);
        }
        registered.clear();
        held.clear();
    }

    /** A counter the hot path increments itself (hold the returned reference). */
    protected final synchronized Counter counter(MeterSpec spec, String... tagValues) {
        Counter c = Counter.builder(check(spec, Meter.Type.COUNTER).meterName())
                .description(spec.description()).baseUnit(spec.baseUnit()).tags(tags(spec, tagValues))
                .register(registry);
        registered.add(c);
        return c;
    }

    /** A counter read from {@code state}, which must only ever grow. */
    protected final synchronized <T> void functionCounter(MeterSpec spec, T state, ToDoubleFunction<T> count,
                                                          String... tagValues) {
        held.add(state);
        registered.add(FunctionCounter.builder(check(spec, Meter.Type.COUNTER).meterName(), state, count)
                .description(spec.description()).baseUnit(spec.baseUnit()).tags(tags(spec, tagValues))
                .register(registry));
    }

    protected final synchronized <T> void gauge(MeterSpec spec, T state, ToDoubleFunction<T> value,
                                                String... tagValues) {
        registered.add(Gauge.builder(check(spec, Meter.Type.GAUGE).meterName(), state, value).strongReference(true)
                .description(spec.description()).baseUnit(spec.baseUnit()).tags(tags(spec, tagValues))
                .register(registry));
    }

    /** A gauge of a duration, given in {@code unit}; rendered in the registry's base time unit. */
    protected final synchronized <T> void timeGauge(MeterSpec spec, T state, TimeUnit unit, ToDoubleFunction<T> value,
                                                    String... tagValues) {
        requireSeconds(spec);
        registered.add(TimeGauge.builder(check(spec, Meter.Type.GAUGE).meterName(), state, unit, value)
                .strongReference(true).description(spec.description()).tags(tags(spec, tagValues))
                .register(registry));
    }

    /** A timer whose count and total time (in {@code unit}) are read from {@code state}; both must only grow. */
    protected final synchronized <T> void functionTimer(MeterSpec spec, T state, ToLongFunction<T> count,
                                                        ToDoubleFunction<T> totalTime, TimeUnit unit,
                                                        String... tagValues) {
        requireSeconds(spec);
        held.add(state);
        registered.add(FunctionTimer.builder(check(spec, Meter.Type.TIMER).meterName(), state, count, totalTime, unit)
                .description(spec.description()).tags(tags(spec, tagValues)).register(registry));
    }

    private MeterSpec check(MeterSpec spec, Meter.Type type) {
        if (registry == null) {
            throw new IllegalStateException("register meters from register(), once bound");
        }
        if (spec.type() != type) {
            throw new IllegalArgumentException(spec.meterName() + " is a " + spec.type() + ", not a " + type);
        }
        return spec;
    }

    private static void requireSeconds(MeterSpec spec) {
        if (!"seconds".equals(spec.baseUnit())) {
            throw new IllegalArgumentException(spec.meterName() + ": durations are in seconds");
        }
    }

    private static Tags tags(MeterSpec spec, String... values) {
        List<String> keys = spec.tagKeys();
        if (keys.size() != values.length) {
            throw new IllegalArgumentException(spec.meterName() + " takes tags " + keys + ", given "
                    + values.length + " value(s)");
        }
        Tags tags = Tags.empty();
        for (int i = 0; i < values.length; i++) {
            tags = tags.and(keys.get(i), values[i]);
        }
        return tags;
    }
}
