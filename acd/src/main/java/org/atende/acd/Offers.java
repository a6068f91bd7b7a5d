package org.atende.acd;

import java.util.List;
import org.atende.acd.Acd.AgentState;

/**
 * The offer lifecycle: an agent rings for a waiting call until the offer is answered, ends unanswered (failed or
 * declined), or is withdrawn because another agent took the call or the call left the queue. Keeps each call's
 * ringing agents and each agent's {@link AgentState#RINGING} in step, and says {@link AcdCommand.Offer} and
 * {@link AcdCommand.CancelOffer}.
 */
final class Offers {

    private final AgentRoster roster;

    Offers(AgentRoster roster) {
        this.roster = roster;
    }

    /** Rings {@code a}, an available agent, for {@code w}. */
    void ring(WaitingCall w, Agent a, List<AcdCommand> out) {
        a.ring(w.callId);
        w.ringing.add(a.extension);
        out.add(new AcdCommand.Offer(w.callId, w.queue.config.name(), a.extension, w.queue.config.ringTimeout()));
    }

    /** {@code taker} answered {@code w}: the others ringing for it are idle again and their offers withdrawn. */
    void withdrawOthers(WaitingCall w, String taker, List<AcdCommand> out) {
        for (String other : w.ringing) {
            if (!other.equals(taker)) {
                roster.get(other).idleAgain();
                out.add(new AcdCommand.CancelOffer(w.callId, other));
            }
        }
    }

    /**
     * {@code a}, ringing for {@code other}, took another call: the offer of {@code other} is withdrawn, and
     * {@code other} goes to someone else. The agent's state is the caller's to set.
     */
    void withdraw(Agent a, WaitingCall other, List<AcdCommand> out) {
        other.ringing.remove(a.extension);
        out.add(new AcdCommand.CancelOffer(a.call, a.extension));
    }

    /** {@code w} left the queue: every agent ringing for it is idle again and their offers withdrawn. */
    void withdrawAll(WaitingCall w, List<AcdCommand> out) {
        for (String agent : w.ringing) {
            roster.get(agent).idleAgain();
            out.add(new AcdCommand.CancelOffer(w.callId, agent));
        }
        w.ringing.clear();
    }

    /**
     * The offer to {@code a} ended unanswered (failed or declined): the agent is idle again and no longer rings
     * for {@code w}, the call if it still waits (null otherwise).
     */
    void ended(Agent a, WaitingCall w) {
        a.idleAgain();
        if (w != null) {
            w.ringing.remove(a.extension);
        }
    }
}
