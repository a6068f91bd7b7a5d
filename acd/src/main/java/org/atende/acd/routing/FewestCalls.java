package org.atende.acd.routing;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code fewest_calls}: the agent who answered the fewest queue calls since start (in any queue); ties go to the
 * longest idle, then to the first in the order written.
 */
final class FewestCalls implements RoutingStrategy {

    private static final Comparator<FreeAgent> ORDER = Comparator.comparingLong(FreeAgent::answered)
            .thenComparing(FreeAgent.LONGEST_IDLE);

    @Override
    public List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random) {
        return List.of(RoutingStrategy.least(queue.free(), ORDER));
    }
}
