package org.atende.acd;

import java.time.Instant;
import java.util.List;
import org.atende.acd.Acd.AgentState;

/**
 * The offer lifecycle: an agent rings for a waiting call until the offer is answered, ends unanswered (failed or
 * declined), or is withdrawn because another agent took the call or the call left the queue. Keeps each call's
 * ringing agents and each agent's {@link AgentState#RESERVED} in step, and says {@link AcdCommand.Offer} and
 * {@link AcdCommand.CancelOffer}.
 */
final class Offers {

    private final AgentRoster roster;

    Offers(AgentRoster roster) {
        this.roster = roster;
    }

    /** Rings {@code a}, an available agent, for {@code w} (told whether it is a callback). */
    void ring(WaitingCall w, Agent a, Instant now, List<AcdCommand> out) {
        a.ring(w.callId, now);
        w.ring(a.id);
        out.add(new AcdCommand.Offer(w.callId, w.queue.config.name(), a.id, a.extension,
                w.queue.config.ringTimeout(), w.isCallback()));
    }

    /**
     * {@code taker} answered {@code w}: the others ringing for it are available again and their offers withdrawn
     * (their phones are told the call was completed elsewhere).
     */
    void withdrawOthers(WaitingCall w, String taker, Instant now, List<AcdCommand> out) {
        for (String other : w.ringing()) {
            if (!other.equals(taker)) {
                roster.get(other).offerEnded(now);
                out.add(new AcdCommand.CancelOffer(w.callId, other, AcdCommand.CancelOffer.Why.TAKEN_ELSEWHERE));
            }
        }
    }

    /**
     * {@code a}, ringing for {@code other}, took another call: the offer of {@code other} is withdrawn, and
     * {@code other} goes to someone else. The agent's state is the caller's to set.
     */
    void withdraw(Agent a, WaitingCall other, List<AcdCommand> out) {
        if (other != null) {
            other.stopRinging(a.id);
        }
        out.add(new AcdCommand.CancelOffer(a.call, a.id, AcdCommand.CancelOffer.Why.WITHDRAWN));
    }

    /** {@code w} left the queue: every agent ringing for it is available again and their offers withdrawn. */
    void withdrawAll(WaitingCall w, Instant now, List<AcdCommand> out) {
        for (String agent : w.ringing()) {
            roster.get(agent).offerEnded(now);
            out.add(new AcdCommand.CancelOffer(w.callId, agent, AcdCommand.CancelOffer.Why.WITHDRAWN));
        }
        w.stopRingingAll();
    }

    /**
     * The offer to {@code a} ended unanswered (failed or declined): the agent is available again and no longer
     * rings for {@code w}, the call if it still waits (null otherwise).
     */
    void ended(Agent a, WaitingCall w, Instant now) {
        a.offerEnded(now);
        if (w != null) {
            w.stopRinging(a.id);
        }
    }
}
