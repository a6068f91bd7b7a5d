package org.atende.acd;

import java.time.Duration;
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
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Strategy;
import org.atende.config.flow.Node;

/**
 * Random queues and random event sequences played through {@link AcdSimulator}, which checks after every step:
 * an agent rings for one call at most and is never offered while busy, wrapping up or resting; every offer names
 * a member of the call's queue with the skills asked for (unless the call was relaxed), for a call still waiting;
 * each queue's offered = answered + abandoned + overflowed + waiting; no waiting call is left while an eligible
 * member is free (work conservation); an offered agent had no better call waiting (priority, then arrival); the
 * strategy picked the right agent; an agent on a call outside the queues is not offered, and a declined offer
 * (such a call crossed it) makes the agent rest no time; the ACD's own view (states, ringing, waiting order, stats)
 * matches the model.
 */
class AcdProperties {

    /** Few skills, low levels and priorities: so that matches, misses and ties all happen. */
    private static final List<String> MEMBER_SKILLS = List.of("a", "b", "c", "es");
    private static final List<String> CALL_SKILLS = List.of("a", "b");
    private static final Node.Target OVERFLOW = new Node.Target.Extension("1099");

    /** Edge cases off: jqwik's mixed-in edge cases give most members the same skills, and skew the calls. */
    @Property(edgeCases = EdgeCasesMode.NONE)
    void everyStepKeepsTheInvariants(@ForAll("queues") List<QueueConfig> queues, @ForAll("steps") List<Step> steps) {
        AcdSimulator simulator = new AcdSimulator(queues);
        for (Step step : steps) {
            step.run(simulator);
        }
    }

    // ---- queues ----

    @Provide
    Arbitrary<List<QueueConfig>> queues() {
        return Arbitraries.integers().between(1, 5).flatMap(agents -> Arbitraries.integers().between(1, 3)
                .flatMap(n -> Combinators.combine(IntStream.range(0, n).mapToObj(i -> queue("q" + i, agents))
                        .toList()).as(list -> list)));
    }

    private static Arbitrary<QueueConfig> queue(String name, int agents) {
        List<String> extensions = IntStream.rangeClosed(1, agents).mapToObj(i -> String.valueOf(1000 + i)).toList();
        Arbitrary<List<Member>> members = Arbitraries.shuffle(extensions).flatMap(order -> Arbitraries.integers()
                .between(1, order.size()).flatMap(size -> skills(MEMBER_SKILLS, 4).list().ofSize(size)
                        .map(skills -> IntStream.range(0, size)
                                .mapToObj(i -> new Member(order.get(i), skills.get(i))).toList())));
        Arbitrary<Duration> ringTimeout = Arbitraries.integers().between(5, 20).map(Duration::ofSeconds);
        Arbitrary<Optional<Duration>> maxWait = Arbitraries.integers().between(10, 90).map(Duration::ofSeconds)
                .optional(0.5);
        Arbitrary<Duration> wrapUp = Arbitraries.oneOf(Arbitraries.just(Duration.ZERO),
                Arbitraries.integers().between(1, 20).map(Duration::ofSeconds));
        return Combinators.combine(members, Arbitraries.of(Strategy.class), ringTimeout, maxWait, wrapUp)
                .as((m, strategy, ring, wait, wrap) -> new QueueConfig(name, m, strategy, ring, wait,
                        wait.map(w -> OVERFLOW), wrap, List.of(), Optional.empty(), Optional.empty(), 0));
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
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                weight(5, Combinators.combine(Arbitraries.integers().between(0, 2), requirements).as(Arrive::new)),
                weight(3, pick.map(Answer::new)),
                weight(3, pick.map(Fail::new)),
                weight(2, pick.map(LateAnswer::new)),
                weight(3, pick.map(End::new)),
                weight(1, pick.map(EndGone::new)),
                weight(2, Combinators.combine(pick, Arbitraries.of(true, false)).as(OtherCall::new)),
                weight(2, pick.map(Decline::new)),
                weight(1, pick.map(LateDecline::new)),
                weight(4, pick.map(Fire::new)),
                weight(1, pick.map(FireStale::new)),
                weight(2, Arbitraries.integers().between(1, 30).map(Advance::new)));
        return step.list().ofMaxSize(100).withSizeDistribution(RandomDistribution.uniform());
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
}
