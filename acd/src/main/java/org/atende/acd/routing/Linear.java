package org.atende.acd.routing;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/** {@code linear}: the first free agent in the order written. */
final class Linear implements RoutingStrategy {

    @Override
    public List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random) {
        return List.of(queue.free().get(0));
    }
}
