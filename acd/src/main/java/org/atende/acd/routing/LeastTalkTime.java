package org.atende.acd.routing;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code least_talk_time}: the agent who talked the least time on queue calls since start (in any queue, wrap-up
 * not counted); ties go to the longest idle, then to the first in the order written.
 */
final class LeastTalkTime implements RoutingStrategy {

    private static final Comparator<FreeAgent> ORDER = Comparator.comparing(FreeAgent::talked)
            .thenComparing(FreeAgent.LONGEST_IDLE);

    @Override
    public List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random) {
        return List.of(RoutingStrategy.least(queue.free(), ORDER));
    }
}
