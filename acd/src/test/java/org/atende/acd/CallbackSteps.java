package org.atende.acd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.atende.acd.AcdModel.CallEnd;
import org.atende.acd.AcdModel.CallModel;
import org.atende.acd.AcdModel.Stage;

/**
 * {@link AcdSimulator}'s callback steps: a waiting caller asks for a callback (refused beyond the queue's
 * {@code max_pending}, ignored for a callback already or a queue without callbacks), the customer of a callback its
 * agent took answers or is not reached (a retry after {@code retry_after}, or given up after the attempts), a
 * supervisor cancels one; and the same events for calls they do not apply to, which change nothing. The retry timer
 * and the caller's leg ending are the simulator's timer and end steps.
 */
final class CallbackSteps {

    private final AcdSimulator sim;
    private final Acd acd;
    private final AcdModel model;
    private final AcdCommands commands;
    private final Map<String, AgentModel> agents;
    private final Map<String, CallModel> calls;
    private final Map<String, CallModel> waiting;
    private final Map<String, CallModel> connected;
    private final Map<String, CallModel> retrying;

    CallbackSteps(AcdSimulator sim, Acd acd, AcdModel model, AcdCommands commands) {
        this.sim = sim;
        this.acd = acd;
        this.model = model;
        this.commands = commands;
        this.agents = model.agents;
        this.calls = model.calls;
        this.waiting = model.waiting;
        this.connected = model.connected;
        this.retrying = model.retrying;
    }

    /**
     * A waiting caller asks for a callback: refused when the queue has its {@code max_pending}, ignored for a
     * callback already or a queue without callbacks; otherwise the offers ringing for it are withdrawn
     * ({@code crossed}: an answer crosses a cancel) and it waits on at its place.
     */
    void requestCallback(int pick, boolean crossed) {
        if (waiting.isEmpty()) {
            return;
        }
        CallModel c = List.copyOf(waiting.values()).get(Math.floorMod(pick, waiting.size()));
        sim.begin("requestCallback " + c.id + " in " + c.queue.name() + " (" + c.stage + ", pending "
                + model.pendingCallbacks(c.queue) + ")");
        if (c.isCallback() || c.queue.callback().isEmpty()) {
            sim.require(acd.callbacks().request(c.id, number(c)).isEmpty(), "a callback already, or a queue without "
                    + "callbacks, ignores the request");
            sim.done();
            return;
        }
        int most = c.callback().maxPending();
        commands.about(c);
        if (model.pendingCallbacks(c.queue) >= most) {
            List<AcdCommand> out = acd.callbacks().request(c.id, number(c));
            AcdCommand refused = new AcdCommand.CallbackRefused(c.id, c.queue.name(), "callback.max_pending " + most
                    + " reached");
            sim.require(out.equals(List.of(refused)), "a callback beyond max_pending is refused, and nothing else "
                    + "changes");
            commands.apply(out);
            sim.done();
            return;
        }
        for (String id : List.copyOf(c.ringing)) {
            AgentModel a = agents.get(id);
            commands.withdraw(a, true);
            a.idle(sim.now());
        }
        c.stage = Stage.WAITING;
        model.counts.get(c.queue.name()).callbacksRequested++;
        commands.apply(acd.callbacks().request(c.id, number(c)));
        sim.require(!sim.running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, c.id)),
                "a callback's max wait timer is cancelled");
        sim.require(acd.callbacks().number(c.id).equals(Optional.of(number(c))), "the callback keeps its number");
        sim.done();
        sim.crossed(crossed);
    }

    /** The customer of a callback being dialled answers; also a stray answer for another call (ignored). */
    void callbackAnswered(int pick) {
        List<CallModel> dialling = stage(Stage.DIALLING);
        if (dialling.isEmpty()) {
            stray(pick, "callbackAnswered", acd.callbacks()::answered);
            return;
        }
        CallModel c = dialling.get(Math.floorMod(pick, dialling.size()));
        sim.begin("callbackAnswered " + c.id + " (agent " + c.agent + ")");
        c.stage = Stage.TALKING;
        model.counts.get(c.queue.name()).callbacksAnswered++;
        sim.require(acd.callbacks().answered(c.id).isEmpty(), "the customer answering changes nothing else");
        sim.done();
    }

    /** The customer of a callback being dialled is not reached; also a stray failure for another call (ignored). */
    void callbackFailed(int pick) {
        List<CallModel> dialling = stage(Stage.DIALLING);
        if (dialling.isEmpty()) {
            stray(pick, "callbackFailed", id -> acd.callbacks().failed(id, "busy"));
            return;
        }
        attemptFailed(dialling.get(Math.floorMod(pick, dialling.size())), "busy", false);
    }

    /**
     * The attempt of {@code c} reached nobody ({@code ended}: the agent hung up, as the call's end says): the agent
     * is free at once, with no wrap-up; the callback retries after its queue's {@code retry_after}, or is given up.
     */
    void attemptFailed(CallModel c, String reason, boolean ended) {
        AgentModel a = agents.get(c.agent);
        sim.begin((ended ? "callEnded " : "callbackFailed ") + c.id + " (agent " + a.id + ", attempt "
                + (c.attempts + 1) + " of " + c.callback().attempts() + ")");
        connected.remove(c.id);
        a.hangUp(sim.now());
        sim.workDone(a);
        c.agent = null;
        c.attempts++;
        AcdCommand expected;
        if (c.attempts < c.callback().attempts()) {
            c.stage = Stage.RETRYING;
            c.outcome = null;
            c.notBefore = sim.now().plus(c.callback().retryAfter());
            retrying.put(c.id, c);
            expected = new AcdCommand.CallbackRetry(c.id, c.queue.name(), c.attempts, c.callback().retryAfter(),
                    reason);
        } else {
            giveUp(c);
            expected = new AcdCommand.CallbackFailed(c.id, c.queue.name(), c.attempts, reason);
        }
        List<AcdCommand> out = ended ? acd.callEnded(c.id) : acd.callbacks().failed(c.id, reason);
        sim.require(out.contains(expected), () -> "expected " + expected);
        commands.apply(out);
        if (c.stage == Stage.RETRYING) {
            sim.require(sim.running(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, c.id)), "the retry timer starts");
        }
        sim.done();
    }

    /** A supervisor cancels a callback: given up when waiting or retrying, ignored otherwise. */
    void cancelCallback(int pick) {
        List<CallModel> candidates = new ArrayList<>(waiting.values());
        candidates.addAll(retrying.values());
        candidates.addAll(connected.values());
        if (candidates.isEmpty()) {
            return;
        }
        CallModel c = candidates.get(Math.floorMod(pick, candidates.size()));
        sim.begin("cancelCallback " + c.id + " (" + c.stage + ")");
        if (c.stage != Stage.WAITING && c.stage != Stage.RETRYING) {
            sim.require(acd.callbacks().cancel(c.id, "supervisor").isEmpty(), "only a pending callback nobody has is "
                    + "cancelled");
            sim.done();
            return;
        }
        waiting.remove(c.id);
        retrying.remove(c.id);
        giveUp(c);
        List<AcdCommand> out = acd.callbacks().cancel(c.id, "supervisor");
        sim.require(out.contains(new AcdCommand.CallbackFailed(c.id, c.queue.name(), c.attempts, "supervisor")),
                "a cancelled callback is given up");
        commands.apply(out);
        sim.require(c.ringing.isEmpty(), "the agents ringing for a cancelled callback are cancelled");
        sim.require(!sim.running(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, c.id)), "its retry timer is cancelled");
        sim.done();
    }

    private void giveUp(CallModel c) {
        c.outcome = CallEnd.FAILED;
        c.notBefore = null;
        model.gone.add(c.id);
        model.counts.get(c.queue.name()).callbacksFailed++;
    }

    /** {@code event} for a call that is no callback being dialled: ignored. */
    private void stray(int pick, String event, Function<String, List<AcdCommand>> send) {
        if (calls.isEmpty()) {
            return;
        }
        CallModel c = List.copyOf(calls.values()).get(Math.floorMod(pick, calls.size()));
        sim.begin(event + " " + c.id + " (" + c.stage + ", " + c.outcome + ")");
        sim.require(send.apply(c.id).isEmpty(), event + " for a callback not being dialled is ignored");
        sim.done();
    }

    private List<CallModel> stage(Stage stage) {
        return connected.values().stream().filter(c -> c.stage == stage).toList();
    }

    private static String number(CallModel c) {
        return "+55119" + c.id.substring(1);
    }
}
