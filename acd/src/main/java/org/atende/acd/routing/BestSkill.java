package org.atende.acd.routing;

import java.time.Instant;
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
        // each agent's score once (not per comparison): this is the strategy that reads the skills
        FreeAgent best = null;
        int bestScore = 0;
        for (FreeAgent a : queue.free()) {
            int score = score(a, caller.needed());
            if (best == null || score > bestScore || score == bestScore && a.idleSince().isBefore(best.idleSince())) {
                best = a;
                bestScore = score;
            }
        }
        return List.of(best);
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
