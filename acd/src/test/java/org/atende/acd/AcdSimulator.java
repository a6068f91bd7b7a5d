package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.atende.acd.Acd.AgentState;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Strategy;

/**
 * Plays the engine's part for {@link AcdProperties}: drives an {@link Acd} with events that could really happen
 * (answers and failures only of offers that ring, answers that crossed the last event's cancels, calls outside the
 * queues starting and ending, declines only of offers such a call crossed, timers only the ACD started, each firing
 * when due, and again later), keeps its own model of agents, calls, offers and timers as
 * the commands say, and checks every command and, after every step, the invariants. A broken rule throws
 * {@link AssertionError} naming it, with the last steps.
 */
final class AcdSimulator {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    /** The random strategy's seed: a failing run replays the same offers. */
    private static final long SEED = 11;

    private final TestClock clock = new TestClock(START);
    private final Acd acd;
    private final Map<String, QueueConfig> queues = new LinkedHashMap<>();
    private final Map<String, AgentModel> agents = new TreeMap<>();
    private final Map<String, CallModel> calls = new LinkedHashMap<>();
    private final Map<String, CallModel> waiting = new LinkedHashMap<>();
    private final Map<String, CallModel> connected = new LinkedHashMap<>();
    private final Set<String> gone = new LinkedHashSet<>();
    private final Set<String> overflowed = new LinkedHashSet<>();
    /** The offers the last event cancelled: an answer may have crossed each cancel. */
    private final List<Cancelled> lastCancels = new ArrayList<>();
    /** A late answer's agent rings for another call: the ACD must withdraw that offer... */
    private Cancelled withdrawal;
    /** ...and keep the agent on this call. */
    private String lateCall;
    /** Timers as the engine runs them: a timer started twice fires twice (cancelling is not a duty). */
    private final List<Scheduled> pending = new ArrayList<>();
    private final Set<AcdTimer> started = new LinkedHashSet<>();
    private final Map<String, Counts> counts = new LinkedHashMap<>();
    /** Each queue's last offered member (place in the order written), as round robin continues after it. */
    private final Map<String, Integer> lastOffered = new HashMap<>();
    private final List<String> steps = new ArrayList<>();
    private long arrivals;
    private int lastCall;
    /** The call an enqueue or a MAX_WAIT timer is about: the only one that may be queued or overflow. */
    private CallModel subject;

    AcdSimulator(List<QueueConfig> configs) {
        for (QueueConfig q : configs) {
            queues.put(q.name(), q);
            counts.put(q.name(), new Counts());
            for (Member m : q.members()) {
                agents.computeIfAbsent(m.extension(), e -> new AgentModel(e, START));
            }
        }
        acd = new Acd(configs, clock, new SplittableRandom(SEED));
        checkInvariants();
    }

    // ---- the steps ----

    void arrive(int queueIndex, Requirements requirements) {
        QueueConfig q = List.copyOf(queues.values()).get(Math.floorMod(queueIndex, queues.size()));
        String id = "c" + ++lastCall;
        boolean anyone = q.members().stream().anyMatch(m -> hasSkills(m, requirements.needed()));
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
        if (ringing.isEmpty()) {
            return;
        }
        AgentModel a = ringing.get(Math.floorMod(pick, ringing.size()));
        CallModel c = waiting.remove(a.call);
        require(c != null, "a ringing agent's call is waiting");
        c.ringing.remove(a.extension);
        c.agent = a.extension;
        c.wrapUpFrom = c.queue;
        connected.put(c.id, c);
        a.state = AgentState.ON_CALL;
        a.answered(now());
        counts.get(c.queue.name()).answered++;
        begin("offerAnswered " + c.id + " by " + a.extension);
        apply(acd.offerAnswered(c.id, a.extension));
        require(c.ringing.isEmpty(), "the other ringing agents are cancelled");
        require(!running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, c.id)), "the max wait timer is cancelled");
        done();
    }

    void fail(int pick) {
        List<AgentModel> ringing = ringingAgents();
        if (ringing.isEmpty()) {
            return;
        }
        AgentModel a = ringing.get(Math.floorMod(pick, ringing.size()));
        CallModel c = waiting.get(a.call);
        c.ringing.remove(a.extension);
        a.idle();
        a.restUntil = now().plus(c.queue.ringTimeout());
        begin("offerFailed " + c.id + " by " + a.extension);
        apply(acd.offerFailed(c.id, a.extension, "no answer"));
        AcdTimer rest = new AcdTimer(AcdTimer.Kind.REST, a.extension);
        require(pending.stream().anyMatch(p -> p.timer.equals(rest) && p.due.equals(a.restUntil)),
                "a rest timer runs to the end of the rest");
        done();
    }

    /**
     * An answer that crossed a cancel of the last event, for a call that overflowed (the engine keeps the agent on
     * it) or that another agent took (ignored). Answers for abandoned calls never reach the ACD.
     */
    void lateAnswer(int pick) {
        List<Cancelled> crossed = lastCancels.stream().filter(x -> overflowed.contains(x.callId)
                || connected.containsKey(x.callId) && !x.agent.equals(connected.get(x.callId).agent)).toList();
        if (crossed.isEmpty()) {
            return;
        }
        Cancelled x = crossed.get(Math.floorMod(pick, crossed.size()));
        CallModel c = calls.get(x.callId);
        AgentModel a = agents.get(x.agent);
        begin("offerAnswered " + c.id + " by " + a.extension + " (crossed the cancel)");
        if (connected.containsKey(c.id) || a.state == AgentState.ON_CALL) {
            require(acd.offerAnswered(c.id, a.extension).isEmpty(), "an answer for a call taken already is ignored");
            done();
            return;
        }
        overflowed.remove(c.id);
        gone.remove(c.id);
        c.agent = a.extension;
        c.wrapUpFrom = queues.values().stream().filter(q -> member(q, a.extension).isPresent()).findFirst()
                .orElseThrow();
        connected.put(c.id, c);
        a.answered(now());
        if (a.state == AgentState.RESERVED) {
            withdrawal = new Cancelled(a.call, a.extension);
            lateCall = c.id;
        } else {
            a.state = AgentState.ON_CALL;
            a.call = c.id;
        }
        apply(acd.offerAnswered(c.id, a.extension));
        require(withdrawal == null, "the late agent's new offer is withdrawn");
        require(a.state == AgentState.ON_CALL && c.id.equals(a.call), "the late agent is kept on the call");
        done();
    }

    /** Ends a waiting or connected call. */
    void end(int pick) {
        List<String> candidates = new ArrayList<>(waiting.keySet());
        candidates.addAll(connected.keySet());
        if (candidates.isEmpty()) {
            return;
        }
        String id = candidates.get(Math.floorMod(pick, candidates.size()));
        begin("callEnded " + id);
        if (waiting.containsKey(id)) {
            CallModel c = waiting.remove(id);
            gone.add(id);
            counts.get(c.queue.name()).abandoned++;
            apply(acd.callEnded(id));
            require(c.ringing.isEmpty(), "the agents ringing for an abandoned call are cancelled");
            require(!running(new AcdTimer(AcdTimer.Kind.MAX_WAIT, id)), "the max wait timer is cancelled");
        } else if (connected.containsKey(id)) {
            CallModel c = connected.remove(id);
            gone.add(id);
            AgentModel a = agents.get(c.agent);
            a.talked = a.talked.plus(Duration.between(a.talkingSince, now()));
            if (c.wrapUpFrom.wrapUp().isZero()) {
                a.idle();
                a.idleSince = now();
            } else {
                a.state = AgentState.WRAP_UP;
                a.call = null;
            }
            apply(acd.callEnded(id));
            if (!c.wrapUpFrom.wrapUp().isZero()) {
                require(running(new AcdTimer(AcdTimer.Kind.WRAP_UP, a.extension)), "wrap-up timer starts");
            }
        }
        done();
    }

    /**
     * An agent starts ({@code busy}) or ends a call outside the queues. Starting one while ringing does not stop the
     * offer, but the engine may then find the agent busy at ring time and decline it.
     */
    void otherCall(int pick, boolean busy) {
        AgentModel a = List.copyOf(agents.values()).get(Math.floorMod(pick, agents.size()));
        if (busy) {
            begin("otherCall " + a.extension + " starts");
            a.otherCalls++;
            if (a.state == AgentState.RESERVED) {
                a.declinable = a.call;
            }
            require(acd.otherCall(a.extension, true).isEmpty(), "an agent starting another call changes no offer");
        } else {
            begin("otherCall " + a.extension + " ends");
            if (a.otherCalls == 0) {
                require(acd.otherCall(a.extension, false).isEmpty(), "an end without a start changes nothing");
                done();
                return;
            }
            a.otherCalls--;
            if (a.otherCalls == 0 && a.state == AgentState.AVAILABLE) {
                a.idleSince = now();
            }
            apply(acd.otherCall(a.extension, false));
        }
        done();
    }

    /** The engine found a ringing agent on another call (one that began after the offer) and did not ring it. */
    void decline(int pick) {
        List<AgentModel> crossed = ringingAgents().stream().filter(a -> a.call.equals(a.declinable)).toList();
        if (crossed.isEmpty()) {
            return;
        }
        AgentModel a = crossed.get(Math.floorMod(pick, crossed.size()));
        CallModel c = waiting.get(a.call);
        c.ringing.remove(a.extension);
        a.idle();
        begin("offerDeclined " + c.id + " by " + a.extension + (a.otherCalls == 0 ? " (its other call is over)" : ""));
        List<AcdCommand> out = acd.offerDeclined(c.id, a.extension);
        require(out.stream().noneMatch(o -> o instanceof AcdCommand.StartTimer s
                && s.timer().equals(new AcdTimer(AcdTimer.Kind.REST, a.extension))), "a declined agent does not rest");
        apply(out);
        done();
    }

    /** A decline that crossed a cancel of the last event: the offer is gone, nothing changes. */
    void lateDecline(int pick) {
        if (lastCancels.isEmpty()) {
            return;
        }
        Cancelled x = lastCancels.get(Math.floorMod(pick, lastCancels.size()));
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

    // ---- the model of a timer firing ----

    private void fired(AcdTimer t) {
        begin("timerFired " + t.kind() + " " + t.key() + " at +" + Duration.between(START, now()).toSeconds() + " s");
        boolean acts = switch (t.kind()) {
            case MAX_WAIT -> {
                CallModel c = waiting.get(t.key());
                subject = c;
                yield c != null && c.queue.overflow().isPresent();
            }
            case WRAP_UP -> {
                AgentModel a = agents.get(t.key());
                if (a.state == AgentState.WRAP_UP) {
                    a.state = AgentState.AVAILABLE;
                    a.idleSince = now();
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

    // ---- the commands ----

    private void apply(List<AcdCommand> out) {
        for (AcdCommand command : out) {
            step("  -> " + command);
            if (command instanceof AcdCommand.Queued q) {
                queued(q);
            } else if (command instanceof AcdCommand.Offer o) {
                offered(o);
            } else if (command instanceof AcdCommand.CancelOffer c) {
                cancelled(c);
            } else if (command instanceof AcdCommand.Overflow o) {
                overflowed(o);
            } else if (command instanceof AcdCommand.StartTimer s) {
                timerStarted(s);
            } else if (command instanceof AcdCommand.CancelTimer c) {
                // the MAX_WAIT timer that just fired is cancelled too, which is harmless
                require(started.contains(c.timer()), "only a timer the ACD started is cancelled");
                pending.removeIf(p -> p.timer.equals(c.timer()));
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
        require(a.state == AgentState.AVAILABLE, "offered while " + a.state + " (" + a.call + ")");
        require(a.restUntil == null || !now().isBefore(a.restUntil), "offered while resting");
        require(a.otherCalls == 0, "offered while on " + a.otherCalls + " call(s) outside the queues");
        require(o.ringTimeout().equals(c.queue.ringTimeout()), "rings for the queue's ring timeout");
        require(c.ringing.isEmpty() || c.queue.strategy() == Strategy.RING_ALL, "one agent at a time unless ring all");
        checkNothingBetterWaits(c, a);
        checkStrategy(c, a);
        lastOffered.put(c.queue.name(), c.queue.members().indexOf(member.get()));
        a.state = AgentState.RESERVED;
        a.call = c.id;
        a.declinable = null;
        c.ringing.add(a.extension);
    }

    private void cancelled(AcdCommand.CancelOffer cancel) {
        AgentModel a = agents.get(cancel.agent());
        require(a != null && a.state == AgentState.RESERVED && cancel.callId().equals(a.call),
                "only a ringing offer is cancelled");
        calls.get(cancel.callId()).ringing.remove(a.extension);
        if (new Cancelled(cancel.callId(), cancel.agent()).equals(withdrawal)) {
            a.state = AgentState.ON_CALL; // on the call it answered late
            a.call = lateCall;
            withdrawal = null;
        } else {
            a.idle();
            lastCancels.add(new Cancelled(cancel.callId(), cancel.agent()));
        }
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
        counts.get(c.queue.name()).overflowed++;
    }

    private void timerStarted(AcdCommand.StartTimer s) {
        AcdTimer t = s.timer();
        Duration expected = switch (t.kind()) {
            case MAX_WAIT -> calls.get(t.key()).queue.maxWait().orElseThrow();
            case REST -> Duration.between(now(), agents.get(t.key()).restUntil);
            case WRAP_UP -> agents.get(t.key()).state == AgentState.WRAP_UP ? s.after() : null;
            case STEP -> null; // the simulated queues have no relaxation steps
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
     * Priority: no call the agent could take that comes before {@code c} was left waiting without the agent
     * (a call ringing nobody, or a ring-all call, would have had the agent first).
     */
    private void checkNothingBetterWaits(CallModel c, AgentModel a) {
        for (CallModel o : waiting.values()) {
            if (o != c && eligible(a.extension, o) && (o.ringing.isEmpty() || ringsAll(o))
                    && FIRST.compare(o, c) < 0) {
                throw failure(a.extension + " offered " + c.id + " (priority " + c.requirements.priority()
                        + ") while " + o.id + " (priority " + o.requirements.priority() + ") comes first");
            }
        }
    }

    /** The agent is the one the queue's strategy picks among the members free to take the call. */
    private void checkStrategy(CallModel c, AgentModel chosen) {
        List<Member> free = c.queue.members().stream()
                .filter(m -> availableNow(agents.get(m.extension())) && eligible(m.extension(), c)).toList();
        Map<String, Integer> needed = c.requirements.needed();
        Member pick = member(c.queue, chosen.extension).orElseThrow();
        int last = lastOffered.getOrDefault(c.queue.name(), -1);
        int size = c.queue.members().size();
        for (Member m : free) {
            AgentModel other = agents.get(m.extension());
            boolean better = switch (c.queue.strategy()) {
                case RING_ALL, RANDOM -> false;
                case LINEAR -> c.queue.members().indexOf(m) < c.queue.members().indexOf(pick);
                case LONGEST_IDLE -> other.idleSince.isBefore(chosen.idleSince);
                case BEST_SKILL -> score(m, needed) > score(pick, needed) || score(m, needed) == score(pick, needed)
                        && other.idleSince.isBefore(chosen.idleSince);
                case ROUND_ROBIN -> Math.floorMod(c.queue.members().indexOf(m) - last - 1, size)
                        < Math.floorMod(c.queue.members().indexOf(pick) - last - 1, size);
                case FEWEST_CALLS -> other.answered < chosen.answered || other.answered == chosen.answered
                        && other.idleSince.isBefore(chosen.idleSince);
                case LEAST_TALK_TIME -> other.talked.compareTo(chosen.talked) < 0
                        || other.talked.equals(chosen.talked) && other.idleSince.isBefore(chosen.idleSince);
            };
            require(!better, c.queue.strategy() + " picked " + chosen.extension + " over " + m.extension());
        }
    }

    private void checkInvariants() {
        for (AgentModel a : agents.values()) {
            require(acd.agentState(a.extension).equals(Optional.of(a.state)), a.extension + " is " + a.state
                    + " but the ACD says " + acd.agentState(a.extension));
            Optional<String> call = a.state == AgentState.RESERVED || a.state == AgentState.ON_CALL
                    ? Optional.of(a.call) : Optional.empty();
            require(acd.agentCall(a.extension).equals(call), a.extension + "'s call");
            if (a.state == AgentState.RESERVED) {
                CallModel c = waiting.get(a.call);
                require(c != null && c.ringing.contains(a.extension), "a ringing agent rings for a waiting call");
            }
        }
        for (CallModel c : waiting.values()) {
            require(acd.ringingFor(c.id).equals(c.ringing), c.id + " rings " + c.ringing + " but the ACD says "
                    + acd.ringingFor(c.id));
            for (String e : c.ringing) {
                AgentModel a = agents.get(e);
                require(a.state == AgentState.RESERVED && c.id.equals(a.call), "an agent rings for one call");
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
     * Work conservation: no waiting call that rings nobody (or rings all) has an eligible member who is idle and
     * not resting. Resting ends when the REST timer fires: the clock alone does not wake the ACD.
     */
    private void checkNothingLeftUndone() {
        for (CallModel c : waiting.values()) {
            if (!c.ringing.isEmpty() && !ringsAll(c)) {
                continue;
            }
            for (Member m : c.queue.members()) {
                AgentModel a = agents.get(m.extension());
                if (a.state == AgentState.AVAILABLE && a.restUntil == null && a.otherCalls == 0
                        && eligible(a.extension, c)) {
                    throw failure(c.id + " waits in " + c.queue.name() + " while " + a.extension + " is free for it");
                }
            }
        }
    }

    // ---- helpers ----

    private boolean availableNow(AgentModel a) {
        return a.state == AgentState.AVAILABLE && a.otherCalls == 0 && (a.restUntil == null || !now().isBefore(a.restUntil));
    }

    private boolean eligible(String extension, CallModel c) {
        return member(c.queue, extension).filter(m -> c.relaxed || hasSkills(m, c.requirements.needed()))
                .isPresent();
    }

    private static boolean ringsAll(CallModel c) {
        return c.queue.strategy() == Strategy.RING_ALL;
    }

    private static Optional<Member> member(QueueConfig q, String extension) {
        return q.members().stream().filter(m -> m.extension().equals(extension)).findFirst();
    }

    private static boolean hasSkills(Member m, Map<String, Integer> needed) {
        return needed.entrySet().stream().allMatch(e -> m.skills().getOrDefault(e.getKey(), 0) >= e.getValue());
    }

    private static int score(Member m, Map<String, Integer> needed) {
        return needed.keySet().stream().mapToInt(s -> m.skills().getOrDefault(s, 0)).sum();
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

    private void done() {
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

    private static final class AgentModel {
        final String extension;
        AgentState state = AgentState.AVAILABLE;
        String call;
        Instant idleSince;
        /** Set by a missed offer; cleared only when the REST timer fires after it. */
        Instant restUntil;
        /** Calls outside the queues the agent is on. */
        int otherCalls;
        /** The call whose offer such a call crossed (it began while the agent rang): the engine may decline it. */
        String declinable;
        /** Queue calls answered, time talked on them, and since when on the one now. */
        long answered;
        Duration talked = Duration.ZERO;
        Instant talkingSince;

        AgentModel(String extension, Instant idleSince) {
            this.extension = extension;
            this.idleSince = idleSince;
        }

        void answered(Instant now) {
            answered++;
            talkingSince = now;
        }

        void idle() {
            state = AgentState.AVAILABLE;
            call = null;
            declinable = null;
        }
    }

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
