package org.atende.acd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the control port and tests read of the {@link Acd} ({@code acd.view()}): its agents, waiting calls and
 * queue figures, as they are now. Reading changes nothing; like the {@link Acd}, not thread-safe: read it from the
 * ACD's one owner. What is read of callbacks is on {@link AcdCallbacks}.
 */
public final class AcdView {

    private final Clock clock;
    private final Map<String, AcdQueue> queues;
    private final AgentRoster agents;
    private final QueueCalls calls;
    private final Callbacks callbacks;

    AcdView(Clock clock, Map<String, AcdQueue> queues, AgentRoster agents, QueueCalls calls, Callbacks callbacks) {
        this.clock = clock;
        this.queues = queues;
        this.agents = agents;
        this.calls = calls;
        this.callbacks = callbacks;
    }

    // ---- agents ----

    public Optional<Acd.AgentState> agentState(String agent) {
        return Optional.ofNullable(agents.get(agent)).map(Agent::state);
    }

    /** The call an agent rings for or talks on. */
    public Optional<String> agentCall(String agent) {
        return Optional.ofNullable(agents.get(agent)).map(a -> a.call);
    }

    /** What a supervisor sees of {@code agent}. */
    public Optional<AgentStatus> agentStatus(String agent) {
        return Optional.ofNullable(agents.get(agent)).map(this::status);
    }

    /** Every agent, static members first, in the order configured. */
    public List<AgentStatus> agents() {
        return agents.all().stream().map(this::status).toList();
    }

    private AgentStatus status(Agent a) {
        return a.status(clock.instant());
    }

    /** The agent logged in at {@code extension}, if any. */
    public Optional<String> agentAt(String extension) {
        return Optional.ofNullable(agents.at(extension)).map(a -> a.id);
    }

    /** How many calls outside the queues {@code extension} is on. */
    public int otherCalls(String extension) {
        return agents.otherCalls(extension);
    }

    // ---- calls ----

    /** The calls waiting in {@code queue}, next to be served first, callbacks waiting their turn included. */
    public List<String> waitingIn(String queue) {
        return calls.waitingIn(queue);
    }

    /**
     * How long {@code callId} should still wait, as {@link WaitEstimates} works it out now; empty when it is not
     * waiting or its queue has too little history.
     */
    public Optional<Duration> estimatedWait(String callId) {
        WaitingCall w = calls.waiting(callId);
        return w == null ? Optional.empty() : WaitEstimates.estimate(w, calls, agents, clock.instant());
    }

    /**
     * The place of {@code callId} in its queue, 1 for the next to be served, callbacks waiting their turn counted at
     * their places; empty when it is not waiting (nor is a callback being dialled or waiting to retry).
     */
    public Optional<Integer> position(String callId) {
        return Optional.ofNullable(calls.waiting(callId)).map(calls::position);
    }

    /** How many of its queue's relaxation steps applied to {@code callId}; empty when it is not waiting. */
    public Optional<Integer> step(String callId) {
        return Optional.ofNullable(calls.waiting(callId)).map(w -> w.step);
    }

    /** Which agents are ringing for {@code callId} (empty when it is not waiting). */
    public Set<String> ringingFor(String callId) {
        WaitingCall w = calls.waiting(callId);
        return w == null ? Set.of() : Set.copyOf(w.ringing());
    }

    // ---- queues ----

    public QueueStats stats(String queue) {
        AcdQueue q = queues.get(queue);
        if (q == null) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        Instant now = clock.instant();
        return q.stats(calls.waitingIn(q), callbacks.pendingIn(q), now);
    }
}
