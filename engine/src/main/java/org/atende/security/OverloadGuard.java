package org.atende.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-engine overload, measured rather than guessed: the engine is {@link State#OVERLOADED} while any event loop
 * keeps running more than {@code maxLag} late (each loop's sustained lag: the least of its last three probes' lags,
 * so one pause it caught up from, a GC or a burst, refuses nobody). While overloaded the front gate refuses new INVITEs with 503 and
 * {@code Retry-After} before anything is allocated for them; requests inside dialogs, and the media of the calls
 * already up, go on. Each change of state is one log line. Thread-safe.
 */
public final class OverloadGuard {

    /** Whether new calls are taken. */
    public enum State { ACCEPTING, OVERLOADED }

    private static final Logger log = LoggerFactory.getLogger(OverloadGuard.class);

    private final List<LongSupplier> loopLags;
    private final long maxLagNanos;
    private final LongAdder refused = new LongAdder();
    private volatile State state = State.ACCEPTING;

    /**
     * @param loopLags each event loop's sustained lag in nanoseconds ({@code LoopLag.sustainedLagNanos})
     * @param maxLag   the lag beyond which the engine is overloaded
     */
    public OverloadGuard(List<LongSupplier> loopLags, Duration maxLag) {
        this.loopLags = List.copyOf(loopLags);
        this.maxLagNanos = maxLag.toNanos();
    }

    /** Whether a new call must be refused now; a refusal is counted. Any thread. */
    public boolean refusesNewCall() {
        long worst = 0;
        for (LongSupplier lag : loopLags) {
            worst = Math.max(worst, lag.getAsLong());
        }
        State now = worst > maxLagNanos ? State.OVERLOADED : State.ACCEPTING;
        if (now != state) {
            transition(now, worst);
        }
        if (now == State.OVERLOADED) {
            refused.increment();
            return true;
        }
        return false;
    }

    private synchronized void transition(State to, long worstNanos) {
        if (state == to) {
            return;
        }
        state = to;
        if (to == State.OVERLOADED) {
            log.warn("overloaded: an event loop runs {} ms late (limit {} ms); new calls get 503 until it catches up",
                    worstNanos / 1_000_000, maxLagNanos / 1_000_000);
        } else {
            log.info("no longer overloaded: new calls are taken again ({} refused so far)", refused.sum());
        }
    }

    public State state() {
        return state;
    }

    /** New calls refused for overload so far. */
    public long refused() {
        return refused.sum();
    }
}
