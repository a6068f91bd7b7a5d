package org.atende.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;

/** The engine's own meters: calls, and the executors that serve every call. Bound by {@link EngineMetrics}. */
public enum EngineMeters implements MeterSpec {

    CALLS_ACTIVE("calls.active", Meter.Type.GAUGE, "calls", "Calls in progress, from admission to their end"),
    IO_QUEUED("engine.io.queued", Meter.Type.GAUGE, "tasks", "Tasks waiting for the bounded I/O executor"),
    IO_REJECTED("engine.io.rejected", Meter.Type.COUNTER, "tasks",
            "Tasks the bounded I/O executor refused: its queue was full, or it was stopping"),
    DNS_PENDING("engine.dns.pending", Meter.Type.GAUGE, "lookups", "Host-name look-ups under way"),
    LOOP_LAG_MAX("engine.loop.lag.max", Meter.Type.GAUGE, "seconds",
            "How late an event loop ran what fell due: the largest lag of the last second, or the current one if larger",
            TagKeys.LOOP),
    LOOP_LAG("engine.loop.lag", Meter.Type.TIMER, "seconds",
            "How late an event loop ran a probe scheduled every 10 ms: count and total of the lags", TagKeys.LOOP),
    LOOP_STALLS("engine.loop.stalls", Meter.Type.COUNTER, "probes",
            "Probes an event loop ran more than 50 ms late", TagKeys.LOOP);

    private final String meterName;
    private final Meter.Type type;
    private final String baseUnit;
    private final String description;
    private final List<String> tagKeys;

    EngineMeters(String meterName, Meter.Type type, String baseUnit, String description, String... tagKeys) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    @Override
    public String meterName() {
        return meterName;
    }

    @Override
    public Meter.Type type() {
        return type;
    }

    @Override
    public String baseUnit() {
        return baseUnit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> tagKeys() {
        return tagKeys;
    }
}
