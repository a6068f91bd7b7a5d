package org.atende.acd;

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
import java.util.function.Supplier;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdWorld.Member;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Strategy;

/**
 * What {@link AcdSimulator} believes the ACD holds: the agents ({@link AgentModel}) and who sits at which
 * extension, each extension's calls outside the queues, the calls waiting, taken and gone, the timers running, the
 * queues' counts; the questions the steps and {@link AcdChecks} ask of it; and the log of the steps, which a broken
 * rule quotes.
 */
final class AcdModel {

    /** Highest priority first, then the earliest arrival. */
    static final Comparator<CallModel> FIRST = Comparator.<CallModel>comparingInt(
            c -> -c.requirements.priority()).thenComparingLong(c -> c.arrival);

    final AcdWorld world;
    final Instant start;
    final TestClock clock;
    final Map<String, QueueConfig> queues = new LinkedHashMap<>();
    final Map<String, List<Member>> members = new HashMap<>();
    final Map<String, PauseReason> reasons = new LinkedHashMap<>();
    /** Every agent by id: static members first, then the agents, as the ACD lists them. */
    final Map<String, AgentModel> agents = new LinkedHashMap<>();
    /** Who is logged in at each extension. */
    final Map<String, String> seats = new HashMap<>();
    /** Calls outside the queues per extension. */
    final Map<String, Integer> otherCalls = new HashMap<>();
    final Map<String, CallModel> calls = new LinkedHashMap<>();
    final Map<String, CallModel> waiting = new LinkedHashMap<>();
    final Map<String, CallModel> connected = new LinkedHashMap<>();
    /** Callbacks waiting out their retry time: neither waiting nor connected. */
    final Map<String, CallModel> retrying = new LinkedHashMap<>();
    final Set<String> gone = new LinkedHashSet<>();
    final Set<String> overflowed = new LinkedHashSet<>();
    /** Timers as the engine runs them: a timer started twice fires twice (cancelling is not a duty). */
    final List<Scheduled> pending = new ArrayList<>();
    final Set<AcdTimer> started = new LinkedHashSet<>();
    final Map<String, Counts> counts = new LinkedHashMap<>();
    /** Each queue's last offered member (place in the queue's order), as round robin continues after it. */
    final Map<String, Integer> lastOffered = new HashMap<>();
    private final List<String> steps = new ArrayList<>();

    AcdModel(AcdWorld world) {
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
    }

    Instant now() {
        return clock.instant();
    }

    /** The agent logged in at {@code extension}, or null. */
    AgentModel seated(String extension) {
        return Optional.ofNullable(seats.get(extension)).map(agents::get).orElse(null);
    }

    int otherCalls(String extension) {
        return extension == null ? 0 : otherCalls.getOrDefault(extension, 0);
    }

    /** Whether the ACD may offer {@code a} a call now: available, not resting, their extension on no other call. */
    boolean availableNow(AgentModel a) {
        return a.state == AgentState.AVAILABLE && otherCalls(a.extension) == 0
                && (a.restUntil == null || !now().isBefore(a.restUntil));
    }

    Optional<Member> member(QueueConfig q, String agent) {
        return members.get(q.name()).stream().filter(m -> m.id().equals(agent)).findFirst();
    }

    /** The lowest penalty among the members {@code c} rings; above every penalty when it rings nobody. */
    int ringingPenalty(CallModel c) {
        return c.ringing.stream().mapToInt(id -> member(c.queue, id).orElseThrow().penalty()).min()
                .orElse(Integer.MAX_VALUE);
    }

    /** How many callbacks of {@code q} are pending: waiting, dialled or retrying. */
    long pendingCallbacks(QueueConfig q) {
        return calls.values().stream().filter(c -> c.queue == q && c.pending() && c.outcome != CallEnd.FAILED).count();
    }

    boolean running(AcdTimer t) {
        return pending.stream().anyMatch(p -> p.timer().equals(t));
    }

    List<AgentModel> ringingAgents() {
        return agents.values().stream().filter(a -> a.state == AgentState.RESERVED).toList();
    }

    static boolean eligible(Member m, CallModel c) {
        return c.relaxed || hasSkills(m, c.requirements.needed());
    }

    static boolean hasSkills(Member m, Map<String, Integer> needed) {
        return needed.entrySet().stream().allMatch(e -> m.skills().getOrDefault(e.getKey(), 0) >= e.getValue());
    }

    static int score(Member m, Map<String, Integer> needed) {
        return needed.keySet().stream().mapToInt(s -> m.skills().getOrDefault(s, 0)).sum();
    }

    static boolean ringsAll(CallModel c) {
        return c.queue.strategy() == Strategy.RING_ALL;
    }

    // ---- the log ----

    void step(String what) {
        steps.add(what);
    }

    void require(boolean ok, String rule) {
        if (!ok) {
            throw failure(rule);
        }
    }

    void require(boolean ok, Supplier<String> rule) {
        if (!ok) {
            throw failure(rule.get());
        }
    }

    AssertionError failure(String rule) {
        int from = Math.max(0, steps.size() - 40);
        return new AssertionError(rule + "\nlast steps:\n  " + String.join("\n  ", steps.subList(from, steps.size())));
    }

    record Scheduled(AcdTimer timer, Instant due) {
    }

    /** How a call left (null while it waits); FAILED: a callback given up. */
    enum CallEnd { ANSWERED, ENDED, ABANDONED, OVERFLOWED, FAILED }

    /** A caller on the line, or a callback: waiting its turn, dialled by its agent, talking, waiting to retry. */
    enum Stage { CALLER, WAITING, DIALLING, TALKING, RETRYING }

    static final class CallModel {
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
        Stage stage = Stage.CALLER;
        /** A callback's attempts that reached nobody. */
        int attempts;
        /** A retrying callback is offered no earlier. */
        Instant notBefore;

        CallModel(String id, QueueConfig queue, Requirements requirements, boolean relaxed) {
            this.id = id;
            this.queue = queue;
            this.requirements = requirements;
            this.relaxed = relaxed;
        }

        boolean isCallback() {
            return stage != Stage.CALLER;
        }

        /** A callback not answered yet: waiting, dialled or retrying. */
        boolean pending() {
            return stage == Stage.WAITING || stage == Stage.DIALLING || stage == Stage.RETRYING;
        }

        QueueConfig.Callback callback() {
            return queue.callback().orElseThrow();
        }
    }

    static final class Counts {
        long offered;
        long answered;
        long abandoned;
        long overflowed;
        long callbacksRequested;
        long callbacksAnswered;
        long callbacksFailed;

        @Override
        public String toString() {
            return "offered " + offered + ", answered " + answered + ", abandoned " + abandoned + ", overflowed "
                    + overflowed + ", callbacks requested " + callbacksRequested + ", answered " + callbacksAnswered
                    + ", failed " + callbacksFailed;
        }
    }
}
