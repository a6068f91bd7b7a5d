package org.atende.acd.routing;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code round_robin}: the first free agent written after the one the queue offered a call to last, starting over
 * at the top of the list past its end (and at the top before any offer). The queue keeps that memory (the
 * snapshot's {@link QueueSnapshot#lastOffered}); the strategy only reads it.
 */
final class RoundRobin implements RoutingStrategy {

    @Override
    public List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random) {
        int last = queue.lastOffered().orElse(-1);
        for (FreeAgent a : queue.free()) {
            if (a.position() > last) {
                return List.of(a);
            }
        }
        return List.of(queue.free().get(0));
    }
}
