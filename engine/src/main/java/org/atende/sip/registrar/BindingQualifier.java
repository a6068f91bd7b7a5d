package org.atende.sip.registrar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qualifies registered phones (the {@code extensions[].qualify} interval): each live binding of an extension that
 * qualifies is sent an OPTIONS ({@link OptionsProbe}) every interval and is {@link Reachability#REACHABLE} or
 * {@link Reachability#UNREACHABLE} by the last one's outcome. One INFO line on each change, never per OPTIONS.
 *
 * <p><b>Timing.</b> A binding's first OPTIONS goes between 75% and 100% of the interval after its REGISTER (the
 * REGISTER itself showed the phone reachable), or, for the bindings found at start, at a random point within the
 * first interval, so that phones registering together are not all probed together; each next one goes an interval
 * after the previous one was sent, once that one is answered or timed out (one at most outstanding per binding).
 *
 * <p><b>Bounded work.</b> One repeating tick ({@link #TICK}) on the owner walks the bindings it tracks and sends at
 * most {@link #MAX_PER_TICK} OPTIONS; the rest wait for the next tick. Bindings that expire or are removed are
 * dropped at the next tick or REGISTER and never probed again; a binding registered again starts reachable.
 *
 * <p><b>Threading.</b> Not thread-safe: every method runs on the registrar's owner loop, which is also the loop of
 * the shard whose transaction layer the probe uses, so the OPTIONS' outcomes arrive there too.
 */
final class BindingQualifier {

    static final Duration TICK = Duration.ofMillis(100);
    static final int MAX_PER_TICK = 50;
    private static final Logger log = LoggerFactory.getLogger(BindingQualifier.class);

    /** A binding's identity: the extension and its contact URI. */
    private record Key(String user, String contactUri) {
    }

    private static final class Probe {
        Binding binding;
        Reachability state = Reachability.REACHABLE;
        Instant due;
        boolean inFlight;

        Probe(Binding binding, Instant due) {
            this.binding = binding;
            this.due = due;
        }
    }

    private final Function<String, Optional<Duration>> intervals;
    private final OptionsProbe probe;
    private final Clock clock;
    private final RandomGenerator random;
    /** Probes by extension, then by contact URI: a REGISTER touches its own extension's, never every phone's. */
    private final Map<String, Map<String, Probe>> probes = new HashMap<>();
    private boolean stopped;

    /**
     * @param intervals the qualify interval of an extension, empty when it is not qualified (or not configured)
     * @param live      the live bindings at start
     */
    BindingQualifier(Function<String, Optional<Duration>> intervals, OptionsProbe probe, Clock clock,
                     RandomGenerator random, List<Binding> live) {
        this.intervals = intervals;
        this.probe = probe;
        this.clock = clock;
        this.random = random;
        Instant now = clock.instant();
        for (Binding b : live) {
            intervals.apply(b.user()).ifPresent(interval -> put(b,
                    new Probe(b, now.plusMillis(random.nextLong(interval.toMillis() + 1)))));
        }
    }

    /** {@code user}'s bindings after a REGISTER: new and refreshed ones start reachable, removed ones are dropped. */
    void registered(String user, List<Binding> live) {
        Optional<Duration> interval = intervals.apply(user);
        Map<String, Probe> mine = probes.get(user);
        if (mine != null) {
            mine.keySet().removeIf(uri -> interval.isEmpty() || live.stream().noneMatch(b -> b.contactUri().equals(uri)));
            if (mine.isEmpty()) {
                probes.remove(user);
            }
        }
        if (interval.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (Binding b : live) {
            Probe existing = get(b);
            if (existing != null && existing.binding.registeredAt().equals(b.registeredAt())) {
                existing.binding = b;
                continue;
            }
            if (existing != null && existing.state == Reachability.UNREACHABLE) {
                log.info("extension {}: phone {} reachable again (registered again)", user, b.contactUri());
            }
            long ms = interval.get().toMillis();
            put(b, new Probe(b, now.plusMillis(ms - random.nextLong(ms / 4 + 1))));
        }
    }

    /** Whether {@code b} may be rung: not known to be unreachable. */
    boolean reachable(Binding b) {
        Probe p = get(b);
        return p == null || p.state != Reachability.UNREACHABLE;
    }

    Reachability reachability(Binding b) {
        return reachable(b) ? Reachability.REACHABLE : Reachability.UNREACHABLE;
    }

    /** Drops expired bindings and sends the OPTIONS that are due, at most {@link #MAX_PER_TICK}. */
    void tick() {
        if (stopped) {
            return;
        }
        Instant now = clock.instant();
        int sent = 0;
        for (Iterator<Map<String, Probe>> users = probes.values().iterator(); users.hasNext(); ) {
            Map<String, Probe> mine = users.next();
            for (Iterator<Probe> it = mine.values().iterator(); it.hasNext(); ) {
                Probe p = it.next();
                if (!p.binding.isLive(now)) {
                    it.remove();
                } else if (!p.inFlight && !now.isBefore(p.due) && sent < MAX_PER_TICK) {
                    sent++;
                    send(key(p.binding), p, now);
                }
            }
            if (mine.isEmpty()) {
                users.remove();
            }
        }
    }

    /** Stops for good: no more OPTIONS, and outcomes still to come are ignored (the engine is stopping). */
    void stop() {
        stopped = true;
    }

    private void send(Key key, Probe p, Instant now) {
        p.inFlight = true;
        Binding b = p.binding;
        probe.send(b.contactUri(), b.destination(), outcome -> {
            if (stopped || get(p.binding) != p) {
                return; // registered again or gone meanwhile
            }
            p.inFlight = false;
            p.due = now.plus(intervals.apply(key.user()).orElse(Duration.ofHours(1)));
            Reachability next = outcome.answered() ? Reachability.REACHABLE : Reachability.UNREACHABLE;
            if (next != p.state) {
                p.state = next;
                if (next == Reachability.REACHABLE) {
                    log.info("extension {}: phone {} reachable again ({})", key.user(), key.contactUri(), outcome.why());
                } else {
                    log.info("extension {}: phone {} unreachable ({}); not rung until it answers or registers again",
                            key.user(), key.contactUri(), outcome.why());
                }
            }
        });
    }

    private Probe get(Binding b) {
        Map<String, Probe> mine = probes.get(b.user());
        return mine == null ? null : mine.get(b.contactUri());
    }

    private void put(Binding b, Probe p) {
        probes.computeIfAbsent(b.user(), u -> new HashMap<>()).put(b.contactUri(), p);
    }

    private static Key key(Binding b) {
        return new Key(b.user(), b.contactUri());
    }
}
