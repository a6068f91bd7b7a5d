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
 * queue who are free and have the skills it asks for (any member when it is relaxed), as the queue's
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
     * The members of {@code w}'s queue among {@code free} who may take it, in the queue's order: those with the
     * skills (any member when the call is relaxed) and, among them, only those with the lowest penalty (no higher
     * than the penalty of the members it rings already, for a ring-all call).
     */
    private static List<FreeAgent> eligible(WaitingCall w, List<Agent> free) {
        List<FreeAgent> eligible = new ArrayList<>();
        // a ring-all call keeps to the penalty of the members it rings: a higher one waits until they stop ringing
        int lowest = Integer.MAX_VALUE;
        for (String ringing : w.ringing) {
            lowest = Math.min(lowest, w.queue.members.get(ringing).penalty());
        }
        for (Agent a : free) {
            AcdQueue.Membership m = w.queue.members.get(a.id);
            if (m == null || m.penalty() > lowest) {
                continue;
            }
            Map<String, Integer> skills = w.queue.skillsOf(m, a);
            if (w.relaxed || SkillMatch.hasSkills(skills, w.needed)) {
                if (m.penalty() < lowest) {
                    lowest = m.penalty();
                    eligible.clear();
                }
                eligible.add(a.asFree(m.position(), skills));
            }
        }
        eligible.sort(WRITTEN);
        return eligible;
    }
}
