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
    record Offer(String callId, String queue, String agent, String extension, Duration ringTimeout,
                 boolean callback) implements AcdCommand {

        /** An offer of a caller on the line. */
        public Offer(String callId, String queue, String agent, String extension, Duration ringTimeout) {
            this(callId, queue, agent, extension, ringTimeout, false);
        }

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

    /**
     * The call does not wait, or waits no more, in a queue with no overflow: the caller hears busy. On arrival when
     * the queue is full ({@code max_waiting}) or nobody is logged in to it ({@code join_empty: false}); while
     * waiting when the queue's last agent logged out ({@code join_empty: false}).
     */
    record Refused(String callId, String queue, String reason) implements AcdCommand {
    }

    /**
     * A relaxation step of the queue applied to the waiting call (for the log and the call's record); the ACD
     * offers the call to whoever may take it now.
     *
     * @param step        which: 1 for the first of the queue's {@code steps}
     * @param description what changed, as {@link org.atende.config.QueueConfig.Step#describe} says it
     */
    record Relaxed(String callId, String queue, int step, String description) implements AcdCommand {
    }

    /**
     * The waiting caller's callback is taken ({@link AcdCallbacks#request}): the call keeps its place in the queue
     * and waits with nobody on the line; when its turn comes the agent is offered it ({@link Offer#callback}),
     * then the engine dials {@code number}.
     *
     * @param position the call's place, as before the request
     */
    record CallbackQueued(String callId, String queue, String number, int position) implements AcdCommand {
    }

    /** The callback is not taken ({@code callback.max_pending} reached): the caller goes on waiting. */
    record CallbackRefused(String callId, String queue, String reason) implements AcdCommand {
    }

    /**
     * An attempt reached nobody ({@link AcdCallbacks#failed}) and the queue's {@code callback.attempts} are not
     * used up: the callback waits again, at its old place, {@code after} from now.
     *
     * @param attempts how many attempts failed so far
     */
    record CallbackRetry(String callId, String queue, int attempts, Duration after, String reason)
            implements AcdCommand {
    }

    /** The last attempt reached nobody (or the callback was cancelled): the callback is given up. */
    record CallbackFailed(String callId, String queue, int attempts, String reason) implements AcdCommand {
    }

    record StartTimer(AcdTimer timer, Duration after) implements AcdCommand {
    }

    record CancelTimer(AcdTimer timer) implements AcdCommand {
    }
}
