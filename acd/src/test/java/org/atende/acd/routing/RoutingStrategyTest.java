package org.atende.acd.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.atende.config.QueueConfig.Strategy;
import org.junit.jupiter.api.Test;

/** Each strategy's choice on snapshots written by hand. */
class RoutingStrategyTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final Caller CALLER = new Caller("c1", Map.of(), 0);

    @Test
    void everyNameHasItsStrategy() {
        for (Strategy name : Strategy.values()) {
            assertThat(RoutingStrategies.named(name)).as(name.word()).isNotNull();
        }
        assertThat(RoutingStrategies.named(Strategy.RING_ALL).ringsMany()).isTrue();
        assertThat(List.of(Strategy.values())).filteredOn(s -> RoutingStrategies.named(s).ringsMany())
                .containsExactly(Strategy.RING_ALL);
    }

    @Test
    void roundRobinTakesTheFirstFreeAgentWrittenAfterTheLastOffer() {
        List<FreeAgent> free = List.of(agent("a", 0), agent("c", 2), agent("f", 5));
        assertThat(choose(Strategy.ROUND_ROBIN, free, OptionalInt.empty())).isEqualTo("a");
        assertThat(choose(Strategy.ROUND_ROBIN, free, OptionalInt.of(0))).isEqualTo("c");
        assertThat(choose(Strategy.ROUND_ROBIN, free, OptionalInt.of(2))).isEqualTo("f");
        // the last one offered is busy now: the next written after it
        assertThat(choose(Strategy.ROUND_ROBIN, free, OptionalInt.of(3))).isEqualTo("f");
        assertThat(choose(Strategy.ROUND_ROBIN, free, OptionalInt.of(5))).isEqualTo("a");
        assertThat(choose(Strategy.ROUND_ROBIN, free, OptionalInt.of(9))).isEqualTo("a");
    }

    @Test
    void fewestCallsTakesTheFewestAnsweredThenTheLongestIdleThenTheFirstWritten() {
        assertThat(choose(Strategy.FEWEST_CALLS, List.of(agent("a", 0, T0, 3, 0), agent("b", 1, T0.plusSeconds(9), 1, 0),
                agent("c", 2, T0.plusSeconds(5), 1, 0), agent("d", 3, T0.plusSeconds(5), 1, 0)))).isEqualTo("c");
        assertThat(choose(Strategy.FEWEST_CALLS, List.of(agent("a", 0, T0, 2, 0), agent("b", 1, T0, 2, 0))))
                .isEqualTo("a");
    }

    @Test
    void leastTalkTimeTakesTheLeastTalkedThenTheLongestIdleThenTheFirstWritten() {
        assertThat(choose(Strategy.LEAST_TALK_TIME, List.of(agent("a", 0, T0, 0, 300),
                agent("b", 1, T0.plusSeconds(9), 5, 60), agent("c", 2, T0.plusSeconds(5), 9, 60)))).isEqualTo("c");
        assertThat(choose(Strategy.LEAST_TALK_TIME, List.of(agent("a", 0, T0, 1, 60), agent("b", 1, T0, 0, 60))))
                .isEqualTo("a");
    }

    @Test
    void theFirstFourKeepTheirChoices() {
        List<FreeAgent> free = List.of(agent("a", 0, T0.plusSeconds(5), 0, 0),
                new FreeAgent("b", 1, Map.of("es", 3), T0.plusSeconds(9), 0, Duration.ZERO),
                new FreeAgent("c", 2, Map.of("es", 3), T0.plusSeconds(1), 0, Duration.ZERO));
        Caller es = new Caller("c1", Map.of("es", 1), 0);
        QueueSnapshot q = new QueueSnapshot("q", free, OptionalInt.empty());
        SplittableRandom random = new SplittableRandom(1);
        assertThat(RoutingStrategies.named(Strategy.LINEAR).choose(q, es, T0, random)).extracting(FreeAgent::agent)
                .containsExactly("a");
        assertThat(RoutingStrategies.named(Strategy.LONGEST_IDLE).choose(q, es, T0, random))
                .extracting(FreeAgent::agent).containsExactly("c");
        assertThat(RoutingStrategies.named(Strategy.BEST_SKILL).choose(q, es, T0, random))
                .extracting(FreeAgent::agent).containsExactly("c");
        assertThat(RoutingStrategies.named(Strategy.RING_ALL).choose(q, es, T0, random))
                .extracting(FreeAgent::agent).containsExactly("a", "b", "c");
    }

    @Test
    void randomDrawsFromTheGeneratorItIsGiven() {
        List<FreeAgent> free = List.of(agent("a", 0), agent("b", 1), agent("c", 2), agent("d", 3));
        QueueSnapshot q = new QueueSnapshot("q", free, OptionalInt.empty());
        RoutingStrategy random = RoutingStrategies.named(Strategy.RANDOM);
        SplittableRandom one = new SplittableRandom(99);
        SplittableRandom two = new SplittableRandom(99);
        for (int i = 0; i < 50; i++) {
            assertThat(random.choose(q, CALLER, T0, one)).isEqualTo(random.choose(q, CALLER, T0, two));
        }
    }

    @Test
    void aSnapshotHasSomebodyToChooseFrom() {
        assertThatThrownBy(() -> new QueueSnapshot("q", List.of(), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody free");
    }

    private static String choose(Strategy name, List<FreeAgent> free) {
        return choose(name, free, OptionalInt.empty());
    }

    private static String choose(Strategy name, List<FreeAgent> free, OptionalInt last) {
        List<FreeAgent> chosen = RoutingStrategies.named(name).choose(new QueueSnapshot("q", free, last), CALLER, T0,
                new SplittableRandom(1));
        assertThat(chosen).hasSize(1);
        return chosen.get(0).agent();
    }

    private static FreeAgent agent(String extension, int position) {
        return agent(extension, position, T0, 0, 0);
    }

    private static FreeAgent agent(String extension, int position, Instant idleSince, long answered, long talked) {
        return new FreeAgent(extension, position, Map.of(), idleSince, answered, Duration.ofSeconds(talked));
    }
}
