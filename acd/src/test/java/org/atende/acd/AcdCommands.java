package org.atende.acd;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdCommand.AgentChanged;
import org.atende.acd.AcdCommand.CancelOffer;
import org.atende.acd.AcdModel.CallEnd;
import org.atende.acd.AcdModel.CallModel;
import org.atende.acd.AcdModel.Scheduled;
import org.atende.acd.AcdWorld.Member;
import org.atende.config.QueueConfig.Strategy;

/**
 * The ACD's commands applied to {@link AcdModel}, each checked against the model and against what the event led
 * {@link AcdSimulator} to expect: the call it is about (the only one that may be queued or overflow), the offers it
 * must withdraw, the agent changes it must announce. Keeps the offers the last event cancelled, which an answer
 * may cross.
 */
final class AcdCommands {

    private final AcdModel model;
    private final AcdChecks checks;
    /** The offers the last event cancelled: an answer may have crossed each cancel. */
    final List<Cancelled> lastCancels = new ArrayList<>();
    /**
     * The offers this event must withdraw (the agent paused, logged out, moved, or answered another call late), each
     * with whether an answer may cross the cancel.
     */
    private final Map<Cancelled, Boolean> withdrawals = new LinkedHashMap<>();
    /** The agent changes this event must announce, in order (their causes aside). */
    private final Deque<AgentChanged> changes = new ArrayDeque<>();
    /** The call an enqueue or a MAX_WAIT timer is about: the only one that may be queued or overflow. */
    private CallModel subject;
    private long arrivals;

    AcdCommands(AcdModel model, AcdChecks checks) {
        this.model = model;
        this.checks = checks;
    }

    /** A new event: the cancels of the one before can no longer be crossed. */
    void begin() {
        lastCancels.clear();
    }

    /** The event is about {@code c}, arriving or waiting too long. */
    void about(CallModel c) {
        subject = c;
    }

    /** {@code a}, ringing, leaves the offer: the ACD must cancel it ({@code crossable}: an answer may cross that). */
    void withdraw(AgentModel a, boolean crossable) {
        model.waiting.get(a.call).ringing.remove(a.id);
        withdrawals.put(new Cancelled(a.call, a.id), crossable);
        a.call = null;
        a.declinable = null;
    }

    /** {@code a} changed as the event asked: the ACD must say so. */
    void expectChange(AgentModel a) {
        changes.add(a.change());
    }

    /** The event is over: what it had to withdraw and announce was. */
    void done() {
        model.require(withdrawals.isEmpty(), () -> "the offers of an agent who paused, logged out or moved are "
                + "withdrawn: " + withdrawals.keySet());
        model.require(changes.isEmpty(), () -> "agent changes announced: " + changes);
    }

    /** Applies the commands an event gave, in order, checking each. */
    void apply(List<AcdCommand> out) {
        for (AcdCommand command : out) {
            model.step("  -> " + command);
            if (command instanceof AcdCommand.Queued q) {
                queued(q);
            } else if (command instanceof AcdCommand.Offer o) {
                offered(o);
            } else if (command instanceof CancelOffer c) {
                cancelled(c);
            } else if (command instanceof AcdCommand.Overflow o) {
                overflowed(o);
            } else if (command instanceof AcdCommand.CallbackQueued q) {
                callbackQueued(q);
            } else if (command instanceof AcdCommand.CallbackRefused r) {
                require(subject != null && subject.id.equals(r.callId()) && !subject.isCallback(),
                        "only the caller asking is refused a callback");
            } else if (command instanceof AcdCommand.CallbackRetry r) {
                CallModel c = model.calls.get(r.callId());
                require(c.stage == AcdModel.Stage.RETRYING && c.attempts == r.attempts()
                        && r.after().equals(c.callback().retryAfter()) && r.queue().equals(c.queue.name()),
                        () -> "a retry after an attempt reached nobody, attempts left: " + r);
            } else if (command instanceof AcdCommand.CallbackFailed f) {
                CallModel c = model.calls.get(f.callId());
                require(c.outcome == CallEnd.FAILED && c.attempts == f.attempts() && f.queue().equals(c.queue.name()),
                        () -> "a callback given up after its last attempt, or cancelled: " + f);
            } else if (command instanceof AcdCommand.StartTimer s) {
                timerStarted(s);
            } else if (command instanceof AcdCommand.CancelTimer c) {
                // the MAX_WAIT timer that just fired is cancelled too, which is harmless
                require(model.started.contains(c.timer()), "only a timer the ACD started is cancelled");
                model.pending.removeIf(p -> p.timer().equals(c.timer()));
            } else if (command instanceof AgentChanged c) {
                AgentChanged expected = changes.poll();
                require(expected != null, "an agent change nobody asked for");
                require(new AgentChanged(c.agent(), c.state(), c.reason(), c.extension(), c.pending(), null)
                        .equals(expected), () -> "expected " + expected);
            }
        }
        subject = null;
    }

    private void queued(AcdCommand.Queued q) {
        CallModel c = subject;
        require(c != null && c.id.equals(q.callId()) && !model.waiting.containsKey(c.id),
                "only the arriving call is queued");
        require(q.queue().equals(c.queue.name()), "queued in its own queue");
        require(q.relaxed() == c.relaxed,
                "relaxed exactly when no member has the skills and there is no overflow");
        c.arrival = arrivals++;
        model.waiting.put(c.id, c);
        long ahead = model.waiting.values().stream().filter(o -> o.queue == c.queue && AcdModel.FIRST.compare(o, c) < 0)
                .count();
        require(q.position() == ahead + 1, () -> "position " + q.position() + " behind " + ahead + " calls");
    }

    private void callbackQueued(AcdCommand.CallbackQueued q) {
        CallModel c = subject;
        require(c != null && c.id.equals(q.callId()) && c.stage == AcdModel.Stage.WAITING
                && model.waiting.containsKey(c.id), "only the caller asking becomes a callback");
        require(q.queue().equals(c.queue.name()), "a callback in the caller's queue");
        long ahead = model.waiting.values().stream().filter(o -> o.queue == c.queue && AcdModel.FIRST.compare(o, c) < 0)
                .count();
        require(q.position() == ahead + 1, () -> "callback position " + q.position() + " behind " + ahead
                + " calls: it keeps its place");
    }

    private void offered(AcdCommand.Offer o) {
        CallModel c = model.waiting.get(o.callId());
        require(c != null, "offers only a waiting call (not one answered, ended, overflowed or retrying)");
        require(o.callback() == c.isCallback(), "offered as a callback exactly when it is one");
        require(c.notBefore == null || !model.now().isBefore(c.notBefore),
                "no callback is offered before its retry time");
        require(o.queue().equals(c.queue.name()), "the offer names the call's queue");
        Optional<Member> member = model.member(c.queue, o.agent());
        require(member.isPresent(), "the agent is a member of the call's queue");
        require(AcdModel.eligible(member.get(), c), "the agent has the skills asked for");
        AgentModel a = model.agents.get(o.agent());
        require(a.state == AgentState.AVAILABLE, () -> "offered while " + a.state + " (" + a + ")");
        require(o.extension().equals(a.extension), () -> "rings the extension the agent is logged in at: " + a);
        require(a.restUntil == null || !model.now().isBefore(a.restUntil), "offered while resting");
        require(model.otherCalls(a.extension) == 0, () -> "offered while its extension is on "
                + model.otherCalls(a.extension) + " call(s) outside the queues");
        require(o.ringTimeout().equals(c.queue.ringTimeout()), "rings for the queue's ring timeout");
        require(c.ringing.isEmpty() || c.queue.strategy() == Strategy.RING_ALL,
                "one agent at a time unless ring all");
        checks.offered(c, a, member.get());
        model.lastOffered.put(c.queue.name(), member.get().position());
        a.ring(c.id, model.now());
        c.ringing.add(a.id);
    }

    private void cancelled(CancelOffer cancel) {
        Cancelled x = new Cancelled(cancel.callId(), cancel.agent());
        Boolean crossable = withdrawals.remove(x);
        if (crossable != null) {
            require(cancel.why() == CancelOffer.Why.WITHDRAWN, "a withdrawn offer is cancelled as withdrawn");
            if (crossable) {
                lastCancels.add(x);
            }
            return;
        }
        AgentModel a = model.agents.get(cancel.agent());
        require(a != null && a.ringsFor(cancel.callId()), "only a ringing offer is cancelled");
        require(cancel.why() == (model.connected.containsKey(cancel.callId()) ? CancelOffer.Why.TAKEN_ELSEWHERE
                : CancelOffer.Why.WITHDRAWN), "taken elsewhere exactly when another agent took the call");
        model.calls.get(cancel.callId()).ringing.remove(a.id);
        a.idle(model.now());
        lastCancels.add(x);
    }

    private void overflowed(AcdCommand.Overflow o) {
        CallModel c = subject;
        require(c != null && c.id.equals(o.callId()), "only the arriving or timed-out call overflows");
        require(o.queue().equals(c.queue.name()) && c.queue.overflow().equals(Optional.of(o.target())),
                "overflows to its queue's target");
        require(c.ringing.isEmpty(), "its offers are cancelled first");
        model.waiting.remove(c.id);
        model.gone.add(c.id);
        model.overflowed.add(c.id);
        c.outcome = CallEnd.OVERFLOWED;
        model.counts.get(c.queue.name()).overflowed++;
    }

    private void timerStarted(AcdCommand.StartTimer s) {
        AcdTimer t = s.timer();
        AgentModel a = model.agents.get(t.key());
        Duration expected = switch (t.kind()) {
            case MAX_WAIT -> model.calls.get(t.key()).queue.maxWait().orElseThrow();
            case REST -> a.restUntil == null ? null : Duration.between(model.now(), a.restUntil);
            case WRAP_UP -> a.state == AgentState.WRAP_UP ? a.wrapUpFor : null;
            case STEP -> null; // the simulated queues have no relaxation steps
            case CALLBACK_RETRY -> {
                CallModel c = model.calls.get(t.key());
                yield c.stage == AcdModel.Stage.RETRYING ? Duration.between(model.now(), c.notBefore) : null;
            }
        };
        require(s.after().equals(expected), () -> "timer " + t + " for " + s.after() + ", expected " + expected);
        model.pending.add(new Scheduled(t, model.now().plus(s.after())));
        model.started.add(t);
    }

    private void require(boolean ok, String rule) {
        model.require(ok, rule);
    }

    private void require(boolean ok, Supplier<String> rule) {
        model.require(ok, rule);
    }

    record Cancelled(String callId, String agent) {
    }
}
