package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A call waiting in a queue: what it asked for and what it asks now (after its queue's relaxation steps), the
 * other queues whose members may take it, since when, its place in arrival order, and the agents ringing for it
 * now.
 */
final class WaitingCall {

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
    final Set<String> ringing = new LinkedHashSet<>();
    /** Queues whose members may take the call too, in the order the steps reached them. */
    final List<AcdQueue> widened = new ArrayList<>();
    /** How many of the queue's steps have applied: 0 before the first, 1 after the first. */
    int step;
    int missed;

    WaitingCall(String callId, AcdQueue queue, Requirements requirements, boolean relaxed, Instant since,
            long arrival) {
        this.callId = callId;
        this.queue = queue;
        this.requirements = requirements;
        this.asks = requirements;
        this.needed = requirements.needed();
        this.relaxed = relaxed;
        this.since = since;
        this.arrival = arrival;
    }

    Requirements asks() {
        return asks;
    }

    /** From now on the call asks {@code r}. */
    void relaxTo(Requirements r) {
        asks = r;
        needed = r.needed();
    }

    /** Whether a step of the queue has yet to apply (its timer runs). */
    boolean stepsLeft() {
        return step < queue.config.steps().size();
    }
}
