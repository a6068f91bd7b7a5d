package org.atende.call;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.atende.config.TrunkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels of each trunk ({@code max_calls}: calls at once, both directions) and its {@code calls_per_second}
 * (a token bucket of one second's worth). A call from a trunk takes a channel before anything is allocated for it
 * and gives it back when it ends; one beyond the limits is refused (503 with Retry-After inbound, a busy tone
 * outbound) and counted. A trunk's refusals are logged at most once per {@link #LOG_INTERVAL}, with how many there
 * were, and its return below {@code max_calls} once. Thread-safe: every shard takes and gives back channels.
 */
public final class TrunkChannels {

    /** Why a call was refused. */
    public enum Refusal {
        MAX_CALLS("all its channels (max_calls) are in use"),
        CALLS_PER_SECOND("it is over its calls_per_second");

        private final String why;

        Refusal(String why) {
            this.why = why;
        }

        public String why() {
            return why;
        }
    }

    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(TrunkChannels.class);

    private final Map<String, Trunk> trunks = new HashMap<>();
    private final LongSupplier nanos;

    public TrunkChannels(List<TrunkConfig> configs, LongSupplier nanos) {
        this.nanos = nanos;
        long now = nanos.getAsLong();
        for (TrunkConfig t : configs) {
            trunks.put(t.name(), new Trunk(t.name(), t.maxCalls(), t.callsPerSecond(), now));
        }
    }

    private final class Trunk {
        final String name;
        final int maxCalls;
        final int callsPerSecond;
        final AtomicInteger active = new AtomicInteger();
        final LongAdder refused = new LongAdder();
        /** Guarded by this: the bucket, and the refusals not yet logged. */
        double tokens;
        long refilled;
        long lastLogged;
        long unlogged;
        boolean full;

        Trunk(String name, int maxCalls, int callsPerSecond, long now) {
            this.name = name;
            this.maxCalls = maxCalls;
            this.callsPerSecond = callsPerSecond;
            this.tokens = callsPerSecond;
            this.refilled = now;
            this.lastLogged = now - LOG_INTERVAL.toNanos();
        }

        synchronized boolean takeToken(long now) {
            tokens = Math.min(callsPerSecond, tokens + (now - refilled) * 1e-9 * callsPerSecond);
            refilled = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized void refused(Refusal why, long now) {
            refused.increment();
            unlogged++;
            if (why == Refusal.MAX_CALLS) {
                full = true;
            }
            if (now - lastLogged >= LOG_INTERVAL.toNanos()) {
                log.warn("trunk {}: {} call(s) refused with 503 in the last {} s: {} ({} calls up, max_calls {},"
                                + " calls_per_second {})", name, unlogged, LOG_INTERVAL.toSeconds(), why.why(),
                        active.get(), maxCalls == 0 ? "none" : maxCalls,
                        callsPerSecond == 0 ? "none" : callsPerSecond);
                lastLogged = now;
                unlogged = 0;
            }
        }

        synchronized void released() {
            if (full && active.get() < maxCalls) {
                full = false;
                log.info("trunk {}: channels free again ({} of {} in use)", name, active.get(), maxCalls);
            }
        }
    }

    /** Takes a channel of {@code trunk} for a new call; empty when it may go on, else why it may not. */
    public Optional<Refusal> acquire(String trunk) {
        Trunk t = trunks.get(trunk);
        if (t == null) {
            return Optional.empty();
        }
        long now = nanos.getAsLong();
        if (t.maxCalls > 0 && t.active.incrementAndGet() > t.maxCalls) {
            t.active.decrementAndGet();
            t.refused(Refusal.MAX_CALLS, now);
            return Optional.of(Refusal.MAX_CALLS);
        }
        if (t.maxCalls == 0) {
            t.active.incrementAndGet();
        }
        if (t.callsPerSecond > 0 && !t.takeToken(now)) {
            t.active.decrementAndGet();
            t.refused(Refusal.CALLS_PER_SECOND, now);
            return Optional.of(Refusal.CALLS_PER_SECOND);
        }
        return Optional.empty();
    }

    /** Gives back a channel {@link #acquire} took. */
    public void release(String trunk) {
        Trunk t = trunks.get(trunk);
        if (t != null) {
            t.active.decrementAndGet();
            t.released();
        }
    }

    /** Calls on {@code trunk} now (both directions). */
    public int active(String trunk) {
        Trunk t = trunks.get(trunk);
        return t == null ? 0 : t.active.get();
    }

    /** Calls {@code trunk} refused so far. */
    public long refused(String trunk) {
        Trunk t = trunks.get(trunk);
        return t == null ? 0 : t.refused.sum();
    }
}
