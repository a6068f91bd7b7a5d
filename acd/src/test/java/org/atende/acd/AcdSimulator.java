package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdCommands.Cancelled;
import org.atende.acd.AcdModel.CallEnd;
import org.atende.acd.AcdModel.CallModel;
import org.atende.acd.AcdModel.Scheduled;
import org.atende.acd.AcdModel.Stage;
import org.atende.acd.AcdWorld.Member;
import org.atende.acd.AgentResult.Outcome;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;

/**
 * Plays the engine's and the agents' part for {@link AcdProperties}: drives an {@link Acd} with events that could
 * really happen (answers and failures only of offers that ring, answers that crossed the last event's cancels,
 * calls outside the queues starting and ending at any extension, declines only of offers such a call crossed,
 * timers only the ACD started, each firing when due, and again later; agents logging in anywhere, moving, taking
 * over a desk, logging out, pausing and unpausing at any moment; waiting callers asking for a callback, its customer
 * answering or not, a supervisor cancelling it), keeps its own model ({@link AcdModel}) of agents,
 * calls, offers and timers as the commands say ({@link AcdCommands}, which checks each), and after every step checks
 * the invariants and the ACD's view of each agent and their day ({@link AcdChecks}). {@link #drain} then ends
 * everything and checks that it ended. A broken rule throws {@link AssertionError} naming it, with the last steps.
 */
final class AcdSimulator {

    /** The random strategy's seed: a failing run replays the same offers. */
    private static final long SEED = 11;
    /** A pause reason nobody configured: asking for it is a programmer error. */
    private static final String UNKNOWN_REASON = "ferias";

    private final AcdModel model;
    private final AcdChecks checks;
    private final AcdCommands commands;
    private final Acd acd;
    // the model's parts the steps change
    private final TestClock clock;
    private final Map<String, QueueConfig> queues;
    private final Map<String, AgentModel> agents;
    private final Map<String, String> seats;
    private final Map<String, CallModel> calls;
    private final Map<String, CallModel> waiting;
    private final Map<String, CallModel> connected;
    private final Map<String, CallModel> retrying;
    private final Set<String> overflowed;
    private final List<Scheduled> pending;
    /** The offers the last event cancelled: an answer may have crossed each cancel. */
    private final List<Cancelled> lastCancels;
    private final CallbackSteps callbackSteps;
    private int lastCall;

    AcdSimulator(AcdWorld world) {
        model = new AcdModel(world);
        clock = model.clock;
        queues = model.queues;
        agents = model.agents;
        seats = model.seats;
        calls = model.calls;
        waiting = model.waiting;
        connected = model.connected;
        retrying = model.retrying;
        overflowed = model.overflowed;
        pending = model.pending;
        acd = new Acd(world.queues(), world.agents(), clock, new SplittableRandom(SEED));
        checks = new AcdChecks(acd, model);
        commands = new AcdCommands(model, checks);
        lastCancels = commands.lastCancels;
        callbackSteps = new CallbackSteps(this, acd, model, commands);
        require(acd.view().agents().stream().map(AgentStatus::id).toList().equals(List.copyOf(agents.keySet())),
                "the ACD lists the static members first, then the agents, as configured");
        checks.invariants();
    }

    // ---- the steps: calls ----

    void arrive(int queueIndex, Requirements requirements) {
        QueueConfig q = List.copyOf(queues.values()).get(Math.floorMod(queueIndex, queues.size()));
        String id = "c" + ++lastCall;
        boolean anyone = model.members.get(q.name()).stream()
                .anyMatch(m -> AcdModel.hasSkills(m, requirements.needed()));
        CallModel c = new CallModel(id, q, requirements, !anyone);
        calls.put(id, c);
        commands.about(c);
        model.counts.get(q.name()).offered++;
        begin("enqueue " + id + " in " + q.name() + " " + requirements);
        commands.apply(acd.enqueue(id, q.name(), requirements));
        if (!anyone && q.overflow().isPresent()) {
            require(model.gone.contains(id), "a call nobody can take overflows at once");
        } else {
            require(waiting.containsKey(id), "the call is queued");
            q.maxWait().ifPresent(d -> require(running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, id)),
                    "the max wait timer starts"));
        }
        done();
    }

    void answer(int pick) {
        List<AgentModel> ringing = ringingAgents();
        if (!ringing.isEmpty()) {
            answer(ringing.get(Math.floorMod(pick, ringing.size())));
        }
    }

    private void answer(AgentModel a) {
        CallModel c = waiting.remove(a.call);
        require(c != null, "a ringing agent's call is waiting");
        begin("offerAnswered " + c.id + " by " + a.id);
        take(a, c);
        commands.apply(acd.offerAnswered(c.id, a.id));
        require(c.ringing.isEmpty(), "the other ringing agents are cancelled");
        require(!running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, c.id)), "the max wait timer is cancelled");
        done();
    }

    /** {@code a} takes {@code c}, which was waiting (and is no more). */
    private void take(AgentModel a, CallModel c) {
        c.ringing.remove(a.id);
        c.agent = a.id;
        c.wrapUpFrom = c.queue;
        c.outcome = CallEnd.ANSWERED;
        connected.put(c.id, c);
        if (c.isCallback()) {
            c.stage = Stage.DIALLING; // the engine dials the customer now; not an answered caller
        } else {
            model.counts.get(c.queue.name()).answered++;
        }
        a.answer(c.id, now());
    }

    /**
     * A missed offer: the agent rests for the ring timeout, or after the queue's {@code max_no_answer} misses in a
     * row is paused with reason {@code no_answer}.
     */
    void fail(int pick) {
        List<AgentModel> ringing = ringingAgents();
        if (ringing.isEmpty()) {
            return;
        }
        AgentModel a = ringing.get(Math.floorMod(pick, ringing.size()));
        CallModel c = waiting.get(a.call);
        begin("offerFailed " + c.id + " by " + a.id + " (missed " + a.missedInARow + " in a row, max "
                + c.queue.maxNoAnswer() + ")");
        c.ringing.remove(a.id);
        a.idle(now());
        a.today(now()).missed++;
        a.missedInARow++;
        boolean paused = c.queue.maxNoAnswer() > 0 && a.missedInARow >= c.queue.maxNoAnswer();
        if (paused) {
            a.pause(PauseReason.NO_ANSWER, now());
            commands.expectChange(a);
        } else {
            a.restUntil = now().plus(c.queue.ringTimeout());
        }
        List<AcdCommand> out = acd.offerFailed(c.id, a.id, "no answer");
        AcdTimer rest = new AcdTimer(AcdTimer.Kind.REST, a.id);
        require(paused == out.stream().noneMatch(o -> o instanceof AcdCommand.StartTimer s && s.timer().equals(rest)),
                paused ? "an agent paused for no answer does not rest" : "a missed offer rests the agent");
        commands.apply(out);
        done();
    }

    /**
     * An answer that crossed a cancel of the last event: for a call that overflowed (the engine keeps the agent on
     * it), that another agent took (ignored), or that still waits (its offer was withdrawn when the agent paused,
     * logged out or moved: the agent talks on it, and the pause or log-out waits for its end). Answers for abandoned
     * calls never reach the ACD.
     */
    void lateAnswer(int pick) {
        List<Cancelled> crossed = lastCancels.stream().filter(x -> overflowed.contains(x.callId())
                || waiting.containsKey(x.callId())
                || connected.containsKey(x.callId()) && !x.agent().equals(connected.get(x.callId()).agent)).toList();
        if (crossed.isEmpty()) {
            return;
        }
        Cancelled x = crossed.get(Math.floorMod(pick, crossed.size()));
        CallModel c = calls.get(x.callId());
        AgentModel a = agents.get(x.agent());
        if (a.state == AgentState.RESERVED && c.id.equals(a.call)) {
            answer(a); // offered the same call again since (moved to another extension): a plain answer
            return;
        }
        begin("offerAnswered " + c.id + " by " + a.id + " (crossed the cancel; " + a + ")");
        boolean wasWaiting = waiting.containsKey(c.id);
        if (connected.containsKey(c.id) || !wasWaiting && a.state == AgentState.ON_CALL) {
            require(acd.offerAnswered(c.id, a.id).isEmpty(), "an answer for a call taken already is ignored");
            done();
            return;
        }
        switch (a.state) {
            case RESERVED -> commands.withdraw(a, false); // ringing for another call since: that offer is withdrawn
            case PAUSED -> {
                a.pending = PendingChange.PAUSE;
                a.pendingReason = a.reason;
            }
            case LOGGED_OUT -> {
                a.pending = PendingChange.LOGOUT;
                a.extension = a.lastExtension;
                seats.putIfAbsent(a.extension, a.id);
            }
            default -> {
            }
        }
        if (wasWaiting) {
            waiting.remove(c.id);
            take(a, c);
        } else {
            overflowed.remove(c.id);
            model.gone.remove(c.id);
            c.agent = a.id;
            c.outcome = CallEnd.ANSWERED;
            c.wrapUpFrom = queues.values().stream().filter(q -> member(q, a.id).isPresent()).findFirst()
                    .orElseThrow();
            connected.put(c.id, c);
            a.answer(c.id, now());
        }
        commands.apply(acd.offerAnswered(c.id, a.id));
        require(a.state == AgentState.ON_CALL && c.id.equals(a.call), "the late agent is kept on the call");
        if (wasWaiting) {
            require(c.ringing.isEmpty(), "the other ringing agents are cancelled");
            require(!running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, c.id)), "the max wait timer is cancelled");
        }
        done();
    }

    /**
     * Ends a waiting or connected call, or the leg of a caller who asked for a callback (ignored); for a callback
     * being dialled, the agent hangs up.
     */
    void end(int pick) {
        List<String> candidates = new ArrayList<>(waiting.keySet());
        candidates.addAll(connected.keySet());
        candidates.addAll(retrying.keySet());
        if (!candidates.isEmpty()) {
            end(candidates.get(Math.floorMod(pick, candidates.size())));
        }
    }

    private void end(String id) {
        CallModel callback = calls.get(id);
        if (callback.stage == Stage.WAITING || callback.stage == Stage.RETRYING) {
            begin("callEnded " + id + " (a callback " + callback.stage + ")");
            require(acd.callEnded(id).isEmpty(), "the caller's leg ending after asking for a callback is ignored");
            done();
            return;
        }
        if (callback.stage == Stage.DIALLING) {
            callbackSteps.attemptFailed(callback, "agent hung up", true);
            return;
        }
        begin("callEnded " + id);
        if (waiting.containsKey(id)) {
            CallModel c = waiting.remove(id);
            model.gone.add(id);
            c.outcome = CallEnd.ABANDONED;
            model.counts.get(c.queue.name()).abandoned++;
            commands.apply(acd.callEnded(id));
            require(c.ringing.isEmpty(), "the agents ringing for an abandoned call are cancelled");
            require(!running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, id)), "the max wait timer is cancelled");
        } else {
            CallModel c = connected.remove(id);
            model.gone.add(id);
            c.outcome = CallEnd.ENDED;
            AgentModel a = agents.get(c.agent);
            a.hangUp(now());
            Duration wrapUp = a.wrapUp.orElse(c.wrapUpFrom.wrapUp());
            if (wrapUp.isZero()) {
                workDone(a);
            } else {
                a.enter(AgentState.WRAP_UP, now());
                a.call = null;
                a.wrapUpFor = wrapUp;
            }
            commands.apply(acd.callEnded(id));
            if (!wrapUp.isZero()) {
                require(running(new AcdTimer(AcdTimer.Kind.WRAP_UP, a.id)), "wrap-up timer starts");
            }
        }
        done();
    }

    /**
     * An extension starts ({@code busy}) or ends a call outside the queues. Starting one while its agent rings does
     * not stop the offer, but the engine may then find the extension busy at ring time and decline it.
     */
    void otherCall(int pick, boolean busy) {
        otherCall(model.world.extensions().get(Math.floorMod(pick, model.world.extensions().size())), busy);
    }

    private void otherCall(String extension, boolean busy) {
        AgentModel a = model.seated(extension);
        int n = otherCalls(extension);
        if (busy) {
            begin("otherCall " + extension + " starts" + (a != null ? " (" + a + ")" : ""));
            model.otherCalls.put(extension, n + 1);
            if (a != null && a.state == AgentState.RESERVED) {
                a.declinable = a.call;
            }
            require(acd.otherCall(extension, true).isEmpty(), "an extension starting another call changes no offer");
        } else {
            begin("otherCall " + extension + " ends");
            if (n == 0) {
                require(acd.otherCall(extension, false).isEmpty(), "an end without a start changes nothing");
                done();
                return;
            }
            model.otherCalls.put(extension, n - 1);
            if (n == 1 && a != null && a.state == AgentState.AVAILABLE) {
                a.idleSince = now();
            }
            commands.apply(acd.otherCall(extension, false));
        }
        done();
    }

    /** The engine found a ringing agent's extension on another call (one that began after the offer). */
    void decline(int pick) {
        List<AgentModel> crossed = ringingAgents().stream().filter(a -> a.call.equals(a.declinable)).toList();
        if (crossed.isEmpty()) {
            return;
        }
        AgentModel a = crossed.get(Math.floorMod(pick, crossed.size()));
        CallModel c = waiting.get(a.call);
        begin("offerDeclined " + c.id + " by " + a.id + (otherCalls(a.extension) == 0 ? " (its other call is over)"
                : ""));
        c.ringing.remove(a.id);
        a.idle(now());
        List<AcdCommand> out = acd.offerDeclined(c.id, a.id);
        require(out.stream().noneMatch(o -> o instanceof AcdCommand.StartTimer s
                && s.timer().equals(new AcdTimer(AcdTimer.Kind.REST, a.id))), "a declined agent does not rest");
        commands.apply(out);
        done();
    }

    /** A decline that crossed a cancel of the last event: the offer is gone, nothing changes. */
    void lateDecline(int pick) {
        List<Cancelled> crossed = lastCancels.stream().filter(x -> !agents.get(x.agent()).ringsFor(x.callId()))
                .toList();
        if (crossed.isEmpty()) {
            return;
        }
        Cancelled x = crossed.get(Math.floorMod(pick, crossed.size()));
        begin("offerDeclined " + x.callId() + " by " + x.agent() + " (crossed the cancel)");
        require(acd.offerDeclined(x.callId(), x.agent()).isEmpty(),
                "a decline of an offer no longer ringing is ignored");
        done();
    }

    /** Ends again a call that was answered and ended, abandoned or overflowed. */
    void endGone(int pick) {
        if (model.gone.isEmpty()) {
            return;
        }
        String id = List.copyOf(model.gone).get(Math.floorMod(pick, model.gone.size()));
        begin("callEnded " + id + " (gone)");
        require(acd.callEnded(id).isEmpty(), "the end of a call that is gone changes nothing");
        done();
    }

    // ---- the steps: callbacks ({@link CallbackSteps}) ----

    void requestCallback(int pick, boolean crossed) {
        callbackSteps.requestCallback(pick, crossed);
    }

    void callbackAnswered(int pick) {
        callbackSteps.callbackAnswered(pick);
    }

    void callbackFailed(int pick) {
        callbackSteps.callbackFailed(pick);
    }

    void cancelCallback(int pick) {
        callbackSteps.cancelCallback(pick);
    }

    // ---- the steps: agents ----

    /**
     * An agent logs in at an extension: any of them, or ({@code taken}) one where another agent sits. Also a static
     * member trying, an agent logged in there already, on a call, or moving.
     */
    void login(int agentPick, int extensionPick, boolean taken, boolean crossed) {
        AgentModel a = pickPerson(agentPick);
        List<String> occupied = seats.entrySet().stream().filter(e -> !e.getValue().equals(a.id))
                .map(Map.Entry::getKey).sorted().toList();
        List<String> from = taken && !occupied.isEmpty() ? occupied : model.world.extensions();
        login(a, from.get(Math.floorMod(extensionPick, from.size())));
        crossed(crossed);
    }

    private void login(AgentModel a, String extension) {
        AgentModel there = model.seated(extension);
        begin("login " + a + " at " + extension + (there != null ? " (" + there + " there)" : ""));
        Outcome expected;
        if (a.fixed) {
            expected = Outcome.STATIC_MEMBER;
        } else if (extension.equals(a.extension) && a.state != AgentState.LOGGED_OUT) {
            expected = Outcome.UNCHANGED;
        } else if (a.working()) {
            expected = Outcome.BUSY;
        } else if (there != null && there != a && (there.fixed || there.working()
                || there.state == AgentState.RESERVED)) {
            expected = Outcome.EXTENSION_TAKEN;
        } else {
            expected = Outcome.DONE;
            if (there != null && there != a) {
                seats.remove(extension); // a desk shared by shifts: the one who forgot to log out is logged out
                there.logout(now());
                commands.expectChange(there);
            }
            if (a.state == AgentState.RESERVED) {
                commands.withdraw(a, true);
            }
            if (a.extension != null) {
                seats.remove(a.extension, a.id);
            }
            seats.put(extension, a.id);
            a.enter(AgentState.AVAILABLE, now());
            a.extension = extension;
            a.lastExtension = extension;
            a.call = null;
            a.restUntil = null;
            a.missedInARow = 0;
            a.idleSince = now();
            commands.expectChange(a);
        }
        operated(expected, acd.login(a.id, extension, "sim"));
    }

    void logout(int agentPick, boolean crossed) {
        logout(pickPerson(agentPick));
        crossed(crossed);
    }

    private void logout(AgentModel a) {
        begin("logout " + a);
        Outcome expected;
        if (a.fixed) {
            expected = Outcome.STATIC_MEMBER;
        } else if (a.state == AgentState.LOGGED_OUT) {
            expected = Outcome.UNCHANGED;
        } else if (a.working()) {
            expected = Outcome.PENDING;
            a.pending = PendingChange.LOGOUT;
            a.pendingReason = null;
            commands.expectChange(a);
        } else {
            expected = Outcome.DONE;
            if (a.state == AgentState.RESERVED) {
                commands.withdraw(a, true);
            }
            seats.remove(a.extension, a.id);
            a.logout(now());
            commands.expectChange(a);
        }
        operated(expected, acd.logout(a.id, "sim"));
    }

    /** An agent pauses for a configured or built-in reason, now or (on a call) once it and its wrap-up end. */
    void pause(int agentPick, int reasonPick, boolean crossed) {
        pause(pickAgent(agentPick), reasonPick);
        crossed(crossed);
    }

    private void pause(AgentModel a, int reasonPick) {
        List<String> names = List.copyOf(model.reasons.keySet());
        String name = Math.floorMod(reasonPick, 10) == 9 ? UNKNOWN_REASON
                : names.get(Math.floorMod(reasonPick, names.size()));
        begin("pause " + a + " for " + name);
        PauseReason r = model.reasons.get(name);
        if (r == null) {
            try {
                acd.pause(a.id, name, "sim");
                throw failure("a reason nobody configured is refused");
            } catch (IllegalArgumentException expected) {
                done();
                return;
            }
        }
        Outcome expected = switch (a.state) {
            case LOGGED_OUT -> Outcome.NOT_LOGGED_IN;
            case PAUSED -> {
                if (a.reason.name().equals(name)) {
                    yield Outcome.UNCHANGED;
                }
                a.pause(r, now()); // the time so far is booked under the old reason
                commands.expectChange(a);
                yield Outcome.DONE;
            }
            case ON_CALL, WRAP_UP -> {
                a.pending = PendingChange.PAUSE;
                a.pendingReason = r;
                commands.expectChange(a);
                yield Outcome.PENDING;
            }
            case RESERVED, AVAILABLE -> {
                if (a.state == AgentState.RESERVED) {
                    commands.withdraw(a, true);
                }
                a.pause(r, now());
                commands.expectChange(a);
                yield Outcome.DONE;
            }
        };
        operated(expected, acd.pause(a.id, name, "sim"));
    }

    void unpause(int agentPick) {
        unpause(pickAgent(agentPick));
    }

    private void unpause(AgentModel a) {
        begin("unpause " + a);
        Outcome expected;
        if (a.state == AgentState.LOGGED_OUT) {
            expected = Outcome.NOT_LOGGED_IN;
        } else if (a.pending == PendingChange.PAUSE) {
            expected = Outcome.DONE;
            a.pending = PendingChange.NONE;
            a.pendingReason = null;
            commands.expectChange(a);
        } else if (a.state != AgentState.PAUSED) {
            expected = Outcome.UNCHANGED;
        } else {
            expected = Outcome.DONE;
            a.enter(AgentState.AVAILABLE, now());
            a.idleSince = now();
            a.missedInARow = 0;
            commands.expectChange(a);
        }
        operated(expected, acd.unpause(a.id, "sim"));
    }

    /**
     * {@code crossed}: the phone that rang for an offer the operation withdrew was answered as it was withdrawn
     * (someone picked up the old desk's phone, or the agent answered as they keyed the pause).
     */
    void crossed(boolean crossed) {
        if (crossed && !lastCancels.isEmpty()) {
            lateAnswer(0);
        }
    }

    private void operated(Outcome expected, AgentResult result) {
        require(result.outcome() == expected, () -> "outcome " + result.outcome() + ", expected " + expected);
        commands.apply(result.commands());
        done();
    }

    /** {@code a}'s queue call and its wrap-up are over: available, or the pause or log-out asked for. */
    void workDone(AgentModel a) {
        PendingChange p = a.pending;
        a.pending = PendingChange.NONE;
        switch (p) {
            case PAUSE -> {
                PauseReason r = a.pendingReason;
                a.pendingReason = null;
                a.pause(r, now());
                commands.expectChange(a);
            }
            case LOGOUT -> {
                seats.remove(a.extension, a.id);
                a.logout(now());
                commands.expectChange(a);
            }
            case NONE -> {
                a.enter(AgentState.AVAILABLE, now());
                a.call = null;
                a.idleSince = now();
            }
        }
    }

    // ---- the steps: time ----

    /** Fires a running timer when it is due (the clock moves there). */
    void fire(int pick) {
        if (pending.isEmpty()) {
            return;
        }
        Scheduled t = pending.remove(Math.floorMod(pick, pending.size()));
        clock.advanceTo(t.due());
        fired(t.timer());
    }

    /** Fires again, now, a timer that already fired or was cancelled. */
    void fireStale(int pick) {
        List<AcdTimer> stale = model.started.stream().filter(t -> !running(t)).toList();
        if (stale.isEmpty()) {
            return;
        }
        fired(stale.get(Math.floorMod(pick, stale.size())));
    }

    void advance(Duration by) {
        clock.advance(by);
        begin("advance " + by.toSeconds() + " s");
        done();
    }

    private void fired(AcdTimer t) {
        begin("timerFired " + t.kind() + " " + t.key() + " at +" + Duration.between(model.start, now()).toSeconds()
                + " s");
        boolean acts = switch (t.kind()) {
            case MAX_WAIT -> {
                CallModel c = waiting.get(t.key());
                commands.about(c);
                yield c != null && !c.isCallback() && c.queue.overflow().isPresent();
            }
            case WRAP_UP -> {
                AgentModel a = agents.get(t.key());
                if (a.state == AgentState.WRAP_UP) {
                    workDone(a);
                    yield true;
                }
                yield false;
            }
            case REST -> {
                AgentModel a = agents.get(t.key());
                if (a.restUntil != null && !now().isBefore(a.restUntil)) {
                    a.restUntil = null;
                    yield true;
                }
                yield false;
            }
            case STEP -> false; // the simulated queues have no relaxation steps
            case CALLBACK_RETRY -> {
                CallModel c = retrying.get(t.key());
                if (c != null && !now().isBefore(c.notBefore)) {
                    retrying.remove(c.id); // waits again at its place (its arrival unchanged)
                    c.stage = Stage.WAITING;
                    c.notBefore = null;
                    waiting.put(c.id, c);
                    yield true;
                }
                yield false;
            }
        };
        List<AcdCommand> out = acd.timerFired(t);
        if (!acts) {
            require(out.isEmpty(), "a stale or early timer is ignored");
        }
        commands.apply(out);
        if (acts && t.kind() == AcdTimer.Kind.MAX_WAIT) {
            require(model.gone.contains(t.key()), "a call that waited too long overflows");
        }
        done();
    }

    // ---- the end ----

    /**
     * Liveness: every extension's other calls end, every agent logs in and unpauses (again, after a pending log-out),
     * every offer is answered, every call ends and every timer fires when due; then {@link AcdChecks#drained}.
     */
    void drain() {
        step("---- drain ----");
        for (int i = 0; drainStep(); i++) {
            require(i < 10_000, "the drain ends");
        }
        checks.drained();
    }

    private boolean drainStep() {
        for (String e : model.world.extensions()) {
            if (otherCalls(e) > 0) {
                otherCall(e, false);
                return true;
            }
        }
        for (AgentModel a : agents.values()) {
            if (a.state == AgentState.PAUSED || a.pending == PendingChange.PAUSE) {
                unpause(a);
                return true;
            }
            if (a.state == AgentState.LOGGED_OUT) {
                login(a, model.world.extensions().stream().filter(e -> !seats.containsKey(e)).findFirst()
                        .orElseThrow(() -> failure("a free desk for " + a.id)));
                return true;
            }
        }
        List<AgentModel> ringing = ringingAgents();
        if (!ringing.isEmpty()) {
            answer(ringing.get(0));
            return true;
        }
        if (!connected.isEmpty()) {
            CallModel c = connected.values().iterator().next();
            if (c.stage == Stage.DIALLING) {
                callbackAnswered(0);
            } else {
                end(c.id);
            }
            return true;
        }
        if (!pending.isEmpty()) {
            Scheduled first = pending.stream().min(Comparator.comparing(Scheduled::due)).orElseThrow();
            fire(pending.indexOf(first));
            return true;
        }
        return false;
    }

    // ---- helpers ----

    /** Any agent; one time in two one who rings, talks or wraps up, when there is one. */
    private AgentModel pickAgent(int pick) {
        return pick(List.copyOf(agents.values()), pick);
    }

    /** The same among the agents who log in, except one time in five, or when there are none. */
    private AgentModel pickPerson(int pick) {
        List<AgentModel> people = agents.values().stream().filter(a -> !a.fixed).toList();
        return people.isEmpty() || Math.floorMod(pick, 5) == 0 ? pickAgent(pick / 5) : pick(people, pick);
    }

    private static AgentModel pick(List<AgentModel> from, int pick) {
        List<AgentModel> busy = from.stream().filter(a -> a.state == AgentState.RESERVED || a.working()).toList();
        return Math.floorMod(pick / 7, 2) == 0 && !busy.isEmpty() ? busy.get(Math.floorMod(pick, busy.size()))
                : from.get(Math.floorMod(pick, from.size()));
    }

    private int otherCalls(String extension) {
        return model.otherCalls(extension);
    }

    private Optional<Member> member(QueueConfig q, String agent) {
        return model.member(q, agent);
    }

    boolean running(AcdTimer t) {
        return model.running(t);
    }

    private List<AgentModel> ringingAgents() {
        return model.ringingAgents();
    }

    Instant now() {
        return clock.instant();
    }

    void begin(String event) {
        commands.begin();
        step(event);
    }

    private void step(String what) {
        model.step(what);
    }

    /** The event is over: it gave the commands it had to, and the invariants hold. */
    void done() {
        commands.done();
        checks.invariants();
    }

    void require(boolean ok, String rule) {
        model.require(ok, rule);
    }

    void require(boolean ok, Supplier<String> rule) {
        model.require(ok, rule);
    }

    private AssertionError failure(String rule) {
        return model.failure(rule);
    }

}
