package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.atende.acd.AcdWorld.AgentDraft;
import org.atende.acd.AcdWorld.Staff;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Callback;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Strategy;
import org.atende.config.flow.Node;

/**
 * Random queues, agents and event sequences played through {@link AcdSimulator}, which checks after every step: an
 * agent rings for one call at most and is never offered while logged out, paused, ringing, talking, wrapping up,
 * resting, or while their extension is on another call; every offer names a member of the call's queue with the skills
 * asked for (unless the call was relaxed) and the lowest penalty among the free ones (for a ring-all call, no higher
 * than those it rings), rings the extension they are logged in at, for a call still waiting; each queue's offered =
 * answered + abandoned + overflowed + waiting; no waiting call is left while an eligible member is free (work
 * conservation); an offered agent had no better call waiting (priority, then arrival); the strategy picked the right
 * agent; a declined offer (a call outside the queues crossed it) makes the agent rest no time; a pause, log-out or move
 * withdraws a ringing offer and waits for a call and its wrap-up; missed offers in a row up to the queue's
 * {@code max_no_answer} pause the agent with reason {@code no_answer}; the ACD's own view (agents' states, reasons,
 * extensions, pending changes, misses in a row, who sits where, ringing, waiting order, stats) matches the model; each
 * agent's day adds up to the time elapsed and its offered, answered, missed and talk time match. Callbacks: a waiting
 * caller of a queue with callbacks asks for one (refused beyond {@code max_pending}) and keeps its place, is offered as
 * a callback, never before its retry time, its customer answers or not (retried at the old place, or given up), a
 * supervisor cancels it; the figures add up (offered = answered + abandoned + overflowed + refused + called back +
 * waiting; callbacks requested = answered + failed + pending). At the end, the run is drained: every call ends
 * answered, overflowed, abandoned or called back (answered, or given up), and every agent ends available.
 */
class AcdProperties {

    /** Few skills, low levels and priorities: so that matches, misses and ties all happen. */
    private static final List<String> MEMBER_SKILLS = List.of("a", "b", "c", "es");
    private static final List<String> CALL_SKILLS = List.of("a", "b");
    private static final Node.Target OVERFLOW = new Node.Target.Extension("1099");
    private static final PauseReason ALMOCO = new PauseReason("almoco", "Almoço", false, Optional.of("1"));
    private static final PauseReason TREINO = new PauseReason("treinamento", "Treinamento", true, Optional.of("2"));
    /** At noon a run stays within the day; up to three minutes before midnight it crosses into the next. */
    private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2025-03-02T00:00:00Z");

    /** Edge cases off: jqwik's mixed-in edge cases give most members the same skills, and skew the calls. */
    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void everyStepKeepsTheInvariants(@ForAll("worlds") AcdWorld world, @ForAll("steps") List<Step> steps) {
        AcdSimulator simulator = new AcdSimulator(world);
        for (Step step : steps) {
            step.run(simulator);
        }
        simulator.drain();
    }

    // ---- the configuration ----

    /**
     * One to five static members' extensions, up to four agents, one to three queues, each served by static members,
     * agents (with penalties 0 to 2) or both.
     */
    @Provide
    Arbitrary<AcdWorld> worlds() {
        return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 3)).flatAs((phones, people, n) -> {
                    List<String> extensions = IntStream.rangeClosed(1, phones).mapToObj(i -> String.valueOf(1000 + i))
                            .toList();
                    Arbitrary<List<Staff>> staff = (people == 0 ? Arbitraries.just(Staff.STATIC)
                            : Arbitraries.of(Staff.class)).list().ofSize(n);
                    return staff.flatMap(s -> Combinators.combine(
                            Combinators.combine(IntStream.range(0, n).mapToObj(i -> queue("q" + i, extensions,
                                    s.get(i))).toList()).as(list -> list),
                            agent(n).list().ofSize(people),
                            Arbitraries.integers().between(0, 3),
                            Arbitraries.oneOf(Arbitraries.just(NOON), Arbitraries.integers().between(5, 180)
                                    .map(MIDNIGHT::minusSeconds)))
                            .as((queues, agents, reasons, start) -> AcdWorld.of(queues, s, extensions, agents,
                                    reasons(reasons), start)));
                });
    }

    private static Arbitrary<QueueConfig> queue(String name, List<String> extensions, Staff staff) {
        Arbitrary<List<Member>> members = staff == Staff.AGENTS ? Arbitraries.just(List.of())
                : Arbitraries.shuffle(extensions).flatMap(order -> Arbitraries.integers().between(1, order.size())
                        .flatMap(size -> skills(MEMBER_SKILLS, 4).list().ofSize(size)
                                .map(skills -> IntStream.range(0, size)
                                        .mapToObj(i -> new Member(order.get(i), skills.get(i))).toList())));
        Arbitrary<Duration> ringTimeout = Arbitraries.integers().between(5, 20).map(Duration::ofSeconds);
        Arbitrary<Optional<Duration>> maxWait = Arbitraries.integers().between(10, 90).map(Duration::ofSeconds)
                .optional(0.5);
        Arbitrary<Duration> wrapUp = Arbitraries.oneOf(Arbitraries.just(Duration.ZERO),
                Arbitraries.integers().between(1, 20).map(Duration::ofSeconds));
        return Combinators.combine(members, Arbitraries.of(Strategy.class), ringTimeout, maxWait, wrapUp,
                        Arbitraries.integers().between(0, 3), callback())
                .as((m, strategy, ring, wait, wrap, maxNoAnswer, callback) -> new QueueConfig(name, m, strategy, ring,
                        wait, wait.map(w -> OVERFLOW), wrap, List.of(), Optional.empty(), Optional.empty(),
                        maxNoAnswer).withCallback(callback));
    }

    /** Callbacks in about half the queues: one to three attempts, 5 to 60 s apart, one to three pending. */
    private static Arbitrary<Optional<Callback>> callback() {
        return Combinators.combine(Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(5, 60).map(Duration::ofSeconds), Arbitraries.integers().between(1, 3))
                .as((attempts, retryAfter, maxPending) -> new Callback('1', List.of(), Duration.ofSeconds(30),
                        "operadora", Optional.empty(), attempts, retryAfter, Duration.ofSeconds(30), maxPending))
                .optional(0.5);
    }

    /** An agent of {@code queues} queues: skills, a penalty in about half the queues, sometimes their own wrap-up. */
    private static Arbitrary<AgentDraft> agent(int queues) {
        return Combinators.combine(skills(MEMBER_SKILLS, 4),
                Arbitraries.integers().between(0, 2).optional(0.5).list().ofSize(queues),
                Arbitraries.integers().between(0, 15).map(Duration::ofSeconds).optional(0.3))
                .as(AgentDraft::new);
    }

    private static Map<String, PauseReason> reasons(int which) {
        Map<String, PauseReason> reasons = new LinkedHashMap<>();
        if ((which & 1) != 0) {
            reasons.put(ALMOCO.name(), ALMOCO);
        }
        if ((which & 2) != 0) {
            reasons.put(TREINO.name(), TREINO);
        }
        return reasons;
    }

    private static Arbitrary<Map<String, Integer>> skills(List<String> names, int most) {
        return Arbitraries.maps(Arbitraries.of(names), Arbitraries.integers().between(1, 3)).ofMinSize(1)
                .ofMaxSize(most).withSizeDistribution(RandomDistribution.uniform());
    }

    // ---- events ----

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 999);
        Arbitrary<Map<String, Integer>> skills = Arbitraries.oneOf(Arbitraries.just(Map.of()),
                Arbitraries.maps(Arbitraries.of(CALL_SKILLS), Arbitraries.integers().between(1, 2)).ofMaxSize(1));
        Arbitrary<Requirements> requirements = Combinators.combine(skills,
                Arbitraries.integers().between(0, 3), Arbitraries.of("es", "es", "fr").optional(0.15))
                .as(Requirements::new);
        // an answer crosses the cancel of an offer withdrawn by a log-out, a move or a pause
        Arbitrary<Boolean> crossed = Arbitraries.of(true, false, false);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                weight(5, Combinators.combine(Arbitraries.integers().between(0, 2), requirements).as(Arrive::new)),
                weight(3, pick.map(Answer::new)),
                weight(3, pick.map(Fail::new)),
                weight(4, pick.map(LateAnswer::new)),
                weight(3, pick.map(End::new)),
                weight(1, pick.map(EndGone::new)),
                weight(2, Combinators.combine(pick, Arbitraries.of(true, false)).as(OtherCall::new)),
                weight(2, pick.map(Decline::new)),
                weight(1, pick.map(LateDecline::new)),
                weight(4, pick.map(Fire::new)),
                weight(1, pick.map(FireStale::new)),
                weight(2, Arbitraries.integers().between(1, 30).map(Advance::new)),
                weight(3, Combinators.combine(pick, pick, Arbitraries.of(true, false), crossed).as(Login::new)),
                weight(2, Combinators.combine(pick, crossed).as(Logout::new)),
                weight(2, Combinators.combine(pick, pick, crossed).as(Pause::new)),
                weight(2, pick.map(Unpause::new)),
                weight(3, Combinators.combine(pick, crossed).as(RequestCallback::new)),
                weight(2, pick.map(CallbackAnswered::new)),
                weight(2, pick.map(CallbackFailed::new)),
                weight(1, pick.map(CancelCallback::new)));
        // the day starts with a few agents logging in
        Arbitrary<Step> login = Combinators.combine(pick, pick).as((agent, desk) -> new Login(agent, desk, false,
                false));
        return Combinators.combine(login.list().ofMaxSize(4), step.list().ofMaxSize(100)
                .withSizeDistribution(RandomDistribution.uniform())).as((first, then) -> {
                    List<Step> all = new ArrayList<>(first);
                    all.addAll(then);
                    return all;
                });
    }

    private static Tuple2<Integer, Arbitrary<? extends Step>> weight(int weight, Arbitrary<? extends Step> step) {
        return Tuple.of(weight, step);
    }

    /** One thing happening to the ACD; picks choose among what can happen now (a ringing offer, a timer). */
    sealed interface Step {
        void run(AcdSimulator simulator);
    }

    record Arrive(int queue, Requirements requirements) implements Step {
        public void run(AcdSimulator s) {
            s.arrive(queue, requirements);
        }
    }

    record Answer(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.answer(pick);
        }
    }

    record Fail(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.fail(pick);
        }
    }

    record LateAnswer(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.lateAnswer(pick);
        }
    }

    record End(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.end(pick);
        }
    }

    record EndGone(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.endGone(pick);
        }
    }

    record OtherCall(int pick, boolean busy) implements Step {
        public void run(AcdSimulator s) {
            s.otherCall(pick, busy);
        }
    }

    record Decline(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.decline(pick);
        }
    }

    record LateDecline(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.lateDecline(pick);
        }
    }

    record Fire(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.fire(pick);
        }
    }

    record FireStale(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.fireStale(pick);
        }
    }

    record Advance(int seconds) implements Step {
        public void run(AcdSimulator s) {
            s.advance(Duration.ofSeconds(seconds));
        }
    }

    /**
     * An agent logs in at an extension; {@code taken}: one where another agent sits; {@code crossed}: an offer the
     * move withdrew is answered at the old extension as it is withdrawn.
     */
    record Login(int agent, int extension, boolean taken, boolean crossed) implements Step {
        public void run(AcdSimulator s) {
            s.login(agent, extension, taken, crossed);
        }
    }

    record Logout(int agent, boolean crossed) implements Step {
        public void run(AcdSimulator s) {
            s.logout(agent, crossed);
        }
    }

    record Pause(int agent, int reason, boolean crossed) implements Step {
        public void run(AcdSimulator s) {
            s.pause(agent, reason, crossed);
        }
    }

    record Unpause(int agent) implements Step {
        public void run(AcdSimulator s) {
            s.unpause(agent);
        }
    }

    /** A waiting caller asks for a callback; {@code crossed}: an offer it withdrew is answered as it is withdrawn. */
    record RequestCallback(int pick, boolean crossed) implements Step {
        public void run(AcdSimulator s) {
            s.requestCallback(pick, crossed);
        }
    }

    record CallbackAnswered(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.callbackAnswered(pick);
        }
    }

    record CallbackFailed(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.callbackFailed(pick);
        }
    }

    record CancelCallback(int pick) implements Step {
        public void run(AcdSimulator s) {
            s.cancelCallback(pick);
        }
    }
}
