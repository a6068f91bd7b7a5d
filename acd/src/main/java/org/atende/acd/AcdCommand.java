package org.atende.acd;

import java.time.Duration;
import org.atende.config.flow.Node;

/** What the ACD decided; the engine carries it out on the calls and its timers. */
public sealed interface AcdCommand {

    /**
     * The call waits in the queue.
     *
     * @param position 1 for the next call to be served in this queue
     * @param relaxed  no member has the skills the call asked for and there is no overflow: any member takes it
     */
    record Queued(String callId, String queue, int position, boolean relaxed) implements AcdCommand {
    }

    /**
     * Ring {@code agent}'s phones, those of the extension they are logged in at, for the call; report the outcome
     * with offerAnswered or offerFailed, or offerDeclined when the extension turned out to be on another call at
     * ring time.
     */
    record Offer(String callId, String queue, String agent, String extension, Duration ringTimeout)
            implements AcdCommand {

        /** An offer to a static member, whose id is its extension. */
        public Offer(String callId, String queue, String agent, Duration ringTimeout) {
            this(callId, queue, agent, agent, ringTimeout);
        }
    }

    /** Stop ringing {@code agent} for the call. */
    record CancelOffer(String callId, String agent, Why why) implements AcdCommand {

        public enum Why {
            /** Another agent answered (ring all): the phone should log no missed call (RFC 3326 cause 200). */
            TAKEN_ELSEWHERE,
            /** The call left the queue, or the agent was offered another, paused or logged out. */
            WITHDRAWN
        }
    }

    /**
     * An agent's state changed, or a change was asked for that waits for their call to end ({@code pending}).
     *
     * @param reason    the pause reason, when paused (or of a pending pause)
     * @param extension where the agent is logged in; null when logged out
     * @param cause     why, in words, for the log ("feature code", "3 offers missed in a row", …)
     */
    record AgentChanged(String agent, Acd.AgentState state, String reason, String extension,
                        PendingChange pending, String cause) implements AcdCommand {
    }

    /** The call leaves the queue for {@code target}. */
    record Overflow(String callId, String queue, Node.Target target, String reason) implements AcdCommand {
    }

    record StartTimer(AcdTimer timer, Duration after) implements AcdCommand {
    }

    record CancelTimer(AcdTimer timer) implements AcdCommand {
    }
}
