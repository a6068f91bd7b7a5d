package org.atende.acd;

import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.atende.acd.Acd.AgentState;
import org.atende.config.QueueConfig;

/**
 * Who may wait in a queue: on arrival a caller is turned away ({@link Departures#turnAway}: to the overflow, or
 * busy) when the queue is full ({@code max_waiting}), when nobody is logged in to it and it has
 * {@code join_empty: false}, or when nobody could ever take the call (no member, nor any of the queues its steps
 * widen to, has the skills asked for even after every step) and it has an overflow; without one such a call waits
 * for any member. With {@code join_empty: false}, the callers waiting when the queue's last logged-in member logs
 * out are sent away too. Callbacks are none of this: they do not count toward {@code max_waiting}, and stay when the
 * last agent logs out.
 */
final class QueueLimits {

    /** What becomes of an arriving call. */
    enum Admission {
        /** It waits for an agent with the skills it asks for. */
        WAITS,
        /** It waits for any member: nobody has the skills, and there is no overflow. */
        WAITS_FOR_ANYONE,
        /** It was sent to the overflow, or refused. */
        TURNED_AWAY
    }

    private final Map<String, AcdQueue> queues;
    private final AgentRoster roster;
    private final QueueCalls calls;
    private final Departures departures;
    private final Callbacks callbacks;
    /** Each queue with those its steps widen to (the configuration does not change). */
    private final Map<AcdQueue, List<AcdQueue>> reach = new IdentityHashMap<>();

    QueueLimits(Map<String, AcdQueue> queues, AgentRoster roster, QueueCalls calls, Departures departures,
            Callbacks callbacks) {
        this.queues = queues;
        this.roster = roster;
        this.calls = calls;
        this.departures = departures;
        this.callbacks = callbacks;
    }

    /** Whether {@code callId}, asking {@code r}, waits in {@code q}; when not, {@code out} says where it goes. */
    Admission admit(AcdQueue q, String callId, Requirements r, List<AcdCommand> out) {
        QueueConfig.Limits limits = q.config.limits();
        if (!limits.joinEmpty() && !staffed(q)) {
            departures.turnAway(q, callId, "nobody is logged in", out);
            return Admission.TURNED_AWAY;
        }
        if (limits.maxWaiting().isPresent()
                && calls.waitingCount(q) - callbacks.waitingIn(q) >= limits.maxWaiting().getAsInt()) {
            departures.turnAway(q, callId, "the queue is full (" + limits.maxWaiting().getAsInt() + " waiting)",
                    out);
            return Admission.TURNED_AWAY;
        }
        if (anyone(q, r)) {
            return Admission.WAITS;
        }
        if (q.config.overflow().isPresent()) {
            departures.turnAway(q, callId, "no agent has the skills asked for", out);
            return Admission.TURNED_AWAY;
        }
        return Admission.WAITS_FOR_ANYONE;
    }

    /**
     * {@code a} logged out: each queue they serve with {@code join_empty: false} that has nobody logged in now
     * sends its waiting callers away.
     */
    void loggedOut(Agent a, Instant now, List<AcdCommand> out) {
        for (AcdQueue q : a.queues) {
            if (q.config.limits().joinEmpty() || staffed(q)) {
                continue;
            }
            for (WaitingCall w : calls.waitingIn(q)) {
                if (!w.isCallback()) {
                    departures.sendAway(w, "the last agent logged out", now, out);
                }
            }
        }
    }

    /** Whether a member of {@code q} is logged in (static members always are; a paused agent is). */
    private boolean staffed(AcdQueue q) {
        for (AgentRoster.Member m : roster.membersOf(q)) {
            if (m.agent().state() != AgentState.LOGGED_OUT) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a callback restored into {@code q}, asking {@code r}, waits for any member: nobody could ever take it.
     * Unlike an arriving call it does not go to the overflow (nobody is on the line).
     */
    boolean waitsForAnyone(AcdQueue q, Requirements r) {
        return !anyone(q, r);
    }

    /** Whether any member of {@code q}, or of a queue its steps widen to, has the skills {@code r} asks at last. */
    private boolean anyone(AcdQueue q, Requirements r) {
        Map<String, Integer> needed = Relaxation.loosest(r, q.config.steps()).needed();
        for (AcdQueue in : reach.computeIfAbsent(q, home -> Relaxation.reach(home, queues))) {
            for (AgentRoster.Member m : roster.membersOf(in)) {
                if (SkillMatch.hasSkills(in.skillsOf(m.membership(), m.agent()), needed)) {
                    return true;
                }
            }
        }
        return false;
    }
}
