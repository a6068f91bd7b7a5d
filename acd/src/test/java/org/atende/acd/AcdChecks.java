package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdModel.CallEnd;
import org.atende.acd.AcdModel.CallModel;
import org.atende.acd.AcdModel.Counts;
import org.atende.acd.AcdWorld.Member;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;

import static org.atende.acd.AcdModel.FIRST;
import static org.atende.acd.AcdModel.eligible;
import static org.atende.acd.AcdModel.ringsAll;
import static org.atende.acd.AcdModel.score;

/**
 * What {@link AcdSimulator} checks against its {@link AcdModel}: each offer (the agent free, the lowest penalty,
 * the strategy's pick, no better call passed over), after every step the invariants and the ACD's view of every
 * agent, extension, call and queue, and after the drain that everything ended.
 */
final class AcdChecks {

    private final Acd acd;
    private final AcdModel model;

    AcdChecks(Acd acd, AcdModel model) {
        this.acd = acd;
        this.model = model;
    }

    /** The ACD offers {@code c} to {@code a}, its queue's member {@code pick}, who the model says is free. */
    void offered(CallModel c, AgentModel a, Member pick) {
        checkNothingBetterWaits(c, a);
        checkStrategy(c, a, pick);
    }

    /**
     * Priority, then arrival: no call the agent could take that comes before {@code c} was left waiting without
     * the agent. A call ringing nobody would have had the agent first; a ring-all call too, unless it rings members
     * with a lower penalty than the agent's.
     */
    private void checkNothingBetterWaits(CallModel c, AgentModel a) {
        for (CallModel o : model.waiting.values()) {
            if (o == c || FIRST.compare(o, c) >= 0) {
                continue;
            }
            Optional<Member> m = model.member(o.queue, a.id).filter(x -> eligible(x, o));
            if (m.isEmpty()) {
                continue;
            }
            boolean passedOver = ringsAll(o) ? m.get().penalty() <= model.ringingPenalty(o) : o.ringing.isEmpty();
            if (passedOver) {
                throw model.failure(a.id + " offered " + c.id + " (priority " + c.requirements.priority()
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
        List<Member> all = model.members.get(c.queue.name());
        List<Member> free = all.stream().filter(m -> model.availableNow(model.agents.get(m.id())) && eligible(m, c))
                .toList();
        int lowest = Math.min(model.ringingPenalty(c), free.stream().mapToInt(Member::penalty).min().orElseThrow());
        require(pick.penalty() == lowest, () -> chosen.id + " offered with penalty " + pick.penalty() + " while "
                + c.id + " rings, or a free member may take it, with penalty " + lowest);
        Map<String, Integer> needed = c.requirements.needed();
        int last = model.lastOffered.getOrDefault(c.queue.name(), -1);
        for (Member m : free) {
            if (m.penalty() != lowest) {
                continue;
            }
            AgentModel other = model.agents.get(m.id());
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
            require(!better, () -> c.queue.strategy() + " picked " + chosen.id + " over " + m.id());
        }
    }

    /** After every step: the agents, who sits where, the calls ringing, the queues, work conservation. */
    void invariants() {
        for (AgentModel a : model.agents.values()) {
            checkAgent(a);
        }
        for (String e : model.world.extensions()) {
            require(acd.view().agentAt(e).equals(Optional.ofNullable(model.seats.get(e))),
                    () -> "logged in at " + e + ": " + model.seats.get(e) + " but the ACD says "
                            + acd.view().agentAt(e));
            require(acd.view().otherCalls(e) == model.otherCalls(e), () -> e + "'s calls outside the queues");
        }
        for (CallModel c : model.waiting.values()) {
            require(acd.view().ringingFor(c.id).equals(c.ringing),
                    () -> c.id + " rings " + c.ringing + " but the ACD says " + acd.view().ringingFor(c.id));
            for (String id : c.ringing) {
                require(model.agents.get(id).ringsFor(c.id), "an agent rings for one call");
            }
        }
        for (QueueConfig q : model.queues.values()) {
            QueueStats s = acd.view().stats(q.name());
            List<String> in = model.waiting.values().stream().filter(c -> c.queue == q).sorted(FIRST).map(c -> c.id)
                    .toList();
            long callers = model.waiting.values().stream().filter(c -> c.queue == q && !c.isCallback()).count();
            checkAddsUp(s);
            Counts n = model.counts.get(q.name());
            require(s.offered() == n.offered && s.answered() == n.answered && s.abandoned() == n.abandoned
                    && s.overflowed() == n.overflowed && s.waiting() == callers
                    && s.callbacksRequested() == n.callbacksRequested && s.callbacksAnswered() == n.callbacksAnswered
                    && s.callbacksFailed() == n.callbacksFailed && s.callbacksPending() == model.pendingCallbacks(q),
                    () -> "stats " + s + " vs model " + n + ", pending " + model.pendingCallbacks(q));
            require(acd.view().waitingIn(q.name()).equals(in), () -> "waiting in " + q.name() + " (callbacks at their "
                    + "places): " + in);
        }
        for (CallModel c : model.calls.values()) {
            boolean held = c.isCallback() && c.outcome != CallEnd.FAILED && c.outcome != CallEnd.ENDED;
            require(acd.callbacks().isCallback(c.id) == held, () -> c.id + " is a callback: " + held);
            require(!held || acd.callbacks().attempts(c.id).equals(Optional.of(c.attempts)), () -> c.id + " made "
                    + c.attempts + " attempts");
        }
        checkNothingLeftUndone();
    }

    /**
     * Every call offered is answered, abandoned, overflowed, refused, called back or waiting; every callback
     * requested is answered, failed or pending.
     */
    private void checkAddsUp(QueueStats s) {
        require(s.offered() == s.answered() + s.abandoned() + s.overflowed() + s.refused() + s.callbacksRequested()
                + s.waiting(), () -> "offered = answered + abandoned + overflowed + refused + called back + waiting: "
                + s);
        require(s.callbacksRequested() == s.callbacksAnswered() + s.callbacksFailed() + s.callbacksPending(),
                () -> "callbacks requested = answered + failed + pending: " + s);
    }

    /**
     * The agent as the ACD sees them matches the model, their state has its cause (a waiting call rings them, a
     * connected call has them, a wrap-up timer runs), and their day adds up: the time in the states to the time
     * elapsed today, each state's and pause reason's time, and the counts, to the model's.
     */
    private void checkAgent(AgentModel a) {
        AgentStatus s = acd.view().agentStatus(a.id).orElseThrow();
        Supplier<String> who = () -> a + ", the ACD says " + s.state() + s.reason().map(r -> " (" + r + ")").orElse("")
                + s.extension().map(e -> " at " + e).orElse("") + s.call().map(c -> " with " + c).orElse("")
                + " pending " + s.pending() + s.pendingReason().map(r -> " (" + r + ")").orElse("");
        require(s.state() == a.state && s.reason().equals(Optional.ofNullable(a.reason).map(PauseReason::name))
                && s.extension().equals(Optional.ofNullable(a.extension)) && s.pending() == a.pending
                && s.pendingReason().equals(Optional.ofNullable(a.pendingReason).map(PauseReason::name)), who);
        require(s.call().equals(a.state == AgentState.RESERVED || a.state == AgentState.ON_CALL
                ? Optional.of(a.call) : Optional.empty()), () -> a.id + "'s call: " + who.get());
        require(s.since().equals(a.since), () -> a.id + " " + a.state + " since " + a.since + ", the ACD says "
                + s.since());
        require(s.missedInARow() == a.missedInARow, () -> a.id + " missed " + a.missedInARow
                + " in a row, the ACD says " + s.missedInARow());
        require(s.fixed() == a.fixed && s.name().equals(a.name), a.id + " is who they are");
        switch (a.state) {
            case RESERVED -> {
                CallModel c = model.waiting.get(a.call);
                require(c != null && c.ringing.contains(a.id), "a ringing agent rings for a waiting call");
            }
            case ON_CALL -> require(model.connected.containsKey(a.call)
                    && model.connected.get(a.call).agent.equals(a.id), "an agent on a call has a connected call");
            case WRAP_UP -> require(model.running(new AcdTimer(AcdTimer.Kind.WRAP_UP, a.id)),
                    "a wrap-up has its timer");
            default -> require(a.pending == PendingChange.NONE, "only a call or its wrap-up delays a change");
        }
        checkDay(a, s.today());
    }

    private void checkDay(AgentModel a, AgentDayStats t) {
        AgentModel.Day d = a.today(model.now());
        Instant midnight = LocalDate.ofInstant(model.now(), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration elapsed = Duration.between(midnight.isAfter(model.start) ? midnight : model.start, model.now());
        Duration total = t.inState().values().stream().reduce(Duration.ZERO, Duration::plus);
        require(total.equals(elapsed), () -> a.id + "'s time in states adds up to " + total + ", not the " + elapsed
                + " elapsed today: " + t.inState());
        require(t.day().equals(d.date), () -> a.id + "'s day is " + d.date + ", the ACD says " + t.day());
        require(t.inState().equals(d.inState), () -> a.id + "'s time in states " + t.inState() + ", expected "
                + d.inState);
        require(nonZero(t.pausedBy()).equals(nonZero(d.pausedBy)) && t.productivePause().equals(d.productivePause),
                () -> a.id + "'s pauses " + t.pausedBy() + ", expected " + d.pausedBy);
        require(t.offered() == d.offered && t.answered() == d.answered && t.missed() == d.missed
                && t.talked().equals(d.talked), () -> a.id + "'s day: offered " + t.offered() + ", answered "
                + t.answered() + ", missed " + t.missed() + ", talked " + t.talked() + "; expected " + d.offered + ", "
                + d.answered + ", " + d.missed + ", " + d.talked);
    }

    /**
     * Work conservation: no waiting call that rings nobody (or rings all, and the member's penalty is no higher than
     * those it rings) has an eligible member who is available, not resting and whose extension is on no other
     * call. Resting ends when the REST timer fires: the clock alone does not wake the ACD.
     */
    private void checkNothingLeftUndone() {
        for (CallModel c : model.waiting.values()) {
            if (!c.ringing.isEmpty() && !ringsAll(c)) {
                continue;
            }
            for (Member m : model.members.get(c.queue.name())) {
                AgentModel a = model.agents.get(m.id());
                if (a.state == AgentState.AVAILABLE && a.restUntil == null && model.otherCalls(a.extension) == 0
                        && eligible(m, c) && m.penalty() <= model.ringingPenalty(c)) {
                    throw model.failure(c.id + " waits in " + c.queue.name() + " while " + a.id + " is free for it");
                }
            }
        }
    }

    /**
     * After the drain: every call was answered (and ended), overflowed, abandoned or called back (answered and ended,
     * or given up), every timer fired, and no agent state outlived its cause: everyone is available, with no call
     * and nothing pending.
     */
    void drained() {
        require(model.waiting.isEmpty() && model.connected.isEmpty() && model.retrying.isEmpty(),
                () -> "every call ends: waiting " + model.waiting.keySet() + ", connected " + model.connected.keySet()
                        + ", retrying " + model.retrying.keySet());
        for (CallModel c : model.calls.values()) {
            require(c.outcome != null && c.outcome != CallEnd.ANSWERED, () -> c.id + " ended " + c.outcome);
        }
        require(model.pending.isEmpty(), "every timer fired");
        for (AgentModel a : model.agents.values()) {
            require(a.state == AgentState.AVAILABLE && a.call == null && a.pending == PendingChange.NONE,
                    () -> "no agent state outlives its cause: " + a);
        }
        for (QueueConfig q : model.queues.values()) {
            QueueStats s = acd.view().stats(q.name());
            checkAddsUp(s);
            require(s.waiting() == 0 && s.callbacksPending() == 0, () -> "every call of " + q.name() + " was "
                    + "answered, abandoned, overflowed or called back, and every callback answered or failed: " + s);
        }
    }

    private void require(boolean ok, String rule) {
        model.require(ok, rule);
    }

    private void require(boolean ok, Supplier<String> rule) {
        model.require(ok, rule);
    }

    private static Map<String, Duration> nonZero(Map<String, Duration> times) {
        return times.entrySet().stream().filter(e -> !e.getValue().isZero())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
