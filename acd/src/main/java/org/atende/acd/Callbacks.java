package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atende.acd.WaitingCall.State;
import org.atende.config.QueueConfig;

/**
 * The callbacks: waiting callers who asked to be called back instead of waiting on the line, and the callbacks
 * restored after a restart. A callback is the {@link WaitingCall} it was, its {@link WaitingCall#state} moving
 * along ({@code request}, {@code restore}, {@code answered}, {@code failed} and {@code cancel} are the events
 * of {@link AcdCallbacks}, {@code offerAnswered} and {@code callEnded} the {@link Acd}'s):
 *
 * <pre>{@code
 *            request                         offerAnswered                   answered
 *   CALLER -----------------> CALLBACK_WAITING ------------> CALLBACK_DIALLING ----------------> CALLBACK_TALKING
 *                                ^      ^                           |                                 | callEnded
 *   restore ---------------------+      | CALLBACK_RETRY timer      | failed, callEnded               v
 *       | notBefore ahead               |                           | attempts left: CallbackRetry  (forgotten)
 *       +----------------------> CALLBACK_RETRYING <----------------+ else: CallbackFailed (forgotten)
 *
 *   cancel, while CALLBACK_WAITING or CALLBACK_RETRYING: CallbackFailed (forgotten)
 * }</pre>
 *
 * <p>It keeps its place (arrival, priority, since, requirements, steps applied) in every state, so a retry waits
 * where it waited before, ahead of later arrivals; while dialling or retrying it is out of the waiting calls, and
 * nobody's position counts it. While it waits its queue's {@code max_wait}, overflow steps and limits do not apply
 * to it; relaxation steps do, at their times. Pending (waiting, dialling or retrying) callbacks count toward
 * {@code callback.max_pending}; once the customer answers it is a queue call like any other, ended by
 * {@link Acd#callEnded}.
 *
 * <p>Counted per queue: requested (restored ones too), answered (the customer answered) and failed (given up: the
 * attempts used up, or cancelled by a supervisor), so that requested = answered + failed + pending. A callback
 * restored into a queue without callbacks is counted nowhere: it never entered.
 */
final class Callbacks {

    private final QueueCalls calls;
    private final Offers offers;
    private final Departures departures;
    private final CallSteps steps;
    /** Every callback held, by call id, in any state (talking ones until their call ends). */
    private final Map<String, WaitingCall> held = new LinkedHashMap<>();

    Callbacks(QueueCalls calls, Offers offers, Departures departures, CallSteps steps) {
        this.calls = calls;
        this.offers = offers;
        this.departures = departures;
        this.steps = steps;
    }

    /** Whether {@code callId} is a callback, at any stage. */
    boolean holds(String callId) {
        return held.containsKey(callId);
    }

    /** The callback {@code callId}, or null. */
    WaitingCall get(String callId) {
        return held.get(callId);
    }

    /** How many callbacks of {@code q} wait their turn in it (with nobody on the line). */
    int waitingIn(AcdQueue q) {
        return count(q, State.CALLBACK_WAITING);
    }

    /** How many callbacks of {@code q} are pending: waiting, dialling or waiting to retry. */
    int pendingIn(AcdQueue q) {
        int n = 0;
        for (WaitingCall w : held.values()) {
            if (w.queue == q && w.state != State.CALLBACK_TALKING) {
                n++;
            }
        }
        return n;
    }

    private int count(AcdQueue q, State state) {
        int n = 0;
        for (WaitingCall w : held.values()) {
            if (w.queue == q && w.state == state) {
                n++;
            }
        }
        return n;
    }

    /**
     * The waiting caller {@code w} asks to be called back at {@code number}: refused when its queue has its
     * {@code max_pending}; otherwise its offers are withdrawn, its max-wait timer cancelled, and it waits on as a
     * callback.
     */
    void request(WaitingCall w, String number, Instant now, List<AcdCommand> out) {
        QueueConfig.Callback config = w.queue.config.callback().orElseThrow();
        String queue = w.queue.config.name();
        if (pendingIn(w.queue) >= config.maxPending()) {
            out.add(new AcdCommand.CallbackRefused(w.callId, queue, "callback.max_pending " + config.maxPending()
                    + " reached"));
            return;
        }
        offers.withdrawAll(w, now, out);
        calls.changed(w); // it rings nobody now
        if (w.queue.config.maxWait().isPresent()) {
            out.add(new AcdCommand.CancelTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, w.callId)));
        }
        w.queue.abandonRate.answered(Duration.between(w.since, now)); // time the caller could have hung up
        w.queue.counters.callbacksRequested++;
        w.state = State.CALLBACK_WAITING;
        w.number = number;
        held.put(w.callId, w);
        out.add(new AcdCommand.CallbackQueued(w.callId, queue, number, calls.position(w)));
    }

    /**
     * A callback pending before a restart, {@code w} (arrived, not waiting), waits again, or waits to retry until
     * {@code notBefore} when that is after {@code now}. Counted as requested (and by the caller as offered).
     */
    void restore(WaitingCall w, String number, int attempts, Instant notBefore, Instant now, List<AcdCommand> out) {
        w.queue.counters.callbacksRequested++;
        w.number = number;
        w.attempts = attempts;
        held.put(w.callId, w);
        out.add(new AcdCommand.CallbackQueued(w.callId, w.queue.config.name(), number, calls.position(w)));
        if (notBefore != null && notBefore.isAfter(now)) {
            retryAt(w, notBefore, now, out);
        } else {
            waitAgain(w, now, out);
        }
    }

    /** An agent answered the offer of the waiting callback {@code w}: the customer is dialled. */
    void taken(WaitingCall w) {
        w.state = State.CALLBACK_DIALLING;
    }

    /** Whether {@code callId} is a callback whose customer is being dialled. */
    boolean dialling(String callId) {
        WaitingCall w = held.get(callId);
        return w != null && w.state == State.CALLBACK_DIALLING;
    }

    /** Whether {@code callId} is a callback waiting (its turn, or to retry): the caller's leg ending means nothing. */
    boolean waiting(String callId) {
        WaitingCall w = held.get(callId);
        return w != null && (w.state == State.CALLBACK_WAITING || w.state == State.CALLBACK_RETRYING);
    }

    /** The customer of a dialling callback answered: it is answered, and no longer pending. */
    void answered(String callId) {
        WaitingCall w = held.get(callId);
        if (w != null && w.state == State.CALLBACK_DIALLING) {
            w.state = State.CALLBACK_TALKING;
            w.queue.counters.callbacksAnswered++;
        }
    }

    /** The call of {@code callId} ended: a talking callback is over, and forgotten. */
    void ended(String callId) {
        WaitingCall w = held.get(callId);
        if (w != null && w.state == State.CALLBACK_TALKING) {
            held.remove(callId);
        }
    }

    /**
     * The attempt of the dialling callback {@code callId} reached nobody: it is disconnected from its agent
     * (returned, for the ACD to free them; null when it was not dialling), and retries after the queue's
     * {@code retry_after} or, its attempts used up, is given up. An attempt whose customer was not {@code dialled}
     * uses none up.
     */
    QueueCalls.Connected attemptFailed(String callId, String reason, boolean dialled, Instant now,
                                       List<AcdCommand> out) {
        if (!dialling(callId)) {
            return null;
        }
        WaitingCall w = held.get(callId);
        QueueCalls.Connected c = calls.disconnect(callId);
        QueueConfig.Callback config = w.queue.config.callback().orElseThrow();
        if (dialled) {
            w.attempts++; // the customer was not called at all: no attempt used
        }
        if (w.attempts < config.attempts()) {
            out.add(new AcdCommand.CallbackRetry(callId, w.queue.config.name(), w.attempts, config.retryAfter(),
                    reason));
            retryAt(w, now.plus(config.retryAfter()), now, out);
        } else {
            giveUp(w, reason, out);
        }
        return c;
    }

    /**
     * The retry timer of {@code callId} fired at {@code now}: a callback whose time has come waits again. Returns
     * whether it did (not for a stale or early timer: the one for the right time runs).
     */
    boolean retryDue(String callId, Instant now, List<AcdCommand> out) {
        WaitingCall w = held.get(callId);
        if (w == null || w.state != State.CALLBACK_RETRYING || now.isBefore(w.notBefore)) {
            return false;
        }
        waitAgain(w, now, out);
        return true;
    }

    /** A supervisor cancels the pending callback {@code callId}, waiting or retrying; others are left alone. */
    void cancel(String callId, String reason, Instant now, List<AcdCommand> out) {
        WaitingCall w = held.get(callId);
        if (w == null) {
            return;
        }
        switch (w.state) {
            case CALLBACK_WAITING -> {
                calls.stopWaiting(callId);
                departures.left(w, now, out);
            }
            case CALLBACK_RETRYING -> out.add(new AcdCommand.CancelTimer(retryTimer(w)));
            default -> {
                return; // an agent has it: the attempt goes on
            }
        }
        giveUp(w, reason, out);
    }

    /** {@code w}, not waiting, waits to retry until {@code when}. */
    private void retryAt(WaitingCall w, Instant when, Instant now, List<AcdCommand> out) {
        w.state = State.CALLBACK_RETRYING;
        w.notBefore = when;
        out.add(new AcdCommand.StartTimer(retryTimer(w), Duration.between(now, when)));
    }

    /** {@code w}, not waiting, waits again at its place; the steps due meanwhile apply. */
    private void waitAgain(WaitingCall w, Instant now, List<AcdCommand> out) {
        w.state = State.CALLBACK_WAITING;
        w.notBefore = null;
        calls.waitAgain(w);
        steps.resumed(w, now, out);
    }

    private void giveUp(WaitingCall w, String reason, List<AcdCommand> out) {
        held.remove(w.callId);
        w.queue.counters.callbacksFailed++;
        out.add(new AcdCommand.CallbackFailed(w.callId, w.queue.config.name(), w.attempts, reason));
    }

    private static AcdTimer retryTimer(WaitingCall w) {
        return new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, w.callId);
    }
}
