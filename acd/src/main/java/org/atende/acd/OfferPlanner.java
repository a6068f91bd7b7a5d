package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.atende.acd.routing.Caller;
import org.atende.acd.routing.FreeAgent;
import org.atende.acd.routing.QueueSnapshot;
import org.atende.acd.routing.RoutingStrategy;
import java.util.Map;

/**
 * Decides which waiting calls ring which free agents: calls in service order, each offered to the members of its
 * queue who are free and have the skills it asks for now (any member when it is relaxed), or of the queues its
 * relaxation steps widened it to, as the queue's
 * {@link RoutingStrategy} picks them. A call already ringing is offered again only under a strategy that
 * {@linkplain RoutingStrategy#ringsMany rings many} (ring all).
 */
final class OfferPlanner {

    private static final Comparator<FreeAgent> WRITTEN = Comparator.comparingInt(FreeAgent::position);

    private final AgentRoster roster;
    private final QueueCalls calls;
    private final Offers offers;
    private final RandomGenerator random;

    OfferPlanner(AgentRoster roster, QueueCalls calls, Offers offers, RandomGenerator random) {
        this.roster = roster;
        this.calls = calls;
        this.offers = offers;
        this.random = random;
    }

    /** Offers every waiting call that can be offered at {@code now} to an agent, in service order. */
    void dispatch(Instant now, List<AcdCommand> out) {
        // under load nobody is free, and there is nothing to decide: look at the free agents only
        List<Agent> free = roster.free(now);
        if (free.isEmpty()) {
            return;
        }
        for (WaitingCall w : calls.inOrder()) {
            if (free.isEmpty()) {
                return;
            }
            RoutingStrategy strategy = w.queue.strategy;
            if (!w.ringing.isEmpty() && !strategy.ringsMany()) {
                continue;
            }
            List<FreeAgent> eligible = eligible(w, free);
            if (eligible.isEmpty()) {
                continue;
            }
            QueueSnapshot snapshot = new QueueSnapshot(w.queue.config.name(), eligible, w.queue.lastOffered);
            Caller caller = new Caller(w.callId, w.needed, w.requirements.priority());
            for (FreeAgent chosen : strategy.choose(snapshot, caller, now, random)) {
                Agent a = roster.get(chosen.agent());
                if (a == null || !free.remove(a)) {
                    throw new IllegalStateException(w.queue.config.strategy().word() + " chose " + chosen.agent()
                            + ", who is not free for " + w.callId);
                }
                offers.ring(w, a, now, out);
                w.queue.lastOffered = OptionalInt.of(chosen.position());
            }
        }
    }

    /**
     * Those among {@code free} who may take {@code w} ({@link #mayTake}), in the queue's order, and among them only
     * those with the lowest penalty (no higher than the penalty of the members it rings already, for a ring-all
     * call).
     */
    private static List<FreeAgent> eligible(WaitingCall w, List<Agent> free) {
        List<FreeAgent> eligible = new ArrayList<>();
        // a ring-all call keeps to the penalty of the members it rings: a higher one waits until they stop ringing
        int lowest = Integer.MAX_VALUE;
        for (String ringing : w.ringing) {
            lowest = Math.min(lowest, penaltyOf(w, ringing));
        }
        for (Agent a : free) {
            Candidate c = mayTake(w, a);
            if (c == null || c.penalty() > lowest) {
                continue;
            }
            if (c.penalty() < lowest) {
                lowest = c.penalty();
                eligible.clear();
            }
            eligible.add(a.asFree(c.position(), c.skills()));
        }
        eligible.sort(WRITTEN);
        return eligible;
    }

    /**
     * How {@code a} may take {@code w}, free or not: as a member of its queue with the skills it needs now (any
     * member when the call is relaxed), or else as a member with those skills of a queue a step widened it to,
     * with the skills and penalty there, placed after the queue's own members; null when {@code a} may not.
     */
    static Candidate mayTake(WaitingCall w, Agent a) {
        AcdQueue.Membership m = w.queue.members.get(a.id);
        if (m != null) {
            Map<String, Integer> skills = w.queue.skillsOf(m, a);
            if (w.relaxed || SkillMatch.hasSkills(skills, w.needed)) {
                return new Candidate(m.penalty(), m.position(), skills);
            }
        }
        int offset = w.queue.members.size();
        for (AcdQueue q : w.widened) {
            m = q.members.get(a.id);
            if (m != null) {
                Map<String, Integer> skills = q.skillsOf(m, a);
                if (SkillMatch.hasSkills(skills, w.needed)) {
                    return new Candidate(m.penalty(), offset + m.position(), skills);
                }
            }
            offset += q.members.size();
        }
        return null;
    }

    /** The penalty of {@code agent}, ringing for {@code w}: in its queue, or in the queue a step widened it to. */
    private static int penaltyOf(WaitingCall w, String agent) {
        AcdQueue.Membership m = w.queue.members.get(agent);
        if (m != null) {
            return m.penalty();
        }
        for (AcdQueue q : w.widened) {
            m = q.members.get(agent);
            if (m != null) {
                return m.penalty();
            }
        }
        return Integer.MAX_VALUE;
    }

    /** An agent who may take a call: their penalty, place and skills through the queue they take it from. */
    record Candidate(int penalty, int position, Map<String, Integer> skills) {
    }
}
