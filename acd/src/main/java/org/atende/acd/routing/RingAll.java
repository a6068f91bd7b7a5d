package org.atende.acd.routing;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code ring_all}: every free agent at once, and those who become free while the call rings; the first to answer
 * takes the call.
 */
final class RingAll implements RoutingStrategy {

    @Override
    public List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random) {
        return queue.free();
    }

    @Override
    public boolean ringsMany() {
        return true;
    }
}
