package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.routing.FreeAgent;

/**
 * One agent as the ACD sees them: their {@link AgentState}, the call they ring for or talk on, since when they are
 * idle, until when they rest after a missed offer, how many calls outside the queues they are on, and how many
 * queue calls they answered and how long they talked on them since start (for the strategies that share the work).
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
    /** Queue calls answered since start. */
    long answered;
    /** Time talked on queue calls since start, the call now talked on not yet counted. */
    Duration talked = Duration.ZERO;
    /** Since when the agent talks on {@link #call}; null when not talking. */
    Instant talkingSince;

    Agent(String extension, Instant now) {
        this.extension = extension;
        this.idleSince = now;
    }

    /** Offered {@code callId}: the agent's phones ring for it. */
    void ring(String callId) {
        state = AgentState.RINGING;
        call = callId;
    }

    /** Answered {@code callId} at {@code now}: the agent talks on it, one more call answered. */
    void busy(String callId, Instant now) {
        state = AgentState.BUSY;
        call = callId;
        answered++;
        talkingSince = now;
    }

    /** The call talked on ended at {@code now}: its time counts as talked. Wrap-up or idle follows. */
    void hungUp(Instant now) {
        if (talkingSince != null) {
            talked = talked.plus(Duration.between(talkingSince, now));
            talkingSince = null;
        }
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

    /** How a strategy sees this agent, the member at {@code position} of a queue, with its {@code skills} there. */
    FreeAgent asFree(int position, Map<String, Integer> skills) {
        return new FreeAgent(extension, position, skills, idleSince, answered, talked);
    }

    /** Idle, on no other call and not resting: the agent may be offered a call at {@code now}. */
    boolean available(Instant now) {
        return state == AgentState.IDLE && otherCalls == 0 && (restingUntil == null || !now.isBefore(restingUntil));
    }
}
