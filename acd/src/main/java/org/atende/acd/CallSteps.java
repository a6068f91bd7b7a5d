package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.atende.config.QueueConfig.Step;

/**
 * The relaxation steps of the waiting calls: one {@link AcdTimer.Kind#STEP} timer per call, for its next step;
 * when it fires, every step whose {@code after} the wait has reached applies ({@link Relaxation}, said by
 * {@link AcdCommand.Relaxed}), or, for an overflow step, the call leaves for its target (a callback skips overflow
 * steps: nobody is on the line to send anywhere). The ACD then offers the call again.
 */
final class CallSteps {

    private final Map<String, AcdQueue> queues;
    private final QueueCalls calls;
    private final Departures departures;

    CallSteps(Map<String, AcdQueue> queues, QueueCalls calls, Departures departures) {
        this.queues = queues;
        this.calls = calls;
        this.departures = departures;
    }

    /** {@code w} starts waiting: the timer for its queue's first step. */
    void started(WaitingCall w, List<AcdCommand> out) {
        if (w.stepsLeft()) {
            out.add(new AcdCommand.StartTimer(timer(w), w.queue.config.steps().get(0).after()));
        }
    }

    /**
     * The step timer of {@code callId} fired at {@code now}: the steps due apply, and the timer is started for
     * the next. A call no longer waiting is ignored; a timer that fired early starts again for the time left.
     */
    void fired(String callId, Instant now, List<AcdCommand> out) {
        WaitingCall w = calls.waiting(callId);
        if (w != null) {
            resumed(w, now, out);
        }
    }

    /**
     * The waiting call {@code w} is looked at, at {@code now}: the steps due apply, and the timer is started for
     * the next. Also for a callback that waits again (its step timer stopped while it was taken or retrying).
     */
    void resumed(WaitingCall w, Instant now, List<AcdCommand> out) {
        String callId = w.callId;
        List<Step> steps = w.queue.config.steps();
        Duration waited = Duration.between(w.since, now);
        while (w.stepsLeft() && waited.compareTo(steps.get(w.step).after()) >= 0) {
            Step step = steps.get(w.step++);
            if (step.overflow().isPresent() && w.isCallback()) {
                continue;
            }
            if (step.overflow().isPresent()) {
                departures.overflow(w, step.overflow().get(), "step " + w.step + ": waited "
                        + step.after().toSeconds() + " s", now, out);
                return;
            }
            Relaxation.relax(w, step, queues);
            out.add(new AcdCommand.Relaxed(callId, w.queue.config.name(), w.step, step.describe()));
        }
        if (w.stepsLeft()) {
            out.add(new AcdCommand.StartTimer(timer(w), steps.get(w.step).after().minus(waited)));
        }
    }

    private static AcdTimer timer(WaitingCall w) {
        return new AcdTimer(AcdTimer.Kind.STEP, w.callId);
    }
}
