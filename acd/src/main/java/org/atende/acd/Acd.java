package org.atende.acd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.atende.config.QueueConfig;

/**
 * The automatic call distributor: queues of waiting calls and the agents who take them. Events go in (a call
 * arrives, an offer is answered or fails, a call ends, a timer fires), commands come out ({@link AcdCommand}).
 *
 * <p>Which call first: across every queue an agent serves, the highest priority, then the longest waiting.
 * Which agent: among the queue's members who are idle, on no other call, not resting after a missed offer, and
 * have every skill the call asks for at its level, the one the queue's strategy picks. An agent rings for one call at a time and takes
 * no call while on a queue call or in wrap-up.
 *
 * <p>Not thread-safe and no I/O: one owner calls it, with an injected clock, and carries out what it returns.
 */
public final class Acd {

    /** Agent states as the ACD sees them. */
    public enum AgentState { IDLE, RINGING, BUSY, WRAP_UP }

    private final Clock clock;
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    /** Calls waiting (possibly ringing an agent), by call id. */
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();
    /** Calls an agent took, by call id. */
    private final Map<String, Connected> connected = new HashMap<>();
    private long arrivals;

    public Acd(Collection<QueueConfig> configs, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Instant now = clock.instant();
        for (QueueConfig config : configs) {
            queues.put(config.name(), new Queue(config));
            for (QueueConfig.Member m : config.members()) {
                agents.computeIfAbsent(m.extension(), e -> new Agent(e, now));
            }
        }
    }

    // ---- events ----

    /** A call enters {@code queue} asking for {@code requirements}. */
    public List<AcdCommand> enqueue(String callId, String queue, Requirements requirements) {
        Queue q = queues.get(queue);
        if (q == null) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        List<AcdCommand> out = new ArrayList<>();
        if (waiting.containsKey(callId) || connected.containsKey(callId)) {
            return out;
        }
        q.stats.offered++;
        boolean anyone = q.config.members().stream().anyMatch(m -> hasSkills(m, requirements.needed()));
        if (!anyone && q.config.overflow().isPresent()) {
            q.stats.overflowed++;
            out.add(new AcdCommand.Overflow(callId, queue, q.config.overflow().get(),
                    "no agent has the skills asked for"));
            return out;
        }
        Waiting w = new Waiting(callId, q, requirements, !anyone, clock.instant(), arrivals++);
        waiting.put(callId, w);
        out.add(new AcdCommand.Queued(callId, queue, position(w), w.relaxed));
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
        Waiting w = waiting.remove(callId);
        if (w == null) {
            // the call left the queue as the agent answered (overflow, timer): the engine keeps the agent on it
            if (connected.containsKey(callId) || a.state == AgentState.BUSY) {
                return out; // another agent took the call first (ring all), or this one talks on another
            }
            if (a.state == AgentState.RINGING) {
                // offered another call since: that offer is withdrawn, and the call goes to someone else
                waiting.get(a.call).ringing.remove(agent);
                out.add(new AcdCommand.CancelOffer(a.call, agent));
            }
            Queue home = queues.values().stream().filter(q -> q.isMember(agent)).findFirst().orElseThrow();
            a.busy(callId);
            connected.put(callId, new Connected(callId, home, agent));
            dispatch(out);
            return out;
        }
        for (String other : w.ringing) {
            if (!other.equals(agent)) {
                agents.get(other).idleAgain();
                out.add(new AcdCommand.CancelOffer(callId, other));
            }
        }
        a.busy(callId);
        connected.put(callId, new Connected(callId, w.queue, agent));
        Duration waited = Duration.between(w.since, clock.instant());
        w.queue.stats.answered(waited);
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
        Waiting w = waiting.get(callId);
        if (a == null || a.state != AgentState.RINGING || !callId.equals(a.call)) {
            return out;
        }
        a.idleAgain();
        Duration rest = w != null ? w.queue.config.ringTimeout() : QueueConfig.DEFAULT_RING_TIMEOUT;
        a.restingUntil = clock.instant().plus(rest);
        out.add(new AcdCommand.StartTimer(new AcdTimer(AcdTimer.Kind.REST, agent), rest));
        if (w != null) {
            w.ringing.remove(agent);
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
        if (a == null || a.state != AgentState.RINGING || !callId.equals(a.call)) {
            return out;
        }
        a.idleAgain();
        Waiting w = waiting.get(callId);
        if (w != null) {
            w.ringing.remove(agent);
        }
        dispatch(out);
        return out;
    }

    /**
     * The call ended: a waiting caller hung up (abandoned), or a queue call is over and its agent goes into
     * wrap-up. Calls the ACD does not know are ignored.
     */
    public List<AcdCommand> callEnded(String callId) {
        List<AcdCommand> out = new ArrayList<>();
        Waiting w = waiting.remove(callId);
        if (w != null) {
            w.queue.stats.abandoned++;
            leave(w, out);
            dispatch(out);
            return out;
        }
        Connected c = connected.remove(callId);
        if (c != null) {
            Agent a = agents.get(c.agent);
            if (callId.equals(a.call)) {
                Duration wrapUp = c.queue.config.wrapUp();
                if (wrapUp.isZero()) {
                    a.idleAgain();
                    a.idleSince = clock.instant();
                } else {
                    a.state = AgentState.WRAP_UP;
                    a.call = null;
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
                Waiting w = waiting.get(timer.key());
                if (w == null || w.queue.config.overflow().isEmpty()) {
                    return out;
                }
                waiting.remove(w.callId);
                w.queue.stats.overflowed++;
                leave(w, out);
                out.add(new AcdCommand.Overflow(w.callId, w.queue.config.name(), w.queue.config.overflow().get(),
                        "waited " + w.queue.config.maxWait().get().toSeconds() + " s"));
            }
            case WRAP_UP -> {
                Agent a = agents.get(timer.key());
                if (a == null || a.state != AgentState.WRAP_UP) {
                    return out;
                }
                a.state = AgentState.IDLE;
                a.idleSince = clock.instant();
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
        return waiting.values().stream().filter(w -> w.queue.config.name().equals(queue)).sorted(ORDER)
                .map(w -> w.callId).toList();
    }

    /** The place of {@code callId} in its queue, 1 for the next to be served; empty when it is not waiting. */
    public Optional<Integer> position(String callId) {
        return Optional.ofNullable(waiting.get(callId)).map(this::position);
    }

    /** Which agents are ringing for {@code callId} (empty when it is not waiting). */
    public Set<String> ringingFor(String callId) {
        Waiting w = waiting.get(callId);
        return w == null ? Set.of() : Set.copyOf(w.ringing);
    }

    public QueueStats stats(String queue) {
        Queue q = queues.get(queue);
        if (q == null) {
            throw new IllegalArgumentException("no queue " + queue);
        }
        Instant now = clock.instant();
        List<Waiting> in = waiting.values().stream().filter(w -> w.queue == q).toList();
        Duration longest = in.stream().map(w -> Duration.between(w.since, now)).max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        return new QueueStats(queue, q.stats.offered, q.stats.answered, q.stats.abandoned, q.stats.overflowed,
                in.size(), longest, q.stats.answered == 0 ? Duration.ZERO
                : q.stats.waitedAnswered.dividedBy(q.stats.answered), q.stats.longestAnswered);
    }

    // ---- the decisions ----

    /** Highest priority first, then the earliest arrival. */
    private static final Comparator<Waiting> ORDER = Comparator.<Waiting>comparingInt(w -> -w.requirements.priority())
            .thenComparingLong(w -> w.arrival);

    /** Offers every waiting call that can be offered now to an agent, in {@link #ORDER}. */
    private void dispatch(List<AcdCommand> out) {
        if (waiting.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        // under load nobody is free, and there is nothing to decide: look at the free agents only
        List<Agent> free = new ArrayList<>();
        for (Agent a : agents.values()) {
            if (available(a, now)) {
                free.add(a);
            }
        }
        if (free.isEmpty()) {
            return;
        }
        List<Waiting> order = new ArrayList<>(waiting.values());
        order.sort(ORDER);
        List<QueueConfig.Member> eligible = new ArrayList<>();
        for (Waiting w : order) {
            if (free.isEmpty()) {
                return;
            }
            QueueConfig.Strategy strategy = w.queue.config.strategy();
            if (!w.ringing.isEmpty() && strategy != QueueConfig.Strategy.RING_ALL) {
                continue;
            }
            eligible.clear();
            for (Agent a : free) {
                QueueConfig.Member m = w.queue.members.get(a.extension);
                if (m != null && (w.relaxed || hasSkills(m, w.needed))) {
                    eligible.add(m);
                }
            }
            if (eligible.isEmpty()) {
                continue;
            }
            eligible.sort(java.util.Comparator.comparingInt(m -> w.queue.index.get(m.extension())));
            List<QueueConfig.Member> chosen = switch (strategy) {
                case RING_ALL -> List.copyOf(eligible);
                case LINEAR -> List.of(eligible.get(0));
                case LONGEST_IDLE -> List.of(longestIdle(eligible));
                case BEST_SKILL -> List.of(bestSkill(eligible, w.needed));
            };
            for (QueueConfig.Member m : chosen) {
                Agent a = agents.get(m.extension());
                free.remove(a);
                a.state = AgentState.RINGING;
                a.call = w.callId;
                w.ringing.add(a.extension);
                out.add(new AcdCommand.Offer(w.callId, w.queue.config.name(), a.extension,
                        w.queue.config.ringTimeout()));
            }
        }
    }

    private QueueConfig.Member longestIdle(List<QueueConfig.Member> eligible) {
        QueueConfig.Member best = eligible.get(0);
        for (QueueConfig.Member m : eligible) {
            if (agents.get(m.extension()).idleSince.isBefore(agents.get(best.extension()).idleSince)) {
                best = m;
            }
        }
        return best;
    }

    private QueueConfig.Member bestSkill(List<QueueConfig.Member> eligible, Map<String, Integer> needed) {
        QueueConfig.Member best = eligible.get(0);
        for (QueueConfig.Member m : eligible) {
            int score = score(m, needed);
            int bestScore = score(best, needed);
            if (score > bestScore || score == bestScore
                    && agents.get(m.extension()).idleSince.isBefore(agents.get(best.extension()).idleSince)) {
                best = m;
            }
        }
        return best;
    }

    private static int score(QueueConfig.Member m, Map<String, Integer> needed) {
        return needed.keySet().stream().mapToInt(s -> m.skills().getOrDefault(s, 0)).sum();
    }

    private static boolean hasSkills(QueueConfig.Member m, Map<String, Integer> needed) {
        for (Map.Entry<String, Integer> e : needed.entrySet()) {
            if (m.skills().getOrDefault(e.getKey(), 0) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static boolean available(Agent a, Instant now) {
        return a.state == AgentState.IDLE && a.otherCalls == 0
                && (a.restingUntil == null || !now.isBefore(a.restingUntil));
    }

    /** The call left the queue: its ringing agents are free again and its timer is not needed. */
    private void leave(Waiting w, List<AcdCommand> out) {
        for (String agent : w.ringing) {
            agents.get(agent).idleAgain();
            out.add(new AcdCommand.CancelOffer(w.callId, agent));
        }
        w.ringing.clear();
        if (w.queue.config.maxWait().isPresent()) {
            out.add(new AcdCommand.CancelTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, w.callId)));
        }
    }

    private int position(Waiting w) {
        return (int) waiting.values().stream().filter(o -> o.queue == w.queue && ORDER.compare(o, w) < 0).count() + 1;
    }

    // ---- state ----

    private static final class Queue {
        final QueueConfig config;
        final Counters stats = new Counters();
        /** The members by extension, and their place in the order written. */
        final Map<String, QueueConfig.Member> members = new HashMap<>();
        final Map<String, Integer> index = new HashMap<>();

        Queue(QueueConfig config) {
            this.config = config;
            for (int i = 0; i < config.members().size(); i++) {
                QueueConfig.Member m = config.members().get(i);
                members.put(m.extension(), m);
                index.put(m.extension(), i);
            }
        }

        boolean isMember(String extension) {
            return members.containsKey(extension);
        }
    }

    private static final class Counters {
        long offered;
        long answered;
        long abandoned;
        long overflowed;
        Duration waitedAnswered = Duration.ZERO;
        Duration longestAnswered = Duration.ZERO;

        void answered(Duration waited) {
            answered++;
            waitedAnswered = waitedAnswered.plus(waited);
            if (waited.compareTo(longestAnswered) > 0) {
                longestAnswered = waited;
            }
        }
    }

    private static final class Agent {
        final String extension;
        AgentState state = AgentState.IDLE;
        /** The call being offered or talked on. */
        String call;
        Instant idleSince;
        /** Not offered calls before this, after missing an offer; null when not resting. */
        Instant restingUntil;
        /** Calls outside the queues the agent is on (placed, or to the extension). */
        int otherCalls;

        Agent(String extension, Instant now) {
            this.extension = extension;
            this.idleSince = now;
        }

        void busy(String callId) {
            state = AgentState.BUSY;
            call = callId;
        }

        /** Back to idle after an offer that went nowhere: the idle time keeps counting from before the offer. */
        void idleAgain() {
            state = AgentState.IDLE;
            call = null;
        }
    }

    private static final class Waiting {
        final String callId;
        final Queue queue;
        final Requirements requirements;
        /** The skills an agent needs, the language included. */
        final Map<String, Integer> needed;
        final boolean relaxed;
        final Instant since;
        final long arrival;
        final Set<String> ringing = new LinkedHashSet<>();
        int missed;

        Waiting(String callId, Queue queue, Requirements requirements, boolean relaxed, Instant since, long arrival) {
            this.callId = callId;
            this.queue = queue;
            this.requirements = requirements;
            this.needed = requirements.needed();
            this.relaxed = relaxed;
            this.since = since;
            this.arrival = arrival;
        }
    }

    private record Connected(String callId, Queue queue, String agent) {
    }
}
