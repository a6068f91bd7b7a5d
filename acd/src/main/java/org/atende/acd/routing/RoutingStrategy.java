package org.atende.acd.routing;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How a queue picks, among its free agents who may take a call, the ones to ring for it: one class per strategy,
 * named in YAML by {@link org.atende.config.QueueConfig.Strategy} and registered in {@link RoutingStrategies}.
 *
 * <p>A strategy is a pure decision: what it knows comes in the {@link QueueSnapshot} (the agents, their idle time,
 * calls and talk time, the queue's last offer), the {@link Caller}, {@code now} and the generator; it keeps no
 * state and reads no clock. Which call is served first (priority, then arrival) is decided before, by the ACD.
 */
public interface RoutingStrategy {

    /**
     * The agents to ring for {@code caller} now, taken from {@code queue.free()} (never empty), each once: one
     * agent for most strategies, every one for ring all.
     *
     * @param random the ACD's generator: the only source of chance a strategy may use
     */
    List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random);

    /**
     * Whether a call that already rings an agent is offered to more agents as they become free (ring all); other
     * strategies ring one agent at a time.
     */
    default boolean ringsMany() {
        return false;
    }

    /** The least of {@code free} by {@code order}; among equals the first in the order written. */
    static FreeAgent least(List<FreeAgent> free, Comparator<FreeAgent> order) {
        FreeAgent best = free.get(0);
        for (int i = 1; i < free.size(); i++) {
            FreeAgent a = free.get(i);
            if (order.compare(a, best) < 0) {
                best = a;
            }
        }
        return best;
    }
}
