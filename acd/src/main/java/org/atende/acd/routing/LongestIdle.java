package org.atende.acd.routing;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/** {@code longest_idle}: the agent idle the longest; among equals the first in the order written. */
final class LongestIdle implements RoutingStrategy {

    @Override
    public List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random) {
        return List.of(RoutingStrategy.least(queue.free(), FreeAgent.LONGEST_IDLE));
    }
}
