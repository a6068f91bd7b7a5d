package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.atende.config.QueueConfig;

/**
 * Decides which waiting calls ring which free agents: calls in service order, each offered to the members of its
 * queue who are free and have the skills it asks for (any member when it is relaxed), as the queue's strategy
 * picks them. A call already ringing is offered again only under ring all.
 */
final class OfferPlanner {

    private final AgentRoster roster;
    private final QueueCalls calls;
    private final Offers offers;

    OfferPlanner(AgentRoster roster, QueueCalls calls, Offers offers) {
        this.roster = roster;
        this.calls = calls;
        this.offers = offers;
    }

    /** Offers every waiting call that can be offered at {@code now} to an agent, in service order. */
    void dispatch(Instant now, List<AcdCommand> out) {
        // under load nobody is free, and there is nothing to decide: look at the free agents only
        List<Agent> free = roster.free(now);
        if (free.isEmpty()) {
            return;
        }
        List<WaitingCall> order = calls.inOrder();
        List<QueueConfig.Member> eligible = new ArrayList<>();
        for (WaitingCall w : order) {
            if (free.isEmpty()) {
                return;
            }
            QueueConfig.Strategy strategy = w.queue.config.strategy();
            if (!w.ringing.isEmpty() && strategy != QueueConfig.Strategy.RING_ALL) {
                continue;
            }
            eligible.clear();
            for (Agent a : free) {
                QueueConfig.Member m = w.queue.members.get(a.extension);
                if (m != null && (w.relaxed || SkillMatch.hasSkills(m, w.needed))) {
                    eligible.add(m);
                }
            }
            if (eligible.isEmpty()) {
                continue;
            }
            eligible.sort(Comparator.comparingInt(m -> w.queue.index.get(m.extension())));
            List<QueueConfig.Member> chosen = switch (strategy) {
                case RING_ALL -> List.copyOf(eligible);
                case LINEAR -> List.of(eligible.get(0));
                case LONGEST_IDLE -> List.of(longestIdle(eligible));
                case BEST_SKILL -> List.of(bestSkill(eligible, w.needed));
            };
            for (QueueConfig.Member m : chosen) {
                Agent a = roster.get(m.extension());
                free.remove(a);
                offers.ring(w, a, out);
            }
        }
    }

    private QueueConfig.Member longestIdle(List<QueueConfig.Member> eligible) {
        QueueConfig.Member best = eligible.get(0);
        for (QueueConfig.Member m : eligible) {
            if (roster.get(m.extension()).idleSince.isBefore(roster.get(best.extension()).idleSince)) {
                best = m;
            }
        }
        return best;
    }

    private QueueConfig.Member bestSkill(List<QueueConfig.Member> eligible, Map<String, Integer> needed) {
        QueueConfig.Member best = eligible.get(0);
        for (QueueConfig.Member m : eligible) {
            int score = SkillMatch.score(m, needed);
            int bestScore = SkillMatch.score(best, needed);
            if (score > bestScore || score == bestScore
                    && roster.get(m.extension()).idleSince.isBefore(roster.get(best.extension()).idleSince)) {
                best = m;
            }
        }
        return best;
    }
}
