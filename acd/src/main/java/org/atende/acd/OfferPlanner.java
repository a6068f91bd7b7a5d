package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.atende.acd.routing.Caller;
import org.atende.acd.routing.FreeAgent;
import org.atende.acd.routing.QueueSnapshot;
import org.atende.acd.routing.RoutingStrategy;

/**
 * Decides which waiting calls ring which free agents: calls in service order, each offered to the members of its
 * queue who are free and have the skills it asks for now (any member when it is relaxed), or of the queues its
 * relaxation steps widened it to, as the queue's {@link RoutingStrategy} picks them. A call already ringing is
 * offered again only under a strategy that {@linkplain RoutingStrategy#ringsMany rings many} (ring all).
 *
 * <p>What one dispatch looks at does not grow with the agents or the calls: after every dispatch no call that may
 * be offered has a free agent who may take it (each was offered, or nobody free could take it), except a ring-all
 * call with free agents left out for a higher penalty, which is looked at again next time. So the next dispatch
 * need only look at the calls that changed (arrived, ask less, reach another queue, ring nobody now) and at the
 * calls waiting in the queues of the agents who became free, in service order, and for each only at the free
 * members of its queues ({@link AgentRoster#freeIn}); it offers exactly what looking at every call and every agent
 * would.
 */
final class OfferPlanner {

    private static final Comparator<FreeAgent> WRITTEN = Comparator.comparingInt(FreeAgent::position);

    private final AgentRoster roster;
    private final QueueCalls calls;
    private final Offers offers;
    private final RandomGenerator random;
    private long dispatches;
    /**
     * Tests only: every dispatch looks at every waiting call and, for each, at every agent, as the planner did
     * before it kept the indexes; the offers must be the same.
     */
    boolean everyone;

    OfferPlanner(AgentRoster roster, QueueCalls calls, Offers offers, RandomGenerator random) {
        this.roster = roster;
        this.calls = calls;
        this.offers = offers;
        this.random = random;
    }

    /** Offers every waiting call that can be offered at {@code now} to an agent, in service order. */
    void dispatch(Instant now, List<AcdCommand> out) {
        roster.restsEnded(now);
        List<WaitingCall> look = calls.takeChanged();
        List<Agent> woken = roster.takeWoken();
        long dispatch = ++dispatches;
        if (everyone) {
            look = calls.all();
        } else if (calls.noneWaiting() || !roster.anyFree()) {
            return; // nobody to offer, or nobody free: nothing to decide, and nothing left for later
        } else {
            for (WaitingCall w : look) {
                w.looked = dispatch;
                w.changedBy = dispatch;
            }
            woken.removeIf(a -> !a.free || !a.available(now));
            for (Agent a : woken) {
                for (AcdQueue q : a.queues) {
                    add(calls.inOrder(q), look, dispatch);
                    add(calls.reaching(q), look, dispatch);
                }
            }
        }
        look.sort(QueueCalls.ORDER);
        for (WaitingCall w : look) {
            if (!everyone && !roster.anyFree()) {
                return;
            }
            RoutingStrategy strategy = w.queue.strategy;
            if (w.left || !w.ringing().isEmpty() && !strategy.ringsMany()
                    || !everyone && w.changedBy != dispatch && !anyMayTake(w, woken, now)) {
                continue;
            }
            Eligible eligible = eligible(w, now);
            if (eligible.agents.isEmpty()) {
                continue;
            }
            QueueSnapshot snapshot = new QueueSnapshot(w.queue.config.name(), eligible.agents, w.queue.lastOffered);
            Caller caller = new Caller(w.callId, w.needed, w.requirements.priority());
            for (FreeAgent chosen : strategy.choose(snapshot, caller, now, random)) {
                Agent a = roster.get(chosen.agent());
                if (a == null || !free(a, now)) {
                    throw new IllegalStateException(w.queue.config.strategy().word() + " chose " + chosen.agent()
                            + ", who is not free for " + w.callId);
                }
                offers.ring(w, a, now, out);
                w.queue.lastOffered = OptionalInt.of(chosen.position());
            }
            if (eligible.higherPenalty && strategy.ringsMany()) {
                calls.changed(w); // those left out ring next time if nobody with a lower penalty is free then
            }
        }
    }

    /**
     * Whether one of the agents who became free, {@code woken}, is still free and may take {@code w}: for a call
     * that did not change, nobody else may (every other free agent was free at the last dispatch already).
     */
    private static boolean anyMayTake(WaitingCall w, List<Agent> woken, Instant now) {
        for (Agent a : woken) {
            if (a.free && a.available(now) && mayTake(w, a) != null) {
                return true;
            }
        }
        return false;
    }

    /** Adds to {@code look} the calls of {@code from} it does not have yet. */
    private static void add(Iterable<WaitingCall> from, List<WaitingCall> look, long dispatch) {
        for (WaitingCall w : from) {
            if (w.looked != dispatch) {
                w.looked = dispatch;
                look.add(w);
            }
        }
    }

    /**
     * The free members of {@code w}'s queue and of the queues it was widened to who may take it
     * ({@link #mayTake}), in the queue's order, and among them only those with the lowest penalty.
     */
    private Eligible eligible(WaitingCall w, Instant now) {
        Eligible eligible = new Eligible();
        // a ring-all call keeps to the penalty of the members it rings: a higher one waits until they stop ringing
        for (String ringing : w.ringing()) {
            eligible.lowest = Math.min(eligible.lowest, penaltyOf(w, ringing));
        }
        if (everyone) {
            for (Agent a : roster.all()) {
                if (free(a, now)) {
                    eligible.consider(w, a);
                }
            }
            return eligible.sorted();
        }
        for (int i = -1; i < w.widened.size(); i++) {
            AcdQueue q = i < 0 ? w.queue : w.widened.get(i);
            for (Agent a : roster.freeIn(q)) {
                if (a.available(now) && (i < 0 || !seenBefore(w, i, a))) {
                    eligible.consider(w, a);
                }
            }
        }
        return eligible.sorted();
    }

    /** Whether {@code a} may be offered a call at {@code now}: available, not resting, its extension on no call. */
    private boolean free(Agent a, Instant now) {
        return a.available(now) && (everyone ? roster.otherCalls(a.extension) == 0 : a.free);
    }

    /** Whether {@code a} is a member of {@code w}'s queue or of a queue it was widened to before the i-th. */
    private static boolean seenBefore(WaitingCall w, int i, Agent a) {
        if (w.queue.members.containsKey(a.id)) {
            return true;
        }
        for (int j = 0; j < i; j++) {
            if (w.widened.get(j).members.containsKey(a.id)) {
                return true;
            }
        }
        return false;
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

    /** The free agents with the lowest penalty who may take a call; whether some with a higher one were left out. */
    private static final class Eligible {
        final List<FreeAgent> agents = new ArrayList<>();
        int lowest = Integer.MAX_VALUE;
        boolean higherPenalty;

        /** {@code a}, free, is eligible for {@code w} if it may take it with the lowest penalty so far. */
        void consider(WaitingCall w, Agent a) {
            Candidate c = mayTake(w, a);
            if (c == null) {
                return;
            }
            if (c.penalty() > lowest) {
                higherPenalty = true;
                return;
            }
            if (c.penalty() < lowest) {
                higherPenalty |= !agents.isEmpty();
                lowest = c.penalty();
                agents.clear();
            }
            agents.add(a.asFree(c.position(), c.skills()));
        }

        Eligible sorted() {
            agents.sort(WRITTEN);
            return this;
        }
    }
}
