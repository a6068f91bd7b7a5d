package org.atende.acd;

import java.time.Instant;
import org.atende.acd.Acd.AgentState;

/**
 * One agent as the ACD sees them: their {@link AgentState}, the call they ring for or talk on, since when they are
 * idle, until when they rest after a missed offer, and how many calls outside the queues they are on.
 */
final class Agent {

    final String extension;
    AgentState state = AgentState.IDLE;
    /** The call being offered or talked on. */
    String call;
    Instant idleSince;
    /** Not offered calls before this, after missing an offer; null when not resting. */
    Instant restingUntil;
    /** Calls outside the queues the agent is on (placed, or to the extension). */
    int otherCalls;

    Agent(String extension, Instant now) {
        this.extension = extension;
        this.idleSince = now;
    }

    /** Offered {@code callId}: the agent's phones ring for it. */
    void ring(String callId) {
        state = AgentState.RINGING;
        call = callId;
    }

    void busy(String callId) {
        state = AgentState.BUSY;
        call = callId;
    }

    /** Back to idle after an offer that went nowhere: the idle time keeps counting from before the offer. */
    void idleAgain() {
        state = AgentState.IDLE;
        call = null;
    }

    /** The queue call is over: the agent wraps up, offered nothing until the wrap-up timer. */
    void wrapUp() {
        state = AgentState.WRAP_UP;
        call = null;
    }

    /** Idle again after a queue call (and its wrap-up): the idle time counts from {@code now}. */
    void idleFrom(Instant now) {
        state = AgentState.IDLE;
        call = null;
        idleSince = now;
    }

    /** Whether this agent's phones ring for {@code callId} now. */
    boolean ringsFor(String callId) {
        return state == AgentState.RINGING && callId.equals(call);
    }

    /** Idle, on no other call and not resting: the agent may be offered a call at {@code now}. */
    boolean available(Instant now) {
        return state == AgentState.IDLE && otherCalls == 0 && (restingUntil == null || !now.isBefore(restingUntil));
    }
}
