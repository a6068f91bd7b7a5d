package org.atende.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;

/** The protection's meters (password guessing, bans, rate limits, trunk limits). Bound by {@link SecurityMetrics}. */
public enum SecurityMeters implements MeterSpec {

    AUTH_FAILURES("security.auth.failures", Meter.Type.COUNTER, "failures",
            "Digest authentications whose credentials were wrong, unknown or malformed"),
    BANS("security.bans", Meter.Type.COUNTER, "bans", "Sources banned for failed authentications"),
    BANS_ACTIVE("security.bans.active", Meter.Type.GAUGE, "sources", "Sources banned now"),
    BANNED_REQUESTS("security.banned.requests", Meter.Type.COUNTER, "requests",
            "Requests from banned sources, refused with 403 or dropped"),
    LOCKS_ACTIVE("security.extension.locks.active", Meter.Type.GAUGE, "extensions",
            "Extensions locked to the addresses they registered from"),
    LOCK_REFUSALS("security.extension.lock.refusals", Meter.Type.COUNTER, "requests",
            "Right credentials refused because their extension was locked and the address was new to it"),
    RATE_LIMITED("security.requests.limited", Meter.Type.COUNTER, "requests",
            "Requests over their source's rate limit, answered 503 or dropped", TagKeys.LIMIT),
    SOURCES_TRACKED("security.sources.tracked", Meter.Type.GAUGE, "sources",
            "Sources whose request rates are being tracked"),
    OVERLOAD_REFUSALS("engine.overload.refused", Meter.Type.COUNTER, "calls",
            "New calls refused with 503 because an event loop ran later than security.max_loop_lag"),
    OVERLOADED("engine.overloaded", Meter.Type.GAUGE, "state", "1 while the engine refuses new calls for overload"),
    TRUNK_CALLS_ACTIVE("trunk.calls.active", Meter.Type.GAUGE, "calls",
            "Calls on a trunk now, both directions (its max_calls bounds them)", TagKeys.TRUNK),
    TRUNK_CALLS_REFUSED("trunk.calls.refused", Meter.Type.COUNTER, "calls",
            "Calls a trunk refused: at its max_calls or over its calls_per_second", TagKeys.TRUNK);

    private final String meterName;
    private final Meter.Type type;
    private final String baseUnit;
    private final String description;
    private final List<String> tagKeys;

    SecurityMeters(String meterName, Meter.Type type, String baseUnit, String description, String... tagKeys) {
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
