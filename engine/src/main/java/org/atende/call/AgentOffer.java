package org.atende.call;

import java.time.Duration;
import org.atende.sip.transaction.TimerService;

/**
 * One offer of a queue call or a callback to an agent ({@link QueuedCall}, {@link CallbackMember}): the agent's
 * contacts being looked up (no timer yet), then ringing for the queue's ring timeout. Owned by the call's loop.
 */
final class AgentOffer {
    final String agent;
    final String extension;
    final Duration ringTimeout;
    /** The ring timer, once the phones ring. */
    TimerService.Timer timer;

    AgentOffer(String agent, String extension, Duration ringTimeout) {
        this.agent = agent;
        this.extension = extension;
        this.ringTimeout = ringTimeout;
    }

    void stopTimer() {
        if (timer != null) {
            timer.cancel();
        }
    }
}
