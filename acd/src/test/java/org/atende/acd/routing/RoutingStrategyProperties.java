package org.atende.acd.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.atende.config.QueueConfig.Strategy;

/**
 * Every strategy over random queues: it chooses only among the free agents it was given (the ACD gives it only the
 * members who are available and have the skills; {@code AcdProperties} checks that end to end), round robin goes
 * round every free agent before one comes again, and random repeats itself given the same seed.
 */
class RoutingStrategyProperties {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    /** Skill sets a member may have: few, so that best skill sees ties and misses. */
    private static final List<Map<String, Integer>> SKILLS = List.of(Map.of(), Map.of("a", 1), Map.of("a", 3),
            Map.of("b", 2), Map.of("a", 2, "b", 1), Map.of("a", 1, "b", 3, "c", 2));

    @Property
    void aStrategyChoosesOnlyAmongTheFreeAgentsItWasGiven(@ForAll Strategy name, @ForAll("snapshots") QueueSnapshot q,
            @ForAll("callers") Caller caller, @ForAll long seed) {
        List<FreeAgent> chosen = RoutingStrategies.named(name).choose(q, caller, T0, new SplittableRandom(seed));
        assertThat(q.free()).containsAll(chosen);
        assertThat(chosen).doesNotHaveDuplicates();
        if (RoutingStrategies.named(name).ringsMany()) {
            assertThat(chosen).containsExactlyElementsOf(q.free());
        } else {
            assertThat(chosen).hasSize(1);
        }
    }

    @Property
    void roundRobinOffersEveryFreeAgentOnceBeforeRepeating(@ForAll("snapshots") QueueSnapshot q) {
        RoutingStrategy roundRobin = RoutingStrategies.named(Strategy.ROUND_ROBIN);
        Set<String> seen = new HashSet<>();
        OptionalInt last = q.lastOffered();
        List<String> turns = new ArrayList<>();
        for (int i = 0; i <= q.free().size(); i++) {
            FreeAgent a = roundRobin.choose(new QueueSnapshot(q.queue(), q.free(), last), null, T0, null).get(0);
            turns.add(a.agent());
            if (i < q.free().size()) {
                assertThat(seen.add(a.agent())).as("%s came again before the others: %s", a, turns).isTrue();
            } else {
                assertThat(a.agent()).as("the round starts over with the first").isEqualTo(turns.get(0));
            }
            last = OptionalInt.of(a.position());
        }
        assertThat(seen).hasSize(q.free().size());
    }

    @Property
    void randomRepeatsItselfGivenTheSameSeed(@ForAll("snapshots") QueueSnapshot q, @ForAll long seed) {
        RoutingStrategy random = RoutingStrategies.named(Strategy.RANDOM);
        Caller caller = new Caller("c", Map.of(), 0);
        SplittableRandom one = new SplittableRandom(seed);
        SplittableRandom two = new SplittableRandom(seed);
        for (int i = 0; i < 20; i++) {
            assertThat(random.choose(q, caller, T0, one)).isEqualTo(random.choose(q, caller, T0, two));
        }
    }

    // ---- random queues ----

    /** 1-40 free agents among up to 120 members, with few idle times, counts and skills (so that ties happen). */
    @Provide
    Arbitrary<QueueSnapshot> snapshots() {
        return Combinators.combine(agent().list().ofMinSize(1).ofMaxSize(40),
                Arbitraries.integers().between(0, 119).optional(0.7)).as((parts, last) -> {
                    List<FreeAgent> free = new ArrayList<>();
                    int position = -1;
                    for (Agent part : parts) {
                        position += 1 + part.gap();
                        free.add(part.at(position));
                    }
                    return new QueueSnapshot("q", free, last.map(OptionalInt::of).orElse(OptionalInt.empty()));
                });
    }

    @Provide
    Arbitrary<Caller> callers() {
        return Arbitraries.maps(Arbitraries.of("a", "b"), Arbitraries.integers().between(1, 3)).ofMaxSize(2)
                .map(needed -> new Caller("c", needed, 0));
    }

    private static Arbitrary<Agent> agent() {
        return Combinators.combine(Arbitraries.of(SKILLS), Arbitraries.integers().between(0, 4),
                Arbitraries.longs().between(0, 3),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2)).as(Agent::new);
    }

    /** A free agent but for its place, which is {@code gap} members after the one before it. */
    private record Agent(Map<String, Integer> skills, int idleSeconds, long answered, int talkedMinutes, int gap) {
        FreeAgent at(int position) {
            return new FreeAgent("e" + position, position, skills, T0.plusSeconds(idleSeconds), answered,
                    Duration.ofMinutes(talkedMinutes));
        }
    }
}
