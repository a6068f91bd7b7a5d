package org.atende.acd.routing;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * {@code best_skill}: the agent whose levels in the skills asked for add up highest; ties go to the longest idle,
 * then to the first in the order written.
 */
final class BestSkill implements RoutingStrategy {

    @Override
    public List<FreeAgent> choose(QueueSnapshot queue, Caller caller, Instant now, RandomGenerator random) {
        Comparator<FreeAgent> order = Comparator.<FreeAgent>comparingInt(a -> -score(a, caller.needed()))
                .thenComparing(FreeAgent.LONGEST_IDLE);
        return List.of(RoutingStrategy.least(queue.free(), order));
    }

    /** The sum of the agent's levels in the skills {@code needed} names. */
    static int score(FreeAgent a, Map<String, Integer> needed) {
        int score = 0;
        for (String skill : needed.keySet()) {
            score += a.skills().getOrDefault(skill, 0);
        }
        return score;
    }
}
