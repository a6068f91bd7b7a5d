package org.atende.acd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.atende.acd.routing.RoutingStrategy;
import org.atende.config.QueueConfig;

/**
 * The automatic call distributor: queues of waiting calls and the agents who take them. Events go in (a call
 * arrives, an offer is answered or fails, a call ends, a timer fires), commands come out ({@link AcdCommand}).
 *
 * <p>Which call first: across every queue an agent serves, the highest priority, then the longest waiting.
 * Which agent: among the queue's members who are idle, on no other call, not resting after a missed offer, and
 * have every skill the call asks for at its level, the one the queue's {@link RoutingStrategy} picks. An agent rings
 * for one call at a time and takes no call while on a queue call or in wrap-up.
 *
 * <p>This class takes the events and keeps the queues ({@link AcdQueue}); its parts are the agents
 * ({@link AgentRoster} of {@link Agent}s), the calls waiting and taken ({@link QueueCalls} of
 * {@link WaitingCall}s), the offer lifecycle ({@link Offers}) and the choice of who rings for what
 * ({@link OfferPlanner}, with {@link SkillMatch} and the strategies of {@code org.atende.acd.routing}).
 *
 * <p>Not thread-safe and no I/O: one owner calls it, with an injected clock and random generator, and carries out
 * what it returns.
 */
public final class Acd {

    /** Agent states as the ACD sees them. */
    public enum AgentState { IDLE, RINGING, BUSY, WRAP_UP }

    private final Clock clock;
    private final Map<String, AcdQueue> queues = new LinkedHashMap<>();
    private final AgentRoster agents;
    private final QueueCalls calls = new QueueCalls();
    private final Offers offers;
    private final OfferPlanner planner;

    /** An ACD whose {@code random} strategy draws from a generator seeded afresh ({@link RandomGenerator#getDefault}). */
    public Acd(Collection<QueueConfig> configs, Clock clock) {
        this(configs, clock, RandomGenerator.getDefault());
    }

    /** An ACD whose {@code random} strategy draws from {@code random}: seeded, the same events give the same offers. */
    public Acd(Collection<QueueConfig> configs, Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Instant now = clock.instant();
        for (QueueConfig config : configs) {
            queues.put(config.name(), new AcdQueue(config));
        }
        this.agents = new AgentRoster(configs, now);
        this.offers = new Offers(agents);
        this.planner = new OfferPlanner(agents, calls, offers, random);
    }

    // ---- events ----

    /** A call enters {@code queue} asking for {@code requirements}. */
    public List<AcdCommand> enqueue(String callId, String queue, Requirements requirements) {
        AcdQueue q = queues.get(queue);
        if (q == null) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        List<AcdCommand> out = new ArrayList<>();
        if (calls.holds(callId)) {
            return out;
        }
        q.counters.offered++;
        boolean anyone = q.config.members().stream().anyMatch(m -> SkillMatch.hasSkills(m, requirements.needed()));
        if (!anyone && q.config.overflow().isPresent()) {
            q.counters.overflowed++;
            out.add(new AcdCommand.Overflow(callId, queue, q.config.overflow().get(),
                    "no agent has the skills asked for"));
            return out;
        }
        WaitingCall w = calls.startWaiting(callId, q, requirements, !anyone, clock.instant());
        out.add(new AcdCommand.Queued(callId, queue, calls.position(w), w.relaxed));
        q.config.maxWait().ifPresent(d -> out.add(new AcdCommand.StartTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT,
                callId), d)));
        dispatch(out);
        return out;
    }

    /** {@code agent} answered the offer for {@code callId}: they talk now. */
    public List<AcdCommand> offerAnswered(String callId, String agent) {
        List<AcdCommand> out = new ArrayList<>();
        Agent a = agents.get(agent);
        if (a == null) {
            return out;
        }
        WaitingCall w = calls.stopWaiting(callId);
        if (w == null) {
            // the call left the queue as the agent answered (overflow, timer): the engine keeps the agent on it
            if (calls.isConnected(callId) || a.state == AgentState.BUSY) {
                return out; // another agent took the call first (ring all), or this one talks on another
            }
            if (a.state == AgentState.RINGING) {
                // offered another call since: that offer is withdrawn, and the call goes to someone else
                offers.withdraw(a, calls.waiting(a.call), out);
            }
            AcdQueue home = queues.values().stream().filter(q -> q.isMember(agent)).findFirst().orElseThrow();
            a.busy(callId, clock.instant());
            calls.connect(callId, home, agent);
            dispatch(out);
            return out;
        }
        offers.withdrawOthers(w, agent, out);
        a.busy(callId, clock.instant());
        calls.connect(callId, w.queue, agent);
        Duration waited = Duration.between(w.since, clock.instant());
        w.queue.counters.answered(waited);
        if (w.queue.config.maxWait().isPresent()) {
            out.add(new AcdCommand.CancelTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, callId)));
        }
        dispatch(out);
        return out;
    }

    /**
     * The offer to {@code agent} ended without an answer (no answer in time, busy, not registered): the agent
     * rests for the queue's ring timeout before being offered again, and the call goes on to another agent.
     */
    public List<AcdCommand> offerFailed(String callId, String agent, String reason) {
        List<AcdCommand> out = new ArrayList<>();
        Agent a = agents.get(agent);
        WaitingCall w = calls.waiting(callId);
        if (a == null || !a.ringsFor(callId)) {
            return out;
        }
        offers.ended(a, w);
        Duration rest = w != null ? w.queue.config.ringTimeout() : QueueConfig.DEFAULT_RING_TIMEOUT;
        a.restingUntil = clock.instant().plus(rest);
        out.add(new AcdCommand.StartTimer(new AcdTimer(AcdTimer.Kind.REST, agent), rest));
        if (w != null) {
            w.missed++;
        }
        dispatch(out);
        return out;
    }

    /**
     * The offer to {@code agent} was not rung: at ring time the agent was on a call outside the queues that had not
     * reached the ACD when it made the offer (the engine checks just before the INVITEs go out). The agent missed
     * nothing, so does not rest; the call goes on to another agent, and the agent is offered calls again once
     * {@link #otherCall} says its other calls ended. An offer no longer ringing is ignored.
     */
    public List<AcdCommand> offerDeclined(String callId, String agent) {
        List<AcdCommand> out = new ArrayList<>();
        Agent a = agents.get(agent);
        if (a == null || !a.ringsFor(callId)) {
            return out;
        }
        offers.ended(a, calls.waiting(callId));
        dispatch(out);
        return out;
    }

    /**
     * The call ended: a waiting caller hung up (abandoned), or a queue call is over and its agent goes into
     * wrap-up. Calls the ACD does not know are ignored.
     */
    public List<AcdCommand> callEnded(String callId) {
        List<AcdCommand> out = new ArrayList<>();
        WaitingCall w = calls.stopWaiting(callId);
        if (w != null) {
            w.queue.counters.abandoned++;
            leave(w, out);
            dispatch(out);
            return out;
        }
        QueueCalls.Connected c = calls.disconnect(callId);
        if (c != null) {
            Agent a = agents.get(c.agent());
            if (callId.equals(a.call)) {
                a.hungUp(clock.instant());
                Duration wrapUp = c.queue().config.wrapUp();
                if (wrapUp.isZero()) {
                    a.idleFrom(clock.instant());
                } else {
                    a.wrapUp();
                    out.add(new AcdCommand.StartTimer(new AcdTimer(AcdTimer.Kind.WRAP_UP, a.extension), wrapUp));
                }
            }
            dispatch(out);
        }
        return out;
    }

    /**
     * {@code agent} starts ({@code busy}) or ends a call that is not one of the ACD's: a call the agent placed,
     * or one to the agent's extension. Nobody is offered a queue call while on another. Agents count such calls
     * (they may overlap); extensions that serve no queue are ignored.
     */
    public List<AcdCommand> otherCall(String agent, boolean busy) {
        List<AcdCommand> out = new ArrayList<>();
        Agent a = agents.get(agent);
        if (a == null) {
            return out;
        }
        if (busy) {
            a.otherCalls++;
        } else if (a.otherCalls > 0) {
            a.otherCalls--;
            if (a.otherCalls == 0) {
                if (a.state == AgentState.IDLE) {
                    a.idleSince = clock.instant(); // idle from now: the agent was working until now
                }
                dispatch(out);
            }
        }
        return out;
    }

    /** How many calls outside the queues {@code agent} is on. */
    public int otherCalls(String agent) {
        Agent a = agents.get(agent);
        return a == null ? 0 : a.otherCalls;
    }

    /** A timer the ACD asked for fired. */
    public List<AcdCommand> timerFired(AcdTimer timer) {
        List<AcdCommand> out = new ArrayList<>();
        switch (timer.kind()) {
            case MAX_WAIT -> {
                WaitingCall w = calls.waiting(timer.key());
                if (w == null || w.queue.config.overflow().isEmpty()) {
                    return out;
                }
                calls.stopWaiting(w.callId);
                w.queue.counters.overflowed++;
                leave(w, out);
                out.add(new AcdCommand.Overflow(w.callId, w.queue.config.name(), w.queue.config.overflow().get(),
                        "waited " + w.queue.config.maxWait().get().toSeconds() + " s"));
            }
            case WRAP_UP -> {
                Agent a = agents.get(timer.key());
                if (a == null || a.state != AgentState.WRAP_UP) {
                    return out;
                }
                a.idleFrom(clock.instant());
            }
            case REST -> {
                Agent a = agents.get(timer.key());
                if (a == null || a.restingUntil == null || clock.instant().isBefore(a.restingUntil)) {
                    return out;
                }
                a.restingUntil = null;
            }
        }
        dispatch(out);
        return out;
    }

    // ---- what the control port and tests read ----

    public Optional<AgentState> agentState(String extension) {
        return Optional.ofNullable(agents.get(extension)).map(a -> a.state);
    }

    /** The call an agent rings for or talks on. */
    public Optional<String> agentCall(String extension) {
        return Optional.ofNullable(agents.get(extension)).map(a -> a.call);
    }

    /** The calls waiting in {@code queue}, next to be served first. */
    public List<String> waitingIn(String queue) {
        return calls.waitingIn(queue);
    }

    /** The place of {@code callId} in its queue, 1 for the next to be served; empty when it is not waiting. */
    public Optional<Integer> position(String callId) {
        return Optional.ofNullable(calls.waiting(callId)).map(calls::position);
    }

    /** Which agents are ringing for {@code callId} (empty when it is not waiting). */
    public Set<String> ringingFor(String callId) {
        WaitingCall w = calls.waiting(callId);
        return w == null ? Set.of() : Set.copyOf(w.ringing);
    }

    public QueueStats stats(String queue) {
        AcdQueue q = queues.get(queue);
        if (q == null) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        Instant now = clock.instant();
        return q.stats(calls.waitingIn(q), now);
    }

    // ---- the decisions ----

    /** Offers every waiting call that can be offered now to an agent ({@link OfferPlanner}). */
    private void dispatch(List<AcdCommand> out) {
        if (calls.noneWaiting()) {
            return;
        }
        planner.dispatch(clock.instant(), out);
    }

    /** The call left the queue: its ringing agents are free again and its timer is not needed. */
    private void leave(WaitingCall w, List<AcdCommand> out) {
        offers.withdrawAll(w, out);
        if (w.queue.config.maxWait().isPresent()) {
            out.add(new AcdCommand.CancelTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, w.callId)));
        }
    }
}
