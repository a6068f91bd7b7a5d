package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The calls the ACD holds, by call id: those waiting (possibly ringing an agent), kept in service order (highest
 * priority, then earliest arrival), and those an agent took, with the queue and agent they went to.
 *
 * <p>Also, so that a decision looks only at the calls concerned: each queue's waiting calls and the calls its
 * steps widened to it from other queues, in service order; and the calls that changed since the last dispatch
 * (arrived, ask less, reach another queue, no longer ring an agent), as each {@link WaitingCall} tells.
 */
final class QueueCalls {

    /** Highest priority first, then the earliest arrival. */
    static final Comparator<WaitingCall> ORDER = Comparator.<WaitingCall>comparingInt(
            w -> -w.requirements.priority()).thenComparingLong(w -> w.arrival);
    private static final Comparator<WaitingCall> ARRIVAL = Comparator.comparingLong(w -> w.arrival);

    /** Calls waiting (possibly ringing an agent), by call id. */
    private final Map<String, WaitingCall> waiting = new LinkedHashMap<>();
    /** Calls an agent took, by call id. */
    private final Map<String, Connected> connected = new HashMap<>();
    /** Each queue's waiting calls, in service order. */
    private final Map<AcdQueue, NavigableSet<WaitingCall>> in = new IdentityHashMap<>();
    /** The calls of other queues that steps widened to each queue, in service order. */
    private final Map<AcdQueue, NavigableSet<WaitingCall>> reaching = new IdentityHashMap<>();
    private List<WaitingCall> changed = new ArrayList<>();
    private long arrivals;

    /** Whether the call is waiting or was taken. */
    boolean holds(String callId) {
        return waiting.containsKey(callId) || connected.containsKey(callId);
    }

    /** The call starts waiting in {@code queue}, after every call that arrived before it. */
    WaitingCall startWaiting(String callId, AcdQueue queue, Requirements requirements, boolean relaxed,
            Instant since) {
        WaitingCall w = arrive(callId, queue, requirements, relaxed, since);
        waitAgain(w);
        return w;
    }

    /** The call arrives in {@code queue}, after every call that arrived before it, but does not wait yet. */
    WaitingCall arrive(String callId, AcdQueue queue, Requirements requirements, boolean relaxed, Instant since) {
        WaitingCall w = new WaitingCall(callId, queue, requirements, relaxed, since, arrivals++, this);
        w.left = true;
        return w;
    }

    /**
     * {@code w}, not waiting, waits (again) at its place, as it arrived: in its queue and in those its steps
     * widened it to, ringing nobody.
     */
    void waitAgain(WaitingCall w) {
        w.left = false;
        w.stopRingingAll();
        waiting.put(w.callId, w);
        setOf(in, w.queue).add(w);
        for (AcdQueue q : w.widened) {
            setOf(reaching, q).add(w);
        }
        changed(w);
    }

    /** The waiting call, or null. */
    WaitingCall waiting(String callId) {
        return waiting.get(callId);
    }

    /** The call stops waiting; returns it, or null when it was not waiting. */
    WaitingCall stopWaiting(String callId) {
        WaitingCall w = waiting.remove(callId);
        if (w != null) {
            w.left = true;
            in.get(w.queue).remove(w);
            for (AcdQueue q : w.widened) {
                reaching.get(q).remove(w);
            }
        }
        return w;
    }

    /** Every waiting call, in arrival order. */
    List<WaitingCall> all() {
        return new ArrayList<>(waiting.values());
    }

    boolean noneWaiting() {
        return waiting.isEmpty();
    }

    /** The calls waiting in {@code queue}, next to be served first. */
    NavigableSet<WaitingCall> inOrder(AcdQueue queue) {
        return unmodifiable(in.get(queue));
    }

    /** The calls of other queues that steps widened to {@code queue}, next to be served first. */
    NavigableSet<WaitingCall> reaching(AcdQueue queue) {
        return unmodifiable(reaching.get(queue));
    }

    /** The calls waiting in the queue named {@code queue}, next to be served first. */
    List<String> waitingIn(String queue) {
        return waiting.values().stream().filter(w -> w.queue.config.name().equals(queue)).sorted(ORDER)
                .map(w -> w.callId).toList();
    }

    /** The calls waiting in {@code queue}, in arrival order. */
    List<WaitingCall> waitingIn(AcdQueue queue) {
        List<WaitingCall> calls = new ArrayList<>(inOrder(queue));
        calls.sort(ARRIVAL);
        return calls;
    }

    /** How many calls wait in {@code queue}. */
    int waitingCount(AcdQueue queue) {
        NavigableSet<WaitingCall> calls = in.get(queue);
        return calls == null ? 0 : calls.size();
    }

    /** The place of {@code w} in its queue, 1 for the next to be served (where it would be, when not waiting). */
    int position(WaitingCall w) {
        return setOf(in, w.queue).headSet(w, false).size() + 1;
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

    // ---- what a dispatch looks at ----

    /** {@code w} may be offered to someone it could not be offered to before: the next dispatch looks at it. */
    void changed(WaitingCall w) {
        if (!w.changed) {
            w.changed = true;
            changed.add(w);
        }
    }

    /** A step widened {@code w} to {@code q}. */
    void widened(WaitingCall w, AcdQueue q) {
        if (!w.left) {
            setOf(reaching, q).add(w);
        }
    }

    /** The calls changed since the last call, each once, some maybe gone since; a new list starts. */
    List<WaitingCall> takeChanged() {
        List<WaitingCall> taken = changed;
        changed = new ArrayList<>();
        for (WaitingCall w : taken) {
            w.changed = false;
        }
        return taken;
    }

    private static NavigableSet<WaitingCall> setOf(Map<AcdQueue, NavigableSet<WaitingCall>> sets, AcdQueue q) {
        return sets.computeIfAbsent(q, k -> new TreeSet<>(ORDER));
    }

    private static NavigableSet<WaitingCall> unmodifiable(NavigableSet<WaitingCall> calls) {
        return calls == null ? Collections.emptyNavigableSet() : Collections.unmodifiableNavigableSet(calls);
    }

    /** A call an agent took. */
    record Connected(String callId, AcdQueue queue, String agent) {
    }
}
