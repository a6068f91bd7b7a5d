package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.FeatureCodes;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Strategy;
import org.junit.jupiter.api.Test;

/** The ACD's wait estimate for a waiting caller: none without history, then from the queue's own calls. */
class AcdWaitEstimateTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T09:00:00Z"));

    @Test
    void noEstimateWithoutHistoryThenOneThatGrowsWithThePlaceInTheQueue() {
        QueueConfig q = new QueueConfig("q", List.of(), Strategy.LONGEST_IDLE, Duration.ofSeconds(15),
                Optional.empty(), Optional.empty(), Duration.ZERO, List.of(), Optional.empty(), Optional.empty(), 3);
        Acd acd = new Acd(List.of(q), new AgentsConfig(List.of(
                new AgentConfig("2001", "A", "7391", Map.of(), Map.of("q", 0), Optional.empty(), Optional.empty()),
                new AgentConfig("2002", "B", "7391", Map.of(), Map.of("q", 0), Optional.empty(), Optional.empty())),
                Map.of(), FeatureCodes.DEFAULTS), clock, new SplittableRandom(3));
        acd.login("2001", "1001", "test");
        acd.login("2002", "1002", "test");
        // 25 calls of 2 minutes each build the history
        for (int i = 0; i < 25; i++) {
            String id = "h" + i;
            List<AcdCommand> out = acd.enqueue(id, "q", Requirements.NONE);
            String agent = out.stream().filter(AcdCommand.Offer.class::isInstance).map(c -> ((AcdCommand.Offer) c)
                    .agent()).findFirst().orElseThrow();
            if (i == 0) {
                assertThat(acd.view().estimatedWait(id)).as("no history yet").isEmpty();
            }
            acd.offerAnswered(id, agent);
            clock.advance(Duration.ofMinutes(2));
            acd.callEnded(id);
        }
        // both agents busy since 30 s; three callers wait
        acd.enqueue("a", "q", Requirements.NONE);
        acd.offerAnswered("a", "2001");
        acd.enqueue("b", "q", Requirements.NONE);
        acd.offerAnswered("b", "2002");
        clock.advance(Duration.ofSeconds(30));
        acd.enqueue("c1", "q", Requirements.NONE);
        acd.enqueue("c2", "q", Requirements.NONE);
        acd.enqueue("c3", "q", Requirements.NONE);
        Duration first = acd.view().estimatedWait("c1").orElseThrow();
        Duration second = acd.view().estimatedWait("c2").orElseThrow();
        Duration third = acd.view().estimatedWait("c3").orElseThrow();
        // every call lasted 2 min: the first agent is free in 90 s, the second at the same time, then 2 min more
        assertThat(first).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
        assertThat(second).isGreaterThanOrEqualTo(first);
        assertThat(third).isGreaterThan(second);
        // the queue moves: a minute later the first caller's estimate is a minute shorter
        clock.advance(Duration.ofMinutes(1));
        assertThat(acd.view().estimatedWait("c1").orElseThrow()).isLessThan(first);
        assertThat(acd.view().estimatedWait("nobody")).isEmpty();
    }
}
