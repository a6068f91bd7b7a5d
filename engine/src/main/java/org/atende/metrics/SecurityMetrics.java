package org.atende.metrics;

import java.util.List;

/** Binds {@link SecurityMeters} to the protection's thread-safe readings. */
public final class SecurityMetrics extends CatalogBinder {

    /** The protection's figures; the counts only grow. Thread-safe. */
    public interface Readings {
        long authFailures();

        long bans();

        int activeBans();

        long bannedRequests();

        int activeLocks();

        long lockRefusals();

        /** Requests refused by the limit named {@code limit} (one of {@link #LIMITS}). */
        long limited(String limit);

        int trackedSources();

        /** New calls refused because the engine was overloaded. */
        long overloadRefusals();

        /** 1 while overloaded, else 0. */
        int overloaded();

        /** The configured trunks' names. */
        List<String> trunks();

        int trunkCallsActive(String trunk);

        long trunkCallsRefused(String trunk);
    }

    /** The values of the {@code limit} tag. */
    public static final List<String> LIMITS = List.of("register", "invite", "other");

    private final Readings readings;

    public SecurityMetrics(Readings readings) {
        this.readings = readings;
    }

    @Override
    protected void register() {
        functionCounter(SecurityMeters.AUTH_FAILURES, readings, Readings::authFailures);
        functionCounter(SecurityMeters.BANS, readings, Readings::bans);
        gauge(SecurityMeters.BANS_ACTIVE, readings, Readings::activeBans);
        functionCounter(SecurityMeters.BANNED_REQUESTS, readings, Readings::bannedRequests);
        gauge(SecurityMeters.LOCKS_ACTIVE, readings, Readings::activeLocks);
        functionCounter(SecurityMeters.LOCK_REFUSALS, readings, Readings::lockRefusals);
        for (String limit : LIMITS) {
            functionCounter(SecurityMeters.RATE_LIMITED, readings, r -> r.limited(limit), limit);
        }
        gauge(SecurityMeters.SOURCES_TRACKED, readings, Readings::trackedSources);
        functionCounter(SecurityMeters.OVERLOAD_REFUSALS, readings, Readings::overloadRefusals);
        gauge(SecurityMeters.OVERLOADED, readings, Readings::overloaded);
        for (String trunk : readings.trunks()) {
            gauge(SecurityMeters.TRUNK_CALLS_ACTIVE, readings, r -> r.trunkCallsActive(trunk), trunk);
            functionCounter(SecurityMeters.TRUNK_CALLS_REFUSED, readings, r -> r.trunkCallsRefused(trunk), trunk);
        }
    }
}
