package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call waiting in a queue: what it asked for and what it asks now (after its queue's relaxation steps), the
 * other queues whose members may take it, since when, its place in arrival order, and the agents ringing for it
 * now; whether it is a caller on the line or a callback ({@link State}), and for a callback the number to dial and the
 * attempts that reached nobody.
 *
 * <p>A callback keeps the object it was as a caller, and with it its place (arrival, priority, since) and what the
 * steps did to it, while it is taken and while it waits to retry, out of the waiting calls.
 *
 * <p>A call the {@link QueueCalls} hold tells them of each change that may let it be offered to someone it could
 * not be offered to before (it asks less, reaches another queue, or no longer rings an agent): the next dispatch
 * looks at it.
 */
final class WaitingCall {

    /** What the call is now. */
    enum State {
        /** A caller on the line waits. */
        CALLER,
        /** A callback waits its turn, nobody on the line. */
        CALLBACK_WAITING,
        /** An agent took the callback: the customer is dialled. */
        CALLBACK_DIALLING,
        /** The customer answered: they talk with the agent (no longer pending). */
        CALLBACK_TALKING,
        /** An attempt reached nobody: the callback waits out its retry time, offered to nobody. */
        CALLBACK_RETRYING
    }

    final String callId;
    final AcdQueue queue;
    /** What the call asked for on arrival (its priority orders the queue). */
    final Requirements requirements;
    /** What it asks now: {@link #requirements} relaxed by the steps applied. */
    private Requirements asks;
    /** The skills an agent needs now, the language included. */
    Map<String, Integer> needed;
    /** No member has the skills asked for and there is no overflow: any member takes it. */
    final boolean relaxed;
    final Instant since;
    final long arrival;
    private final Set<String> ringing = new LinkedHashSet<>();
    /** Queues whose members may take the call too, in the order the steps reached them. */
    final List<AcdQueue> widened = new ArrayList<>();
    /** How many of the queue's steps have applied: 0 before the first, 1 after the first. */
    int step;
    int missed;
    /** A caller, or a callback at one of its stages ({@link Callbacks} moves it along). */
    State state = State.CALLER;
    /** The number a callback dials; null for a caller. */
    String number;
    /** The attempts of a callback that reached nobody. */
    int attempts;
    /** A retrying callback is offered no earlier than this; null otherwise. */
    Instant notBefore;
    /** The calls holding this one (null for a call on its own, as tests make them). */
    private final QueueCalls calls;
    /** No longer waiting (taken, or gone). */
    boolean left;
    /** Among the calls changed since the last dispatch ({@link QueueCalls} keeps it). */
    boolean changed;
    /** The last dispatch that took this call among those it looks at ({@link OfferPlanner} keeps it). */
    long looked;
    /** The last dispatch that took this call as changed ({@link OfferPlanner} keeps it). */
    long changedBy;

    /** A call on its own, held by no {@link QueueCalls}. */
    WaitingCall(String callId, AcdQueue queue, Requirements requirements, boolean relaxed, Instant since,
            long arrival) {
        this(callId, queue, requirements, relaxed, since, arrival, null);
    }

    WaitingCall(String callId, AcdQueue queue, Requirements requirements, boolean relaxed, Instant since,
            long arrival, QueueCalls calls) {
        this.callId = callId;
        this.queue = queue;
        this.requirements = requirements;
        this.asks = requirements;
        this.needed = requirements.needed();
        this.relaxed = relaxed;
        this.since = since;
        this.arrival = arrival;
        this.calls = calls;
    }

    Requirements asks() {
        return asks;
    }

    /** From now on the call asks {@code r}. */
    void relaxTo(Requirements r) {
        asks = r;
        needed = r.needed();
        changed();
    }

    /** From now on the members of {@code q} may take the call too (after those of the queues reached before). */
    void widen(AcdQueue q) {
        widened.add(q);
        if (calls != null) {
            calls.widened(this, q);
        }
        changed();
    }

    /** The agents ringing for the call now, in the order they were offered it. */
    Set<String> ringing() {
        return Collections.unmodifiableSet(ringing);
    }

    /** {@code agent}'s phones ring for the call. */
    void ring(String agent) {
        ringing.add(agent);
    }

    /** {@code agent}'s phones no longer ring for the call, which goes on waiting. */
    void stopRinging(String agent) {
        if (ringing.remove(agent)) {
            changed();
        }
    }

    /** No phone rings for the call any more: it left the queue. */
    void stopRingingAll() {
        ringing.clear();
    }

    /** Whether the call is a callback (at any stage), not a caller on the line. */
    boolean isCallback() {
        return state != State.CALLER;
    }

    /** Whether a step of the queue has yet to apply (its timer runs). */
    boolean stepsLeft() {
        return step < queue.config.steps().size();
    }

    private void changed() {
        if (calls != null) {
            calls.changed(this);
        }
    }
}
