package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls the ACD holds, by call id: those waiting (possibly ringing an agent), kept in service order (highest
 * priority, then earliest arrival), and those an agent took, with the queue and agent they went to.
 */
final class QueueCalls {

    /** Highest priority first, then the earliest arrival. */
    static final Comparator<WaitingCall> ORDER = Comparator.<WaitingCall>comparingInt(
            w -> -w.requirements.priority()).thenComparingLong(w -> w.arrival);

    /** Calls waiting (possibly ringing an agent), by call id. */
    private final Map<String, WaitingCall> waiting = new LinkedHashMap<>();
    /** Calls an agent took, by call id. */
    private final Map<String, Connected> connected = new HashMap<>();
    private long arrivals;

    /** Whether the call is waiting or was taken. */
    boolean holds(String callId) {
        return waiting.containsKey(callId) || connected.containsKey(callId);
    }

    /** The call starts waiting in {@code queue}, after every call that arrived before it. */
    WaitingCall startWaiting(String callId, AcdQueue queue, Requirements requirements, boolean relaxed,
            Instant since) {
        WaitingCall w = new WaitingCall(callId, queue, requirements, relaxed, since, arrivals++);
        waiting.put(callId, w);
        return w;
    }

    /** The waiting call, or null. */
    WaitingCall waiting(String callId) {
        return waiting.get(callId);
    }

    /** The call stops waiting; returns it, or null when it was not waiting. */
    WaitingCall stopWaiting(String callId) {
        return waiting.remove(callId);
    }

    boolean noneWaiting() {
        return waiting.isEmpty();
    }

    /** Every waiting call, next to be served first. */
    List<WaitingCall> inOrder() {
        List<WaitingCall> order = new ArrayList<>(waiting.values());
        order.sort(ORDER);
        return order;
    }

    /** The calls waiting in the queue named {@code queue}, next to be served first. */
    List<String> waitingIn(String queue) {
        return waiting.values().stream().filter(w -> w.queue.config.name().equals(queue)).sorted(ORDER)
                .map(w -> w.callId).toList();
    }

    /** The calls waiting in {@code queue}, in arrival order. */
    List<WaitingCall> waitingIn(AcdQueue queue) {
        return waiting.values().stream().filter(w -> w.queue == queue).toList();
    }

    /** The place of {@code w} in its queue, 1 for the next to be served. */
    int position(WaitingCall w) {
        return (int) waiting.values().stream().filter(o -> o.queue == w.queue && ORDER.compare(o, w) < 0).count() + 1;
    }

    boolean isConnected(String callId) {
        return connected.containsKey(callId);
    }

    /** {@code agent} took the call, from {@code queue}. */
    void connect(String callId, AcdQueue queue, String agent) {
        connected.put(callId, new Connected(callId, queue, agent));
    }

    /** The taken call is over; returns it, or null when no agent had it. */
    Connected disconnect(String callId) {
        return connected.remove(callId);
    }

    /** A call an agent took. */
    record Connected(String callId, AcdQueue queue, String agent) {
    }
}
