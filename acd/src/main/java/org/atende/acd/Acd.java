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
import java.util.random.RandomGenerator;
import org.atende.acd.routing.RoutingStrategy;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;

/**
 * The automatic call distributor: queues of waiting calls and the agents who take them. Events go in (a call
 * arrives, an offer is answered or fails, a call ends, a timer fires, an agent logs in or pauses), commands come
 * out ({@link AcdCommand}).
 *
 * <p>Which call first: across every queue an agent serves, the highest priority, then the longest waiting.
 * Which agent: among the queue's members (and those of the queues its steps widened the call to) who are
 * available, whose extension is on no other call, not resting after a missed offer, and have every skill the call
 * asks for now at its level, those with the lowest penalty, and
 * among them the one the queue's {@link RoutingStrategy} picks. An agent rings for one call at a time and takes no
 * call while on a queue call, in wrap-up, paused or logged out.
 *
 * <p>This class takes the events and keeps the queues ({@link AcdQueue}); those of callbacks come in through
 * {@link #callbacks()}, and what is read of it through {@link #view()}. Its parts are the agents
 * ({@link AgentRoster} of {@link Agent}s, their operations in {@link AgentControl}), the calls waiting and taken
 * ({@link QueueCalls} of {@link WaitingCall}s), the offer lifecycle ({@link Offers}) and the choice of who rings
 * for what ({@link OfferPlanner}, with {@link SkillMatch} and the strategies of {@code org.atende.acd.routing}),
 * who may wait ({@link QueueLimits}), how a call's needs relax as it waits ({@link CallSteps}, {@link Relaxation}),
 * how it leaves without an agent ({@link Departures}) and the callers called back instead of waiting
 * ({@link Callbacks}).
 *
 * <p>Not thread-safe and no I/O: one owner calls it, with an injected clock and random generator, and carries out
 * what it returns.
 */
public final class Acd {

    /** Agent states as the ACD sees them. */
    public enum AgentState {
        /** Not logged in anywhere. */ LOGGED_OUT,
        /** Logged in, waiting for a call. */ AVAILABLE,
        /** An offer rings the agent's phone. */ RESERVED,
        /** Talking on a queue call. */ ON_CALL,
        /** After a queue call, before the next. */ WRAP_UP,
        /** Logged in, taking no calls, for a reason. */ PAUSED
    }

    private final Clock clock;
    private final Map<String, AcdQueue> queues = new LinkedHashMap<>();
    private final AgentRoster agents;
    private final AgentsConfig agentsConfig;
    private final QueueCalls calls = new QueueCalls();
    private final Offers offers;
    private final OfferPlanner planner;
    private final AgentControl control;
    private final Departures departures;
    private final QueueLimits limits;
    private final CallSteps steps;
    private final Callbacks callbacks;
    private final AcdCallbacks callbackEvents;
    private final AcdView view;

    /** Static members only; the {@code random} strategy draws from a default generator. */
    public Acd(Collection<QueueConfig> configs, Clock clock) {
        this(configs, clock, RandomGenerator.getDefault());
    }

    /** Static members only; the {@code random} strategy draws from {@code random}. */
    public Acd(Collection<QueueConfig> configs, Clock clock, RandomGenerator random) {
        this(configs, AgentsConfig.NONE, clock, random);
    }

    /**
     * The queues, their static members and the agents who log in; the {@code random} strategy draws from
     * {@code random}: seeded, the same events give the same offers. Every agent starts logged out.
     */
    public Acd(Collection<QueueConfig> configs, AgentsConfig agentsConfig, Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.agentsConfig = Objects.requireNonNull(agentsConfig, "agentsConfig");
        Objects.requireNonNull(random, "random");
        Instant now = clock.instant();
        List<AgentConfig> people = agentsConfig.agents();
        for (QueueConfig config : configs) {
            queues.put(config.name(), new AcdQueue(config, people));
        }
        this.agents = new AgentRoster(queues.values(), people, clock.getZone(), now);
        this.offers = new Offers(agents);
        this.planner = new OfferPlanner(agents, calls, offers, random);
        this.departures = new Departures(calls, offers);
        this.steps = new CallSteps(queues, calls, departures);
        this.callbacks = new Callbacks(calls, offers, departures, steps);
        this.limits = new QueueLimits(queues, agents, calls, departures, callbacks);
        this.control = new AgentControl(agents, calls, offers, limits::loggedOut);
        this.callbackEvents = new AcdCallbacks(clock, queues, calls, callbacks, limits, agents, control, planner);
        this.view = new AcdView(clock, queues, agents, calls, callbacks);
    }

    /** The callers called back instead of waiting: their events and what is read of them. */
    public AcdCallbacks callbacks() {
        return callbackEvents;
    }

    /** What the control port and tests read: agents, waiting calls, queue figures. */
    public AcdView view() {
        return view;
    }

    // ---- calls ----

    /** A call enters {@code queue} asking for {@code requirements}. */
    public List<AcdCommand> enqueue(String callId, String queue, Requirements requirements) {
        AcdQueue q = queues.get(queue);
        if (q == null) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        List<AcdCommand> out = new ArrayList<>();
        if (calls.holds(callId) || callbacks.holds(callId)) {
            return out;
        }
        q.counters.offered++;
        QueueLimits.Admission admission = limits.admit(q, callId, requirements, out);
        if (admission == QueueLimits.Admission.TURNED_AWAY) {
            return out;
        }
        WaitingCall w = calls.startWaiting(callId, q, requirements,
                admission == QueueLimits.Admission.WAITS_FOR_ANYONE, clock.instant());
        out.add(new AcdCommand.Queued(callId, queue, calls.position(w), w.relaxed));
        q.config.maxWait().ifPresent(d -> out.add(new AcdCommand.StartTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT,
                callId), d)));
        steps.started(w, out);
        dispatch(out);
        return out;
    }

    /**
     * {@code agent} answered the offer for {@code callId}: they talk now. For a callback the engine dials the
     * customer next ({@link AcdCallbacks#answered} or {@link AcdCallbacks#failed} follow); it is not counted as answered,
     * nor in the service level. An answer for a callback waiting to retry (it crossed a cancel) is ignored: there is
     * nobody to talk to.
     */
    public List<AcdCommand> offerAnswered(String callId, String agent) {
        List<AcdCommand> out = new ArrayList<>();
        Agent a = agents.get(agent);
        if (a == null) {
            return out;
        }
        Instant now = clock.instant();
        WaitingCall w = calls.stopWaiting(callId);
        if (w == null) {
            // the call left the queue as the agent answered (overflow, timer): the engine keeps the agent on it
            if (calls.isConnected(callId) || a.state() == AgentState.ON_CALL || callbacks.holds(callId)) {
                return out; // another agent took the call first (ring all), this one talks on another, or a retry
            }
            if (a.state() == AgentState.RESERVED) {
                // offered another call since: that offer is withdrawn, and the call goes to someone else
                WaitingCall other = calls.waiting(a.call);
                offers.withdraw(a, other, out);
            }
            control.answeredAfterLeaving(a);
            AcdQueue home = queues.values().stream().filter(q -> q.isMember(agent)).findFirst().orElseThrow();
            a.onCall(callId, now);
            calls.connect(callId, home, agent);
            dispatch(out);
            return out;
        }
        if (!a.ringsFor(callId)) {
            if (a.state() == AgentState.RESERVED) {
                offers.withdraw(a, calls.waiting(a.call), out); // offered another call since they moved
            }
            control.answeredAfterLeaving(a); // withdrawn when they paused, logged out or moved; the 200 OK crossed it
        }
        offers.withdrawOthers(w, agent, now, out);
        a.onCall(callId, now);
        calls.connect(callId, w.queue, agent);
        if (w.isCallback()) {
            callbacks.taken(w);
        } else {
            w.queue.answered(Duration.between(w.since, now));
        }
        departures.stopTimers(w, out);
        dispatch(out);
        return out;
    }

    /**
     * The offer to {@code agent} ended without an answer (no answer in time, busy, an error, not reachable): a
     * missed offer. The agent rests for the queue's ring timeout before being offered again, or after the queue's
     * {@code max_no_answer} misses in a row is paused with reason {@code no_answer}; the call goes on to another
     * agent.
     */
    public List<AcdCommand> offerFailed(String callId, String agent, String reason) {
        List<AcdCommand> out = new ArrayList<>();
        Agent a = agents.get(agent);
        WaitingCall w = calls.waiting(callId);
        if (a == null || !a.ringsFor(callId)) {
            return out;
        }
        offers.ended(a, w, clock.instant());
        control.missed(a, w != null ? w.queue.config : null, reason, clock.instant(), out);
        if (w != null) {
            w.missed++;
        }
        dispatch(out);
        return out;
    }

    /**
     * The offer to {@code agent} was not rung: at ring time the agent's extension was on a call outside the queues
     * that had not reached the ACD when it made the offer (the engine checks just before the INVITEs go out). The
     * agent missed nothing, so does not rest; the call goes on to another agent, and the agent is offered calls
     * again once {@link #otherCall} says the extension's other calls ended. An offer no longer ringing is ignored.
     */
    public List<AcdCommand> offerDeclined(String callId, String agent) {
        List<AcdCommand> out = new ArrayList<>();
        Agent a = agents.get(agent);
        if (a == null || !a.ringsFor(callId)) {
            return out;
        }
        offers.ended(a, calls.waiting(callId), clock.instant());
        dispatch(out);
        return out;
    }

    /**
     * The call ended: a waiting caller hung up (abandoned), or a queue call is over and its agent goes into
     * wrap-up. Calls the ACD does not know are ignored, and so are waiting callbacks (the caller's leg ending after
     * asking for one is no abandon). For a callback whose customer is being dialled, the agent hung up: the attempt
     * is over, as {@link AcdCallbacks#failed failed(callId, "agent hung up")}.
     */
    public List<AcdCommand> callEnded(String callId) {
        List<AcdCommand> out = new ArrayList<>();
        if (callbacks.waiting(callId)) {
            return out;
        }
        if (callbacks.dialling(callId)) {
            return callbackEvents.failed(callId, "agent hung up");
        }
        callbacks.ended(callId);
        Instant now = clock.instant();
        WaitingCall w = calls.stopWaiting(callId);
        if (w != null) {
            w.queue.abandoned(Duration.between(w.since, now));
            departures.left(w, now, out);
            dispatch(out);
            return out;
        }
        QueueCalls.Connected c = calls.disconnect(callId);
        if (c != null) {
            Agent a = agents.get(c.agent());
            if (callId.equals(a.call) && a.state() == AgentState.ON_CALL) {
                Duration wrapUp = a.wrapUp.orElse(c.queue().config.wrapUp());
                WaitEstimates.handled(c.queue(), a, wrapUp, now);
                a.hungUp(now);
                if (wrapUp.isZero()) {
                    control.workDone(a, now, out);
                } else {
                    a.wrapUp(now);
                    a.wrapUpEnds = now.plus(wrapUp);
                    out.add(new AcdCommand.StartTimer(new AcdTimer(AcdTimer.Kind.WRAP_UP, a.id), wrapUp));
                }
            }
            dispatch(out);
        }
        return out;
    }

    /**
     * {@code extension} starts ({@code busy}) or ends a call that is not one of the ACD's: a call placed from it,
     * one to it, a feature code. The agent logged in there is offered no queue call meanwhile. Such calls may
     * overlap; an end without a start is ignored.
     */
    public List<AcdCommand> otherCall(String extension, boolean busy) {
        List<AcdCommand> out = new ArrayList<>();
        if (!agents.otherCall(extension, busy) || busy || agents.otherCalls(extension) > 0) {
            return out;
        }
        Agent a = agents.at(extension);
        if (a != null && a.state() == AgentState.AVAILABLE) {
            a.idleSince = clock.instant(); // idle from now: the agent was working until now
        }
        dispatch(out);
        return out;
    }

    /** A timer the ACD asked for fired. */
    public List<AcdCommand> timerFired(AcdTimer timer) {
        List<AcdCommand> out = new ArrayList<>();
        switch (timer.kind()) {
            case MAX_WAIT -> {
                WaitingCall w = calls.waiting(timer.key());
                if (w == null || w.isCallback() || w.queue.config.overflow().isEmpty()) {
                    return out;
                }
                departures.overflow(w, w.queue.config.overflow().get(), "waited "
                        + w.queue.config.maxWait().get().toSeconds() + " s", clock.instant(), out);
            }
            case STEP -> steps.fired(timer.key(), clock.instant(), out);
            case WRAP_UP -> {
                Agent a = agents.get(timer.key());
                if (a == null || a.state() != AgentState.WRAP_UP) {
                    return out;
                }
                control.workDone(a, clock.instant(), out);
            }
            case CALLBACK_RETRY -> {
                if (!callbacks.retryDue(timer.key(), clock.instant(), out)) {
                    return out;
                }
            }
            case REST -> {
                Agent a = agents.get(timer.key());
                if (a == null || a.restingUntil() == null || clock.instant().isBefore(a.restingUntil())) {
                    return out;
                }
                a.stopResting();
            }
        }
        dispatch(out);
        return out;
    }

    // ---- agents ----

    /** {@code agent} logs in at {@code extension} (moving there when logged in elsewhere). */
    public AgentResult login(String agent, String extension, String cause) {
        return operate(agent, (a, out) -> control.login(a, extension, clock.instant(), cause, out));
    }

    /** {@code agent} logs out, at once or (on a call) once the call and its wrap-up end. */
    public AgentResult logout(String agent, String cause) {
        return operate(agent, (a, out) -> control.logout(a, clock.instant(), cause, out));
    }

    /**
     * {@code agent} pauses for {@code reason} (a configured or built-in reason's name), at once or (on a call) once
     * the call and its wrap-up end.
     *
     * @throws IllegalArgumentException for a reason that is not configured
     */
    public AgentResult pause(String agent, String reason, String cause) {
        PauseReason r = agentsConfig.reason(reason)
                .orElseThrow(() -> new IllegalArgumentException("no pause reason " + reason));
        return operate(agent, (a, out) -> control.pause(a, r, clock.instant(), cause, out));
    }

    /** {@code agent} is available again (or their pending pause is dropped). */
    public AgentResult unpause(String agent, String cause) {
        return operate(agent, (a, out) -> control.unpause(a, clock.instant(), cause, out));
    }

    /** {@code agent}'s skills are {@code skills} from now on (calls already ringing them are not withdrawn). */
    public AgentResult setSkills(String agent, Map<String, Integer> skills) {
        return operate(agent, (a, out) -> control.skills(a, skills));
    }

    private AgentResult operate(String agent, AgentControl.Operation op) {
        return control.operate(agents.get(agent), op, this::dispatch);
    }

    // ---- the decisions ----

    /** Offers every waiting call that can be offered now to an agent ({@link OfferPlanner}). */
    private void dispatch(List<AcdCommand> out) {
        planner.dispatch(clock.instant(), out);
    }

    /** Tests only: each dispatch looks at every waiting call and every agent, as before the planner's indexes. */
    void lookAtEveryone() {
        planner.everyone = true;
    }
}
