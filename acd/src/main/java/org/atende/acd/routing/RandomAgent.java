package org.atende.acd.routing;

import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code random}: any free agent, each as likely, drawn from the generator the ACD was given: the same seed and the
 * same events give the same choices.
 */
final class RandomAgent implements RoutingStrategy {

    @Override
    public List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random) {
        List<FreeAgent> free = queue.free();
        return List.of(free.get(random.nextInt(free.size())));
    }
}
