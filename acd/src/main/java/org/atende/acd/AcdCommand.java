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
     * Ring {@code agent}'s phones for the call; report the outcome with offerAnswered or offerFailed, or
     * offerDeclined when the agent turned out to be on another call at ring time.
     */
    record Offer(String callId, String queue, String agent, Duration ringTimeout) implements AcdCommand {
    }

    /** Stop ringing {@code agent} for the call (another agent took it, or the call left the queue). */
    record CancelOffer(String callId, String agent) implements AcdCommand {
    }

    /** The call leaves the queue for {@code target}. */
    record Overflow(String callId, String queue, Node.Target target, String reason) implements AcdCommand {
    }

    record StartTimer(AcdTimer timer, Duration after) implements AcdCommand {
    }

    record CancelTimer(AcdTimer timer) implements AcdCommand {
    }
}
