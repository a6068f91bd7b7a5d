package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.FeatureCodes;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Step;
import org.atende.config.QueueConfig.Strategy;
import org.atende.config.flow.Node;

/**
 * The planner's indexes change nothing: two ACDs on the same random contact center (static members and agents who
 * log in, penalties, every strategy, relaxation steps that widen to other queues, limits) take the same random
 * events, one dispatching from its indexes (the free members of the queues concerned, the calls that changed and
 * those of the queues whose agents became free), the other looking at every waiting call and every agent
 * ({@link Acd#lookAtEveryone}, as the planner did before the indexes); every event must give both the same
 * commands, in the same order.
 */
class IndexedDispatchProperties {

    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final List<String> SKILLS = List.of("a", "b", "c", "es");
    private static final List<String> STATIC = List.of("1001", "1002", "1003", "1004");
    private static final List<String> AGENTS = List.of("2001", "2002", "2003", "2004", "2005");
    private static final List<String> DESKS = List.of("1101", "1102", "1103", "1104", "1001");
    private static final Node.Target OVERFLOW = new Node.Target.Extension("1099");

    @Property(tries = 400)
    void indexedDispatchOffersWhatLookingAtEveryoneOffers(@ForAll long seed) {
        new Run(new SplittableRandom(seed)).play(200);
    }

    /** One random contact center, played through both ACDs. */
    private static final class Run {

        private final SplittableRandom r;
        private final TestClock clock = new TestClock(START);
        private final List<QueueConfig> queues = new ArrayList<>();
        private final List<AgentConfig> agents = new ArrayList<>();
        private final Acd indexed;
        private final Acd everyone;
        /** Offers ringing, as "call agent". */
        private final Set<List<String>> ringing = new LinkedHashSet<>();
        /** Offers the last event cancelled: an answer may cross each. */
        private final List<List<String>> cancelled = new ArrayList<>();
        private final List<String> callIds = new ArrayList<>();
        private final List<AcdTimer> timers = new ArrayList<>();
        private final List<String> log = new ArrayList<>();
        private final Set<String> everyAgent = new LinkedHashSet<>();
        private final Supplier<String> description = this::steps;

        Run(SplittableRandom r) {
            this.r = r;
            int n = 2 + r.nextInt(3);
            for (int q = 0; q < n; q++) {
                queues.add(queue(q, n));
            }
            for (String id : AGENTS.subList(0, r.nextInt(AGENTS.size() + 1))) {
                Map<String, Integer> serves = new LinkedHashMap<>();
                for (int q = 0; q < n; q++) {
                    if (r.nextInt(3) > 0) {
                        serves.put("q" + q, r.nextInt(3));
                    }
                }
                agents.add(new AgentConfig(id, "Agent " + id, "7391", skills(), serves, Optional.empty(),
                        Optional.empty()));
                everyAgent.add(id);
            }
            queues.forEach(q -> q.members().forEach(m -> everyAgent.add(m.extension())));
            AgentsConfig people = new AgentsConfig(agents, Map.of("almoco",
                    new PauseReason("almoco", "Almoço", false, Optional.of("1"))), FeatureCodes.DEFAULTS);
            long seed = r.nextLong();
            indexed = new Acd(queues, people, clock, new SplittableRandom(seed));
            everyone = new Acd(queues, people, clock, new SplittableRandom(seed));
            everyone.lookAtEveryone();
        }

        private QueueConfig queue(int q, int n) {
            List<Member> members = new ArrayList<>();
            for (String e : STATIC) {
                if (r.nextInt(3) == 0) {
                    members.add(new Member(e, skills()));
                }
            }
            List<Step> steps = new ArrayList<>();
            Duration after = Duration.ZERO;
            for (int s = r.nextInt(3); s > 0; s--) {
                after = after.plusSeconds(1 + r.nextInt(40));
                if (r.nextInt(6) == 0) {
                    steps.add(Step.overflow(after, OVERFLOW));
                    break;
                }
                List<String> widen = new ArrayList<>();
                for (int o = 0; o < n; o++) {
                    if (o != q && r.nextBoolean()) {
                        widen.add("q" + o);
                    }
                }
                Map<String, Integer> accept = r.nextBoolean() ? Map.of(pick(SKILLS), 1) : Map.of();
                Set<String> drop = r.nextInt(4) == 0 ? Set.of(pick(SKILLS)) : Set.of();
                boolean dropLanguage = r.nextInt(4) == 0 || widen.isEmpty() && accept.isEmpty() && drop.isEmpty();
                steps.add(new Step(after, accept, drop, dropLanguage, widen, Optional.empty()));
            }
            Optional<Duration> maxWait = r.nextInt(3) == 0 ? Optional.of(Duration.ofSeconds(10 + r.nextInt(80)))
                    : Optional.empty();
            QueueConfig.Limits limits = new QueueConfig.Limits(r.nextInt(4) == 0 ? OptionalInt.of(1 + r.nextInt(4))
                    : OptionalInt.empty(), r.nextInt(4) != 0);
            Optional<Node.Target> overflow = maxWait.isPresent() || r.nextInt(4) == 0 ? Optional.of(OVERFLOW)
                    : Optional.empty();
            return new QueueConfig("q" + q, members, pick(List.of(Strategy.values())),
                    Duration.ofSeconds(5 + r.nextInt(15)), maxWait, overflow,
                    r.nextBoolean() ? Duration.ZERO : Duration.ofSeconds(1 + r.nextInt(20)), List.of(),
                    Optional.empty(), Optional.empty(), r.nextInt(4), limits, QueueConfig.Thresholds.DEFAULTS, steps);
        }

        private Map<String, Integer> skills() {
            Map<String, Integer> skills = new LinkedHashMap<>();
            for (String s : SKILLS) {
                if (r.nextBoolean()) {
                    skills.put(s, 1 + r.nextInt(3));
                }
            }
            return skills;
        }

        private Requirements requirements() {
            Map<String, Integer> skills = new LinkedHashMap<>();
            if (r.nextBoolean()) {
                skills.put(pick(List.of("a", "b", "c")), 1 + r.nextInt(3));
            }
            return new Requirements(skills, r.nextInt(3), r.nextInt(5) == 0 ? Optional.of("es") : Optional.empty());
        }

        void play(int events) {
            for (String id : AGENTS.subList(0, agents.size())) {
                if (r.nextBoolean()) {
                    String desk = pick(DESKS);
                    agentOp("login " + id + " at " + desk, a -> a.login(id, desk, "test"));
                }
            }
            for (int i = 0; i < events; i++) {
                step();
            }
        }

        private void step() {
            List<List<String>> cancels = List.copyOf(cancelled);
            cancelled.clear();
            switch (r.nextInt(16)) {
                case 0, 1, 2 -> {
                    String id = "c" + callIds.size();
                    callIds.add(id);
                    String q = "q" + r.nextInt(queues.size());
                    Requirements asks = requirements();
                    event("enqueue " + id + " " + q + " " + asks, a -> a.enqueue(id, q, asks));
                }
                case 3, 4 -> offer("offerAnswered", o -> a -> a.offerAnswered(o.get(0), o.get(1)));
                case 5 -> offer("offerFailed", o -> a -> a.offerFailed(o.get(0), o.get(1), "no answer"));
                case 6 -> offer("offerDeclined", o -> a -> a.offerDeclined(o.get(0), o.get(1)));
                case 7 -> {
                    if (!cancels.isEmpty()) {
                        List<String> o = cancels.get(r.nextInt(cancels.size()));
                        event("late offerAnswered " + o, a -> a.offerAnswered(o.get(0), o.get(1)));
                    }
                }
                case 8, 9 -> {
                    if (!callIds.isEmpty()) {
                        String id = callIds.get(r.nextInt(callIds.size()));
                        event("callEnded " + id, a -> a.callEnded(id));
                    }
                }
                case 10 -> {
                    String e = pick(r.nextBoolean() ? STATIC : DESKS);
                    boolean busy = r.nextBoolean();
                    event("otherCall " + e + " " + busy, a -> a.otherCall(e, busy));
                }
                case 11 -> {
                    if (!timers.isEmpty()) {
                        AcdTimer t = timers.remove(r.nextInt(timers.size()));
                        event("timerFired " + t, a -> a.timerFired(t));
                    }
                }
                case 12 -> {
                    Duration by = Duration.ofSeconds(1 + r.nextInt(20));
                    clock.advance(by);
                    log.add("advance " + by);
                }
                default -> {
                    if (everyAgent.isEmpty()) {
                        return;
                    }
                    String id = pick(List.copyOf(everyAgent));
                    String desk = pick(DESKS);
                    switch (r.nextInt(6)) {
                        case 0 -> agentOp("login " + id + " at " + desk, a -> a.login(id, desk, "test"));
                        case 1 -> agentOp("logout " + id, a -> a.logout(id, "test"));
                        case 2 -> agentOp("pause " + id, a -> a.pause(id, "almoco", "test"));
                        case 3, 4 -> agentOp("unpause " + id, a -> a.unpause(id, "test"));
                        default -> {
                            Map<String, Integer> skills = skills();
                            agentOp("setSkills " + id + " " + skills, a -> a.setSkills(id, skills));
                        }
                    }
                }
            }
        }

        private void offer(String what, java.util.function.Function<List<String>, java.util.function.Function<Acd,
                List<AcdCommand>>> op) {
            if (ringing.isEmpty()) {
                return;
            }
            List<String> o = List.copyOf(ringing).get(r.nextInt(ringing.size()));
            ringing.remove(o);
            event(what + " " + o, op.apply(o));
        }

        private void event(String what, java.util.function.Function<Acd, List<AcdCommand>> op) {
            log.add(what);
            List<AcdCommand> a = op.apply(indexed);
            List<AcdCommand> b = op.apply(everyone);
            same(a, b);
        }

        private void agentOp(String what, java.util.function.Function<Acd, AgentResult> op) {
            log.add(what);
            AgentResult a = op.apply(indexed);
            AgentResult b = op.apply(everyone);
            assertThat(a.outcome()).as(description).isEqualTo(b.outcome());
            same(a.commands(), b.commands());
        }

        private void same(List<AcdCommand> indexedOut, List<AcdCommand> everyoneOut) {
            assertThat(indexedOut).as(description).isEqualTo(everyoneOut);
            for (AcdCommand c : indexedOut) {
                log.add("  -> " + c);
                if (c instanceof AcdCommand.Offer o) {
                    ringing.add(List.of(o.callId(), o.agent()));
                } else if (c instanceof AcdCommand.CancelOffer x) {
                    ringing.remove(List.of(x.callId(), x.agent()));
                    cancelled.add(List.of(x.callId(), x.agent()));
                } else if (c instanceof AcdCommand.StartTimer t) {
                    timers.add(t.timer());
                }
            }
            ringing.removeIf(o -> !indexed.view().agentCall(o.get(1)).equals(Optional.of(o.get(0)))
                    || indexed.view().agentState(o.get(1)).orElseThrow() != Acd.AgentState.RESERVED);
            for (String id : everyAgent) {
                assertThat(indexed.view().agentState(id)).as(description).isEqualTo(everyone.view().agentState(id));
            }
            for (QueueConfig q : queues) {
                assertThat(indexed.view().waitingIn(q.name())).as(description)
                        .isEqualTo(everyone.view().waitingIn(q.name()));
            }
        }

        private String steps() {
            return "queues " + queues + "\nagents " + agents + "\nlast steps:\n  "
                    + String.join("\n  ", log.subList(Math.max(0, log.size() - 60), log.size()));
        }

        private <T> T pick(List<T> from) {
            return from.get(r.nextInt(from.size()));
        }
    }
}
