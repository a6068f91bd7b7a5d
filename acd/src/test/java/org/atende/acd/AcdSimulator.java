package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdCommand.AgentChanged;
import org.atende.acd.AcdCommand.CancelOffer;
import org.atende.acd.AgentResult.Outcome;
import org.atende.acd.AcdWorld.Member;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Strategy;

/**
 * Plays the engine's and the agents' part for {@link AcdProperties}: drives an {@link Acd} with events that could
 * really happen (answers and failures only of offers that ring, answers that crossed the last event's cancels,
 * calls outside the queues starting and ending at any extension, declines only of offers such a call crossed,
 * timers only the ACD started, each firing when due, and again later; agents logging in anywhere, moving, taking
 * over a desk, logging out, pausing and unpausing at any moment), keeps its own model of agents ({@link AgentModel}),
 * calls, offers and timers as the commands say, and checks every command and, after every step, the invariants and
 * the ACD's view of each agent and their day. {@link #drain} then ends everything and checks that it ended. A
 * broken rule throws {@link AssertionError} naming it, with the last steps.
 */
final class AcdSimulator {

    /** The random strategy's seed: a failing run replays the same offers. */
    private static final long SEED = 11;
    /** A pause reason nobody configured: asking for it is a programmer error. */
    private static final String UNKNOWN_REASON = "ferias";

    private final AcdWorld world;
    private final Instant start;
    private final TestClock clock;
    private final Acd acd;
    private final Map<String, QueueConfig> queues = new LinkedHashMap<>();
    private final Map<String, List<Member>> members = new HashMap<>();
    private final Map<String, PauseReason> reasons = new LinkedHashMap<>();
    /** Every agent by id: static members first, then the agents, as the ACD lists them. */
    private final Map<String, AgentModel> agents = new LinkedHashMap<>();
    /** Who is logged in at each extension. */
    private final Map<String, String> seats = new HashMap<>();
    /** Calls outside the queues per extension. */
    private final Map<String, Integer> otherCalls = new HashMap<>();
    private final Map<String, CallModel> calls = new LinkedHashMap<>();
    private final Map<String, CallModel> waiting = new LinkedHashMap<>();
    private final Map<String, CallModel> connected = new LinkedHashMap<>();
    private final Set<String> gone = new LinkedHashSet<>();
    private final Set<String> overflowed = new LinkedHashSet<>();
    /** The offers the last event cancelled: an answer may have crossed each cancel. */
    private final List<Cancelled> lastCancels = new ArrayList<>();
    /**
     * The offers this event must withdraw (the agent paused, logged out, moved, or answered another call late), each
     * with whether an answer may cross the cancel.
     */
    private final Map<Cancelled, Boolean> withdrawals = new LinkedHashMap<>();
    /** The agent changes this event must announce, in order (their causes aside). */
    private final Deque<AgentChanged> changes = new ArrayDeque<>();
    /** Timers as the engine runs them: a timer started twice fires twice (cancelling is not a duty). */
    private final List<Scheduled> pending = new ArrayList<>();
    private final Set<AcdTimer> started = new LinkedHashSet<>();
    private final Map<String, Counts> counts = new LinkedHashMap<>();
    /** Each queue's last offered member (place in the queue's order), as round robin continues after it. */
    private final Map<String, Integer> lastOffered = new HashMap<>();
    private final List<String> steps = new ArrayList<>();
    private long arrivals;
    private int lastCall;
    /** The call an enqueue or a MAX_WAIT timer is about: the only one that may be queued or overflow. */
    private CallModel subject;

    AcdSimulator(AcdWorld world) {
        this.world = world;
        this.start = world.start();
        this.clock = new TestClock(start);
        for (QueueConfig q : world.queues()) {
            queues.put(q.name(), q);
            counts.put(q.name(), new Counts());
            members.put(q.name(), world.members(q));
            for (QueueConfig.Member m : q.members()) {
                agents.computeIfAbsent(m.extension(), e -> new AgentModel(e, e, true, Optional.empty(), start));
                seats.put(m.extension(), m.extension());
            }
        }
        world.agents().agents().forEach(a -> agents.put(a.id(), new AgentModel(a.id(), a.name(), false, a.wrapUp(),
                start)));
        world.reasons().forEach(r -> reasons.put(r.name(), r));
        acd = new Acd(world.queues(), world.agents(), clock, new SplittableRandom(SEED));
        require(acd.agents().stream().map(AgentStatus::id).toList().equals(List.copyOf(agents.keySet())),
                "the ACD lists the static members first, then the agents, as configured");
        checkInvariants();
    }

    // ---- the steps: calls ----

    void arrive(int queueIndex, Requirements requirements) {
        QueueConfig q = List.copyOf(queues.values()).get(Math.floorMod(queueIndex, queues.size()));
        String id = "c" + ++lastCall;
        boolean anyone = members.get(q.name()).stream().anyMatch(m -> hasSkills(m, requirements.needed()));
        subject = new CallModel(id, q, requirements, !anyone);
        calls.put(id, subject);
        counts.get(q.name()).offered++;
        begin("enqueue " + id + " in " + q.name() + " " + requirements);
        apply(acd.enqueue(id, q.name(), requirements));
        if (!anyone && q.overflow().isPresent()) {
            require(gone.contains(id), "a call nobody can take overflows at once");
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
        apply(acd.offerAnswered(c.id, a.id));
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
        counts.get(c.queue.name()).answered++;
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
            changes.add(a.change());
        } else {
            a.restUntil = now().plus(c.queue.ringTimeout());
        }
        List<AcdCommand> out = acd.offerFailed(c.id, a.id, "no answer");
        AcdTimer rest = new AcdTimer(AcdTimer.Kind.REST, a.id);
        require(paused == out.stream().noneMatch(o -> o instanceof AcdCommand.StartTimer s && s.timer().equals(rest)),
                paused ? "an agent paused for no answer does not rest" : "a missed offer rests the agent");
        apply(out);
        done();
    }

    /**
     * An answer that crossed a cancel of the last event: for a call that overflowed (the engine keeps the agent on
     * it), that another agent took (ignored), or that still waits (its offer was withdrawn when the agent paused,
     * logged out or moved: the agent talks on it, and the pause or log-out waits for its end). Answers for abandoned
     * calls never reach the ACD.
     */
    void lateAnswer(int pick) {
        List<Cancelled> crossed = lastCancels.stream().filter(x -> overflowed.contains(x.callId)
                || waiting.containsKey(x.callId)
                || connected.containsKey(x.callId) && !x.agent.equals(connected.get(x.callId).agent)).toList();
        if (crossed.isEmpty()) {
            return;
        }
        Cancelled x = crossed.get(Math.floorMod(pick, crossed.size()));
        CallModel c = calls.get(x.callId);
        AgentModel a = agents.get(x.agent);
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
            case RESERVED -> withdraw(a, false); // ringing for another call since: that offer is withdrawn
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
            gone.remove(c.id);
            c.agent = a.id;
            c.outcome = CallEnd.ANSWERED;
            c.wrapUpFrom = queues.values().stream().filter(q -> member(q, a.id).isPresent()).findFirst()
                    .orElseThrow();
            connected.put(c.id, c);
            a.answer(c.id, now());
        }
        apply(acd.offerAnswered(c.id, a.id));
        require(a.state == AgentState.ON_CALL && c.id.equals(a.call), "the late agent is kept on the call");
        if (wasWaiting) {
            require(c.ringing.isEmpty(), "the other ringing agents are cancelled");
            require(!running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, c.id)), "the max wait timer is cancelled");
        }
        done();
    }

    /** Ends a waiting or connected call. */
    void end(int pick) {
        List<String> candidates = new ArrayList<>(waiting.keySet());
        candidates.addAll(connected.keySet());
        if (!candidates.isEmpty()) {
            end(candidates.get(Math.floorMod(pick, candidates.size())));
        }
    }

    private void end(String id) {
        begin("callEnded " + id);
        if (waiting.containsKey(id)) {
            CallModel c = waiting.remove(id);
            gone.add(id);
            c.outcome = CallEnd.ABANDONED;
            counts.get(c.queue.name()).abandoned++;
            apply(acd.callEnded(id));
            require(c.ringing.isEmpty(), "the agents ringing for an abandoned call are cancelled");
            require(!running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, id)), "the max wait timer is cancelled");
        } else {
            CallModel c = connected.remove(id);
            gone.add(id);
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
            apply(acd.callEnded(id));
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
        otherCall(world.extensions().get(Math.floorMod(pick, world.extensions().size())), busy);
    }

    private void otherCall(String extension, boolean busy) {
        AgentModel a = Optional.ofNullable(seats.get(extension)).map(agents::get).orElse(null);
        int n = otherCalls(extension);
        if (busy) {
            begin("otherCall " + extension + " starts" + (a != null ? " (" + a + ")" : ""));
            otherCalls.put(extension, n + 1);
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
            otherCalls.put(extension, n - 1);
            if (n == 1 && a != null && a.state == AgentState.AVAILABLE) {
                a.idleSince = now();
            }
            apply(acd.otherCall(extension, false));
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
        apply(out);
        done();
    }

    /** A decline that crossed a cancel of the last event: the offer is gone, nothing changes. */
    void lateDecline(int pick) {
        List<Cancelled> crossed = lastCancels.stream().filter(x -> !agents.get(x.agent).ringsFor(x.callId))
                .toList();
        if (crossed.isEmpty()) {
            return;
        }
        Cancelled x = crossed.get(Math.floorMod(pick, crossed.size()));
        begin("offerDeclined " + x.callId + " by " + x.agent + " (crossed the cancel)");
        require(acd.offerDeclined(x.callId, x.agent).isEmpty(), "a decline of an offer no longer ringing is ignored");
        done();
    }

    /** Ends again a call that was answered and ended, abandoned or overflowed. */
    void endGone(int pick) {
        if (gone.isEmpty()) {
            return;
        }
        String id = List.copyOf(gone).get(Math.floorMod(pick, gone.size()));
        begin("callEnded " + id + " (gone)");
        require(acd.callEnded(id).isEmpty(), "the end of a call that is gone changes nothing");
        done();
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
        List<String> from = taken && !occupied.isEmpty() ? occupied : world.extensions();
        login(a, from.get(Math.floorMod(extensionPick, from.size())));
        crossed(crossed);
    }

    private void login(AgentModel a, String extension) {
        AgentModel there = Optional.ofNullable(seats.get(extension)).map(agents::get).orElse(null);
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
                changes.add(there.change());
            }
            if (a.state == AgentState.RESERVED) {
                withdraw(a, true);
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
            changes.add(a.change());
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
            changes.add(a.change());
        } else {
            expected = Outcome.DONE;
            if (a.state == AgentState.RESERVED) {
                withdraw(a, true);
            }
            seats.remove(a.extension, a.id);
            a.logout(now());
            changes.add(a.change());
        }
        operated(expected, acd.logout(a.id, "sim"));
    }

    /** An agent pauses for a configured or built-in reason, now or (on a call) once it and its wrap-up end. */
    void pause(int agentPick, int reasonPick, boolean crossed) {
        pause(pickAgent(agentPick), reasonPick);
        crossed(crossed);
    }

    private void pause(AgentModel a, int reasonPick) {
        List<String> names = List.copyOf(reasons.keySet());
        String name = Math.floorMod(reasonPick, 10) == 9 ? UNKNOWN_REASON
                : names.get(Math.floorMod(reasonPick, names.size()));
        begin("pause " + a + " for " + name);
        PauseReason r = reasons.get(name);
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
                changes.add(a.change());
                yield Outcome.DONE;
            }
            case ON_CALL, WRAP_UP -> {
                a.pending = PendingChange.PAUSE;
                a.pendingReason = r;
                changes.add(a.change());
                yield Outcome.PENDING;
            }
            case RESERVED, AVAILABLE -> {
                if (a.state == AgentState.RESERVED) {
                    withdraw(a, true);
                }
                a.pause(r, now());
                changes.add(a.change());
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
            changes.add(a.change());
        } else if (a.state != AgentState.PAUSED) {
            expected = Outcome.UNCHANGED;
        } else {
            expected = Outcome.DONE;
            a.enter(AgentState.AVAILABLE, now());
            a.idleSince = now();
            a.missedInARow = 0;
            changes.add(a.change());
        }
        operated(expected, acd.unpause(a.id, "sim"));
    }

    /**
     * {@code crossed}: the phone that rang for an offer the operation withdrew was answered as it was withdrawn
     * (someone picked up the old desk's phone, or the agent answered as they keyed the pause).
     */
    private void crossed(boolean crossed) {
        if (crossed && !lastCancels.isEmpty()) {
            lateAnswer(0);
        }
    }

    private void operated(Outcome expected, AgentResult result) {
        require(result.outcome() == expected, "outcome " + result.outcome() + ", expected " + expected);
        apply(result.commands());
        done();
    }

    /** {@code a}, ringing, leaves the offer: the ACD must cancel it (an answer may cross that cancel). */
    private void withdraw(AgentModel a, boolean crossable) {
        waiting.get(a.call).ringing.remove(a.id);
        withdrawals.put(new Cancelled(a.call, a.id), crossable);
        a.call = null;
        a.declinable = null;
    }

    /** {@code a}'s queue call and its wrap-up are over: available, or the pause or log-out asked for. */
    private void workDone(AgentModel a) {
        PendingChange p = a.pending;
        a.pending = PendingChange.NONE;
        switch (p) {
            case PAUSE -> {
                PauseReason r = a.pendingReason;
                a.pendingReason = null;
                a.pause(r, now());
                changes.add(a.change());
            }
            case LOGOUT -> {
                seats.remove(a.extension, a.id);
                a.logout(now());
                changes.add(a.change());
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
        clock.advanceTo(t.due);
        fired(t.timer);
    }

    /** Fires again, now, a timer that already fired or was cancelled. */
    void fireStale(int pick) {
        List<AcdTimer> stale = started.stream().filter(t -> !running(t)).toList();
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
        begin("timerFired " + t.kind() + " " + t.key() + " at +" + Duration.between(start, now()).toSeconds() + " s");
        boolean acts = switch (t.kind()) {
            case MAX_WAIT -> {
                CallModel c = waiting.get(t.key());
                subject = c;
                yield c != null && c.queue.overflow().isPresent();
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
        };
        List<AcdCommand> out = acd.timerFired(t);
        if (!acts) {
            require(out.isEmpty(), "a stale or early timer is ignored");
        }
        apply(out);
        if (acts && t.kind() == AcdTimer.Kind.MAX_WAIT) {
            require(gone.contains(t.key()), "a call that waited too long overflows");
        }
        done();
    }

    // ---- the end ----

    /**
     * Liveness: every extension's other calls end, every agent logs in and unpauses (again, after a pending log-out),
     * every offer is answered, every call ends and every timer fires when due. Then every call was answered,
     * overflowed or abandoned, and no agent state outlived its cause: everyone is available, with no call and
     * nothing pending.
     */
    void drain() {
        step("---- drain ----");
        for (int i = 0; drainStep(); i++) {
            require(i < 10_000, "the drain ends");
        }
        require(waiting.isEmpty() && connected.isEmpty(), "every call ends: waiting " + waiting.keySet()
                + ", connected " + connected.keySet());
        for (CallModel c : calls.values()) {
            require(c.outcome != null && c.outcome != CallEnd.ANSWERED, c.id + " ended " + c.outcome);
        }
        require(pending.isEmpty(), "every timer fired");
        for (AgentModel a : agents.values()) {
            require(a.state == AgentState.AVAILABLE && a.call == null && a.pending == PendingChange.NONE,
                    "no agent state outlives its cause: " + a);
        }
        for (QueueConfig q : queues.values()) {
            QueueStats s = acd.stats(q.name());
            require(s.waiting() == 0 && s.offered() == s.answered() + s.abandoned() + s.overflowed(),
                    "every call of " + q.name() + " was answered, abandoned or overflowed: " + s);
        }
    }

    private boolean drainStep() {
        for (String e : world.extensions()) {
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
                login(a, world.extensions().stream().filter(e -> !seats.containsKey(e)).findFirst()
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
            end(connected.keySet().iterator().next());
            return true;
        }
        if (!pending.isEmpty()) {
            Scheduled first = pending.stream().min(Comparator.comparing(Scheduled::due)).orElseThrow();
            fire(pending.indexOf(first));
            return true;
        }
        return false;
    }

    // ---- the commands ----

    private void apply(List<AcdCommand> out) {
        for (AcdCommand command : out) {
            step("  -> " + command);
            if (command instanceof AcdCommand.Queued q) {
                queued(q);
            } else if (command instanceof AcdCommand.Offer o) {
                offered(o);
            } else if (command instanceof CancelOffer c) {
                cancelled(c);
            } else if (command instanceof AcdCommand.Overflow o) {
                overflowed(o);
            } else if (command instanceof AcdCommand.StartTimer s) {
                timerStarted(s);
            } else if (command instanceof AcdCommand.CancelTimer c) {
                // the MAX_WAIT timer that just fired is cancelled too, which is harmless
                require(started.contains(c.timer()), "only a timer the ACD started is cancelled");
                pending.removeIf(p -> p.timer.equals(c.timer()));
            } else if (command instanceof AgentChanged c) {
                AgentChanged expected = changes.poll();
                require(expected != null, "an agent change nobody asked for");
                require(new AgentChanged(c.agent(), c.state(), c.reason(), c.extension(), c.pending(), null)
                        .equals(expected), "expected " + expected);
            }
        }
        subject = null;
    }

    private void queued(AcdCommand.Queued q) {
        CallModel c = subject;
        require(c != null && c.id.equals(q.callId()) && !waiting.containsKey(c.id), "only the arriving call is queued");
        require(q.queue().equals(c.queue.name()), "queued in its own queue");
        require(q.relaxed() == c.relaxed, "relaxed exactly when no member has the skills and there is no overflow");
        c.arrival = arrivals++;
        waiting.put(c.id, c);
        long ahead = waiting.values().stream().filter(o -> o.queue == c.queue && FIRST.compare(o, c) < 0).count();
        require(q.position() == ahead + 1, "position " + q.position() + " behind " + ahead + " calls");
    }

    private void offered(AcdCommand.Offer o) {
        CallModel c = waiting.get(o.callId());
        require(c != null, "offers only a waiting call (not one answered, ended or overflowed)");
        require(o.queue().equals(c.queue.name()), "the offer names the call's queue");
        Optional<Member> member = member(c.queue, o.agent());
        require(member.isPresent(), "the agent is a member of the call's queue");
        require(c.relaxed || hasSkills(member.get(), c.requirements.needed()), "the agent has the skills asked for");
        AgentModel a = agents.get(o.agent());
        require(a.state == AgentState.AVAILABLE, "offered while " + a.state + " (" + a + ")");
        require(o.extension().equals(a.extension), "rings the extension the agent is logged in at: " + a);
        require(a.restUntil == null || !now().isBefore(a.restUntil), "offered while resting");
        require(otherCalls(a.extension) == 0, "offered while its extension is on " + otherCalls(a.extension)
                + " call(s) outside the queues");
        require(o.ringTimeout().equals(c.queue.ringTimeout()), "rings for the queue's ring timeout");
        require(c.ringing.isEmpty() || c.queue.strategy() == Strategy.RING_ALL, "one agent at a time unless ring all");
        checkNothingBetterWaits(c, a);
        checkStrategy(c, a, member.get());
        lastOffered.put(c.queue.name(), member.get().position());
        a.ring(c.id, now());
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
        AgentModel a = agents.get(cancel.agent());
        require(a != null && a.ringsFor(cancel.callId()), "only a ringing offer is cancelled");
        require(cancel.why() == (connected.containsKey(cancel.callId()) ? CancelOffer.Why.TAKEN_ELSEWHERE
                : CancelOffer.Why.WITHDRAWN), "taken elsewhere exactly when another agent took the call");
        calls.get(cancel.callId()).ringing.remove(a.id);
        a.idle(now());
        lastCancels.add(x);
    }

    private void overflowed(AcdCommand.Overflow o) {
        CallModel c = subject;
        require(c != null && c.id.equals(o.callId()), "only the arriving or timed-out call overflows");
        require(o.queue().equals(c.queue.name()) && c.queue.overflow().equals(Optional.of(o.target())),
                "overflows to its queue's target");
        require(c.ringing.isEmpty(), "its offers are cancelled first");
        waiting.remove(c.id);
        gone.add(c.id);
        overflowed.add(c.id);
        c.outcome = CallEnd.OVERFLOWED;
        counts.get(c.queue.name()).overflowed++;
    }

    private void timerStarted(AcdCommand.StartTimer s) {
        AcdTimer t = s.timer();
        AgentModel a = agents.get(t.key());
        Duration expected = switch (t.kind()) {
            case MAX_WAIT -> calls.get(t.key()).queue.maxWait().orElseThrow();
            case REST -> a.restUntil == null ? null : Duration.between(now(), a.restUntil);
            case WRAP_UP -> a.state == AgentState.WRAP_UP ? a.wrapUpFor : null;
        };
        require(s.after().equals(expected), "timer " + t + " for " + s.after() + ", expected " + expected);
        pending.add(new Scheduled(t, now().plus(s.after())));
        started.add(t);
    }

    // ---- the checks ----

    /** Highest priority first, then the earliest arrival. */
    private static final Comparator<CallModel> FIRST = Comparator.<CallModel>comparingInt(
            c -> -c.requirements.priority()).thenComparingLong(c -> c.arrival);

    /**
     * Priority, then arrival: no call the agent could take that comes before {@code c} was left waiting without
     * the agent. A call ringing nobody would have had the agent first; a ring-all call too, unless it rings members
     * with a lower penalty than the agent's.
     */
    private void checkNothingBetterWaits(CallModel c, AgentModel a) {
        for (CallModel o : waiting.values()) {
            if (o == c || FIRST.compare(o, c) >= 0) {
                continue;
            }
            Optional<Member> m = member(o.queue, a.id).filter(x -> eligible(x, o));
            if (m.isEmpty()) {
                continue;
            }
            boolean passedOver = ringsAll(o) ? m.get().penalty() <= ringingPenalty(o) : o.ringing.isEmpty();
            if (passedOver) {
                throw failure(a.id + " offered " + c.id + " (priority " + c.requirements.priority()
                        + ") while " + o.id + " (priority " + o.requirements.priority() + ") comes first");
            }
        }
    }

    /**
     * Among the members free to take the call, only those with the lowest penalty are offered it (a ring-all call
     * keeps to the penalty of the members it rings: a higher one waits until they stop ringing), and the agent is
     * the one the queue's strategy picks among them.
     */
    private void checkStrategy(CallModel c, AgentModel chosen, Member pick) {
        List<Member> all = members.get(c.queue.name());
        List<Member> free = all.stream().filter(m -> availableNow(agents.get(m.id())) && eligible(m, c)).toList();
        int lowest = Math.min(ringingPenalty(c), free.stream().mapToInt(Member::penalty).min().orElseThrow());
        require(pick.penalty() == lowest, chosen.id + " offered with penalty " + pick.penalty() + " while a free "
                + "member with penalty " + lowest + " may take " + c.id);
        Map<String, Integer> needed = c.requirements.needed();
        int last = lastOffered.getOrDefault(c.queue.name(), -1);
        for (Member m : free) {
            if (m.penalty() != lowest) {
                continue;
            }
            AgentModel other = agents.get(m.id());
            boolean better = switch (c.queue.strategy()) {
                case RING_ALL, RANDOM -> false;
                case LINEAR -> m.position() < pick.position();
                case LONGEST_IDLE -> other.idleSince.isBefore(chosen.idleSince);
                case BEST_SKILL -> score(m, needed) > score(pick, needed) || score(m, needed) == score(pick, needed)
                        && other.idleSince.isBefore(chosen.idleSince);
                case ROUND_ROBIN -> Math.floorMod(m.position() - last - 1, all.size())
                        < Math.floorMod(pick.position() - last - 1, all.size());
                case FEWEST_CALLS -> other.answered < chosen.answered || other.answered == chosen.answered
                        && other.idleSince.isBefore(chosen.idleSince);
                case LEAST_TALK_TIME -> other.talked.compareTo(chosen.talked) < 0
                        || other.talked.equals(chosen.talked) && other.idleSince.isBefore(chosen.idleSince);
            };
            require(!better, c.queue.strategy() + " picked " + chosen.id + " over " + m.id());
        }
    }

    private void checkInvariants() {
        for (AgentModel a : agents.values()) {
            checkAgent(a);
        }
        for (String e : world.extensions()) {
            require(acd.agentAt(e).equals(Optional.ofNullable(seats.get(e))), "logged in at " + e + ": "
                    + seats.get(e) + " but the ACD says " + acd.agentAt(e));
            require(acd.otherCalls(e) == otherCalls(e), e + "'s calls outside the queues");
        }
        for (CallModel c : waiting.values()) {
            require(acd.ringingFor(c.id).equals(c.ringing), c.id + " rings " + c.ringing + " but the ACD says "
                    + acd.ringingFor(c.id));
            for (String id : c.ringing) {
                require(agents.get(id).ringsFor(c.id), "an agent rings for one call");
            }
        }
        for (QueueConfig q : queues.values()) {
            QueueStats s = acd.stats(q.name());
            List<String> in = waiting.values().stream().filter(c -> c.queue == q).sorted(FIRST).map(c -> c.id)
                    .toList();
            require(s.offered() == s.answered() + s.abandoned() + s.overflowed() + s.waiting(),
                    "offered = answered + abandoned + overflowed + waiting: " + s);
            Counts n = counts.get(q.name());
            require(s.offered() == n.offered && s.answered() == n.answered && s.abandoned() == n.abandoned
                    && s.overflowed() == n.overflowed && s.waiting() == in.size(), "stats " + s + " vs model " + n);
            require(acd.waitingIn(q.name()).equals(in), "waiting in " + q.name() + ": " + in);
        }
        checkNothingLeftUndone();
    }

    /**
     * The agent as the ACD sees them matches the model, their state has its cause (a waiting call rings them, a
     * connected call has them, a wrap-up timer runs), and their day adds up: the time in the states to the time
     * elapsed today, each state's and pause reason's time, and the counts, to the model's.
     */
    private void checkAgent(AgentModel a) {
        AgentStatus s = acd.agentStatus(a.id).orElseThrow();
        String who = a + ", the ACD says " + s.state() + s.reason().map(r -> " (" + r + ")").orElse("")
                + s.extension().map(e -> " at " + e).orElse("") + s.call().map(c -> " with " + c).orElse("")
                + " pending " + s.pending() + s.pendingReason().map(r -> " (" + r + ")").orElse("");
        require(s.state() == a.state && s.reason().equals(Optional.ofNullable(a.reason).map(PauseReason::name))
                && s.extension().equals(Optional.ofNullable(a.extension)) && s.pending() == a.pending
                && s.pendingReason().equals(Optional.ofNullable(a.pendingReason).map(PauseReason::name)), who);
        require(s.call().equals(a.state == AgentState.RESERVED || a.state == AgentState.ON_CALL
                ? Optional.of(a.call) : Optional.empty()), a.id + "'s call: " + who);
        require(s.since().equals(a.since), a.id + " " + a.state + " since " + a.since + ", the ACD says " + s.since());
        require(s.missedInARow() == a.missedInARow, a.id + " missed " + a.missedInARow + " in a row, the ACD says "
                + s.missedInARow());
        require(s.fixed() == a.fixed && s.name().equals(a.name), a.id + " is who they are");
        switch (a.state) {
            case RESERVED -> {
                CallModel c = waiting.get(a.call);
                require(c != null && c.ringing.contains(a.id), "a ringing agent rings for a waiting call");
            }
            case ON_CALL -> require(connected.containsKey(a.call) && connected.get(a.call).agent.equals(a.id),
                    "an agent on a call has a connected call");
            case WRAP_UP -> require(running(new AcdTimer(AcdTimer.Kind.WRAP_UP, a.id)), "a wrap-up has its timer");
            default -> require(a.pending == PendingChange.NONE, "only a call or its wrap-up delays a change");
        }
        checkDay(a, s.today());
    }

    private void checkDay(AgentModel a, AgentDayStats t) {
        AgentModel.Day d = a.today(now());
        Instant midnight = LocalDate.ofInstant(now(), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration elapsed = Duration.between(midnight.isAfter(start) ? midnight : start, now());
        Duration total = t.inState().values().stream().reduce(Duration.ZERO, Duration::plus);
        require(total.equals(elapsed), a.id + "'s time in states adds up to " + total + ", not the " + elapsed
                + " elapsed today: " + t.inState());
        require(t.day().equals(d.date), a.id + "'s day is " + d.date + ", the ACD says " + t.day());
        require(t.inState().equals(d.inState), a.id + "'s time in states " + t.inState() + ", expected "
                + d.inState);
        require(nonZero(t.pausedBy()).equals(nonZero(d.pausedBy)) && t.productivePause().equals(d.productivePause),
                a.id + "'s pauses " + t.pausedBy() + ", expected " + d.pausedBy);
        require(t.offered() == d.offered && t.answered() == d.answered && t.missed() == d.missed
                && t.talked().equals(d.talked), a.id + "'s day: offered " + t.offered() + ", answered " + t.answered()
                + ", missed " + t.missed() + ", talked " + t.talked() + "; expected " + d.offered + ", " + d.answered
                + ", " + d.missed + ", " + d.talked);
    }

    /**
     * Work conservation: no waiting call that rings nobody (or rings all, and the member's penalty is no higher than
     * those it rings) has an eligible member who is available, not resting and whose extension is on no other
     * call. Resting ends when the REST timer fires: the clock alone does not wake the ACD.
     */
    private void checkNothingLeftUndone() {
        for (CallModel c : waiting.values()) {
            if (!c.ringing.isEmpty() && !ringsAll(c)) {
                continue;
            }
            for (Member m : members.get(c.queue.name())) {
                AgentModel a = agents.get(m.id());
                if (a.state == AgentState.AVAILABLE && a.restUntil == null && otherCalls(a.extension) == 0
                        && eligible(m, c) && m.penalty() <= ringingPenalty(c)) {
                    throw failure(c.id + " waits in " + c.queue.name() + " while " + a.id + " is free for it");
                }
            }
        }
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

    private boolean availableNow(AgentModel a) {
        return a.state == AgentState.AVAILABLE && otherCalls(a.extension) == 0
                && (a.restUntil == null || !now().isBefore(a.restUntil));
    }

    private int otherCalls(String extension) {
        return extension == null ? 0 : otherCalls.getOrDefault(extension, 0);
    }

    private static boolean eligible(Member m, CallModel c) {
        return c.relaxed || hasSkills(m, c.requirements.needed());
    }

    /** The lowest penalty among the members {@code c} rings; above every penalty when it rings nobody. */
    private int ringingPenalty(CallModel c) {
        return c.ringing.stream().mapToInt(id -> member(c.queue, id).orElseThrow().penalty()).min()
                .orElse(Integer.MAX_VALUE);
    }

    private static boolean ringsAll(CallModel c) {
        return c.queue.strategy() == Strategy.RING_ALL;
    }

    private Optional<Member> member(QueueConfig q, String agent) {
        return members.get(q.name()).stream().filter(m -> m.id().equals(agent)).findFirst();
    }

    private static boolean hasSkills(Member m, Map<String, Integer> needed) {
        return needed.entrySet().stream().allMatch(e -> m.skills().getOrDefault(e.getKey(), 0) >= e.getValue());
    }

    private static int score(Member m, Map<String, Integer> needed) {
        return needed.keySet().stream().mapToInt(s -> m.skills().getOrDefault(s, 0)).sum();
    }

    private static Map<String, Duration> nonZero(Map<String, Duration> times) {
        return times.entrySet().stream().filter(e -> !e.getValue().isZero())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private boolean running(AcdTimer t) {
        return pending.stream().anyMatch(p -> p.timer.equals(t));
    }

    private List<AgentModel> ringingAgents() {
        return agents.values().stream().filter(a -> a.state == AgentState.RESERVED).toList();
    }

    private Instant now() {
        return clock.instant();
    }

    private void begin(String event) {
        lastCancels.clear();
        step(event);
    }

    private void step(String what) {
        steps.add(what);
    }

    /** The event is over: what it had to withdraw and announce was, and the invariants hold. */
    private void done() {
        require(withdrawals.isEmpty(), "the offers of an agent who paused, logged out or moved are withdrawn: "
                + withdrawals.keySet());
        require(changes.isEmpty(), "agent changes announced: " + changes);
        checkInvariants();
    }

    private void require(boolean ok, String rule) {
        if (!ok) {
            throw failure(rule);
        }
    }

    private AssertionError failure(String rule) {
        int from = Math.max(0, steps.size() - 40);
        return new AssertionError(rule + "\nlast steps:\n  " + String.join("\n  ", steps.subList(from, steps.size())));
    }

    private record Scheduled(AcdTimer timer, Instant due) {
    }

    private record Cancelled(String callId, String agent) {
    }

    /** How a call left (null while it waits). */
    private enum CallEnd { ANSWERED, ENDED, ABANDONED, OVERFLOWED }

    private static final class CallModel {
        final String id;
        final QueueConfig queue;
        final Requirements requirements;
        final boolean relaxed;
        final Set<String> ringing = new LinkedHashSet<>();
        long arrival;
        String agent;
        /** The queue whose wrap-up follows the call: its own, or the agent's first for a late answer. */
        QueueConfig wrapUpFrom;
        CallEnd outcome;

        CallModel(String id, QueueConfig queue, Requirements requirements, boolean relaxed) {
            this.id = id;
            this.queue = queue;
            this.requirements = requirements;
            this.relaxed = relaxed;
        }
    }

    private static final class Counts {
        long offered;
        long answered;
        long abandoned;
        long overflowed;

        @Override
        public String toString() {
            return "offered " + offered + ", answered " + answered + ", abandoned " + abandoned + ", overflowed "
                    + overflowed;
        }
    }
}
