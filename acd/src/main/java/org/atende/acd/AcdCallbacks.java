package org.atende.acd;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Acd}'s events for the callers called back instead of waiting ({@code acd.callbacks()}), and what is
 * read of them; the lifecycle is drawn on {@link Callbacks}. Like the {@link Acd}: not thread-safe, no I/O, called
 * by the ACD's one owner, which carries out the commands returned.
 */
public final class AcdCallbacks {

    private final Clock clock;
    private final Map<String, AcdQueue> queues;
    private final QueueCalls calls;
    private final Callbacks callbacks;
    private final QueueLimits limits;
    private final AgentRoster agents;
    private final AgentControl control;
    private final OfferPlanner planner;

    AcdCallbacks(Clock clock, Map<String, AcdQueue> queues, QueueCalls calls, Callbacks callbacks, QueueLimits limits,
            AgentRoster agents, AgentControl control, OfferPlanner planner) {
        this.clock = clock;
        this.queues = queues;
        this.calls = calls;
        this.callbacks = callbacks;
        this.limits = limits;
        this.agents = agents;
        this.control = control;
        this.planner = planner;
    }

    /**
     * The waiting caller {@code callId} asks to be called back at {@code number} (E.164) instead of waiting: the call
     * keeps its place (arrival order, priority, requirements, relaxation steps) with nobody on the line. Offers
     * ringing for it are withdrawn; its {@code max_wait} no longer applies, nor do overflow steps or the queue's
     * limits; it is offered to an agent as a callback ({@link AcdCommand.Offer#callback}) when its turn comes.
     * Emits {@link AcdCommand.CallbackQueued}, or {@link AcdCommand.CallbackRefused} when the queue has its
     * {@code callback.max_pending} callbacks already. A call that is not waiting, or is a callback already, is
     * ignored (no commands).
     */
    public List<AcdCommand> request(String callId, String number) {
        List<AcdCommand> out = new ArrayList<>();
        WaitingCall w = calls.waiting(callId);
        if (w == null || w.isCallback() || w.queue.config.callback().isEmpty()) {
            return out;
        }
        callbacks.request(w, number, clock.instant(), out);
        if (callbacks.holds(callId)) {
            dispatch(out); // the agents it rang are free, and it may be offered as a callback
        }
        return out;
    }

    /**
     * A callback pending before a restart waits again: {@code requestedAt} keeps its place among the callbacks
     * restored (restore them in that order, before new calls arrive), {@code attempts} failed already, and it is
     * offered no earlier than {@code notBefore} (null: now). Emits {@link AcdCommand.CallbackQueued}, or
     * {@link AcdCommand.CallbackFailed} when its queue has no callback (any more).
     *
     * <p>It counts as offered to its queue and as a callback requested (the figures start again at a restart, and
     * they add up so); one refused is not counted. Like an arriving call it waits for any member when nobody could
     * ever take it, but it never goes to the overflow. A call the ACD holds already is ignored.
     */
    public List<AcdCommand> restore(String callId, String queue, Requirements requirements, String number,
            Instant requestedAt, int attempts, Instant notBefore) {
        List<AcdCommand> out = new ArrayList<>();
        AcdQueue q = queues.get(queue);
        if (q == null || q.config.callback().isEmpty()) {
            out.add(new AcdCommand.CallbackFailed(callId, queue, attempts, q == null ? "no queue " + queue
                    : "queue " + queue + " has no callback"));
            return out;
        }
        if (calls.holds(callId) || callbacks.holds(callId)) {
            return out;
        }
        q.counters.offered++;
        WaitingCall w = calls.arrive(callId, q, requirements, limits.waitsForAnyone(q, requirements), requestedAt);
        callbacks.restore(w, number, attempts, notBefore, clock.instant(), out);
        dispatch(out);
        return out;
    }

    /** The customer answered the callback its agent took ({@link Acd#offerAnswered}): counted as answered. */
    public List<AcdCommand> answered(String callId) {
        callbacks.answered(callId);
        return new ArrayList<>();
    }

    /**
     * The customer of the callback its agent took did not answer (busy, no answer, unreachable): the agent is free
     * at once (nothing to wrap up); the callback waits again after {@code callback.retry_after}
     * ({@link AcdCommand.CallbackRetry}) or, its attempts used up, is given up ({@link AcdCommand.CallbackFailed}).
     * The agent's pending pause or log-out applies now; the attempt is no handle time for the wait estimate. Only
     * for a callback whose customer is being dialled; otherwise ignored.
     */
    public List<AcdCommand> failed(String callId, String reason) {
        return attemptOver(callId, reason, true);
    }

    /**
     * The callback its agent took was over before its customer was dialled (the agent hung up while told who it
     * was, the trunk had no channel free): as {@link #failed}, but no attempt is counted, since the customer was
     * not called; it waits again after {@code callback.retry_after}.
     */
    public List<AcdCommand> notDialled(String callId, String reason) {
        return attemptOver(callId, reason, false);
    }

    private List<AcdCommand> attemptOver(String callId, String reason, boolean dialled) {
        List<AcdCommand> out = new ArrayList<>();
        Instant now = clock.instant();
        QueueCalls.Connected c = callbacks.attemptFailed(callId, reason, dialled, now, out);
        if (c != null) {
            Agent a = agents.get(c.agent());
            if (callId.equals(a.call) && a.state() == Acd.AgentState.ON_CALL) {
                a.hungUp(now);
                control.workDone(a, now, out);
            }
            dispatch(out);
        }
        return out;
    }

    /**
     * A supervisor cancels a pending callback (waiting or waiting to retry): {@link AcdCommand.CallbackFailed},
     * counted as failed. One an agent has, or no callback, is ignored.
     */
    public List<AcdCommand> cancel(String callId, String reason) {
        List<AcdCommand> out = new ArrayList<>();
        callbacks.cancel(callId, reason, clock.instant(), out);
        if (!out.isEmpty()) {
            dispatch(out); // the agents it rang are free
        }
        return out;
    }

    /** Whether {@code callId} is a callback (waiting, dialled, talking or waiting to retry). */
    public boolean isCallback(String callId) {
        return callbacks.holds(callId);
    }

    /** The number a callback dials; empty when {@code callId} is no callback. */
    public Optional<String> number(String callId) {
        return Optional.ofNullable(callbacks.get(callId)).map(w -> w.number);
    }

    /** How many callbacks {@code callId} made that reached nobody; empty when it is no callback. */
    public Optional<Integer> attempts(String callId) {
        return Optional.ofNullable(callbacks.get(callId)).map(w -> w.attempts);
    }

    private void dispatch(List<AcdCommand> out) {
        planner.dispatch(clock.instant(), out);
    }
}
