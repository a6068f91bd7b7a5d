package org.atende.acd;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A call waiting in a queue: what it asks for, since when, its place in arrival order, and the agents ringing for
 * it now.
 */
final class WaitingCall {

    final String callId;
    final AcdQueue queue;
    final Requirements requirements;
    /** The skills an agent needs, the language included. */
    final Map<String, Integer> needed;
    /** No member has the skills asked for and there is no overflow: any member takes it. */
    final boolean relaxed;
    final Instant since;
    final long arrival;
    final Set<String> ringing = new LinkedHashSet<>();
    int missed;

    WaitingCall(String callId, AcdQueue queue, Requirements requirements, boolean relaxed, Instant since,
            long arrival) {
        this.callId = callId;
        this.queue = queue;
        this.requirements = requirements;
        this.needed = requirements.needed();
        this.relaxed = relaxed;
        this.since = since;
        this.arrival = arrival;
    }
}
