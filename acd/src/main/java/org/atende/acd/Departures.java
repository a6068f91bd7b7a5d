package org.atende.acd;

import java.time.Instant;
import java.util.List;
import org.atende.config.flow.Node;

/**
 * A call leaves its queue without an agent: its ringing agents are free again, its timers are not needed, it is
 * counted, and the engine is told where it goes ({@link AcdCommand.Overflow}) or that it hears busy
 * ({@link AcdCommand.Refused}). Also a caller turned away on arrival (the queue full, nobody logged in, nobody
 * with the skills).
 */
final class Departures {

    private final QueueCalls calls;
    private final Offers offers;

    Departures(QueueCalls calls, Offers offers) {
        this.calls = calls;
        this.offers = offers;
    }

    /** {@code w} has stopped waiting (hung up, or sent away): its offers are withdrawn and its timers cancelled. */
    void left(WaitingCall w, Instant now, List<AcdCommand> out) {
        offers.withdrawAll(w, now, out);
        stopTimers(w, out);
    }

    /**
     * {@code w} no longer waits (taken or gone): its max-wait and step timers are cancelled (a callback's max-wait
     * timer was when it became one, or never started).
     */
    void stopTimers(WaitingCall w, List<AcdCommand> out) {
        if (w.queue.config.maxWait().isPresent() && !w.isCallback()) {
            out.add(new AcdCommand.CancelTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, w.callId)));
        }
        if (w.stepsLeft()) {
            out.add(new AcdCommand.CancelTimer(new AcdTimer(AcdTimer.Kind.STEP, w.callId)));
        }
    }

    /** The waiting call {@code w} leaves for {@code target}. */
    void overflow(WaitingCall w, Node.Target target, String reason, Instant now, List<AcdCommand> out) {
        calls.stopWaiting(w.callId);
        w.queue.counters.overflowed++;
        w.queue.abandonRate.answered(java.time.Duration.between(w.since, now)); // time the caller could have left
        left(w, now, out);
        out.add(new AcdCommand.Overflow(w.callId, w.queue.config.name(), target, reason));
    }

    /** The waiting call {@code w} leaves for its queue's overflow, or hears busy when there is none. */
    void sendAway(WaitingCall w, String reason, Instant now, List<AcdCommand> out) {
        if (w.queue.config.overflow().isPresent()) {
            overflow(w, w.queue.config.overflow().get(), reason, now, out);
            return;
        }
        calls.stopWaiting(w.callId);
        w.queue.counters.refused++;
        left(w, now, out);
        out.add(new AcdCommand.Refused(w.callId, w.queue.config.name(), reason));
    }

    /** The arriving call does not wait in {@code q}: it goes to the queue's overflow, or hears busy. */
    void turnAway(AcdQueue q, String callId, String reason, List<AcdCommand> out) {
        if (q.config.overflow().isPresent()) {
            q.counters.overflowed++;
            out.add(new AcdCommand.Overflow(callId, q.config.name(), q.config.overflow().get(), reason));
        } else {
            q.counters.refused++;
            out.add(new AcdCommand.Refused(callId, q.config.name(), reason));
        }
    }
}
