package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.atende.acd.AcdCommand.Offer;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Strategy;
import org.junit.jupiter.api.Test;

/**
 * The strategies that share the work (round robin, fewest calls, least talk time) and random, through the ACD's
 * events: what they remember and count comes from the offers, answers and ends the ACD sees.
 */
class AcdRoutingTest {

    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));

    @Test
    void roundRobinContinuesAfterTheAgentOfferedLastAndStartsOverAtTheEnd() {
        Acd acd = new Acd(List.of(queue("q", Strategy.ROUND_ROBIN, "1001", "1002", "1003")), clock);
        // everyone is free each time: longest idle would pick 1002, 1003, 1001; linear always 1001
        serveAndEnd(acd, "c1", "1001");
        serveAndEnd(acd, "c2", "1002");
        serveAndEnd(acd, "c3", "1003");
        serveAndEnd(acd, "c4", "1001");
        acd.otherCall("1002", true); // not free: skipped, and the next turn goes on from 1003
        serveAndEnd(acd, "c5", "1003");
        acd.otherCall("1002", false);
        serveAndEnd(acd, "c6", "1001");
        serveAndEnd(acd, "c7", "1002");
    }

    @Test
    void roundRobinRemembersEachQueuesLastOfferApart() {
        Acd acd = new Acd(List.of(queue("a", Strategy.ROUND_ROBIN, "1001", "1002"),
                queue("b", Strategy.ROUND_ROBIN, "1001", "1002")), clock);
        serveAndEnd(acd, "c1", "1001", "a");
        serveAndEnd(acd, "c2", "1001", "b"); // b offered nobody yet: it starts at its top
        serveAndEnd(acd, "c3", "1002", "a");
        serveAndEnd(acd, "c4", "1002", "b");
    }

    @Test
    void fewestCallsOffersTheAgentWhoAnsweredFewestThenTheLongestIdle() {
        Acd acd = new Acd(List.of(queue("q", Strategy.FEWEST_CALLS, "1001", "1002", "1003")), clock);
        serve(acd, "c1", "1001", "q");
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c1"); // 1001: 1 call
        serve(acd, "c2", "1002", "q"); // 0 calls, and written before 1003
        serve(acd, "c3", "1003", "q");
        serve(acd, "c4", "1001", "q"); // the only one free
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c4"); // 1001: 2 calls, idle the longest from here
        clock.advance(Duration.ofMinutes(1));
        acd.callEnded("c2"); // 1002: 1 call
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c3"); // 1003: 1 call, idle since after 1002

        // longest idle would offer 1001; fewest calls passes over its 2 calls, and 1002 is idle longer than 1003
        serve(acd, "c5", "1002", "q");
        serve(acd, "c6", "1003", "q");
    }

    @Test
    void leastTalkTimeCountsTheTimeTalkedNotTheRingingThenTheLongestIdle() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LEAST_TALK_TIME, "1001", "1002", "1003")), clock);
        serve(acd, "c1", "1001", "q");
        clock.advance(Duration.ofSeconds(100));
        acd.callEnded("c1"); // 1001 talked 100 s
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).containsExactly("1002");
        clock.advance(Duration.ofSeconds(50)); // rings 50 s: not talk time
        acd.offerAnswered("c2", "1002");
        clock.advance(Duration.ofSeconds(10));
        acd.callEnded("c2"); // 1002 talked 10 s
        serve(acd, "c3", "1003", "q");
        clock.advance(Duration.ofSeconds(30));
        acd.callEnded("c3"); // 1003 talked 30 s

        // longest idle (and fewest calls, all at 1) would offer 1001; counting the ringing would offer 1003
        assertThat(offeredTo(acd.enqueue("c4", "q", Requirements.NONE))).containsExactly("1002");
    }

    @Test
    void leastTalkTimeBreaksTiesByTheLongestIdle() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LEAST_TALK_TIME, "1001", "1002")), clock);
        acd.otherCall("1001", true);
        serve(acd, "c1", "1002", "q");
        clock.advance(Duration.ofSeconds(5));
        acd.otherCall("1001", false);
        serve(acd, "c2", "1001", "q");
        clock.advance(Duration.ofSeconds(15));
        acd.callEnded("c1");
        clock.advance(Duration.ofSeconds(5));
        acd.callEnded("c2"); // both talked 20 s; 1002 idle first, 1001 written first
        assertThat(offeredTo(acd.enqueue("c3", "q", Requirements.NONE))).containsExactly("1002");
    }

    @Test
    void randomWithTheSameSeedOffersTheSameAgents() {
        List<String> first = randomOffers(42);
        assertThat(randomOffers(42)).isEqualTo(first);
        assertThat(first).hasSize(40).allMatch(a -> a.startsWith("10"));
        assertThat(first.stream().distinct().count()).as("spread over the members").isGreaterThan(3);
    }

    @Test
    void randomOffersOnlyTheFreeMembersWithTheSkills() {
        Acd acd = new Acd(List.of(new QueueConfig("q", List.of(new Member("1001", Map.of("es", 1)),
                new Member("1002", Map.of()), new Member("1003", Map.of("es", 2)), new Member("1004", Map.of("es", 1))),
                Strategy.RANDOM, Duration.ofSeconds(15), Optional.empty(), Optional.empty(), Duration.ZERO, List.of(),
                Optional.empty())), clock, new SplittableRandom(7));
        acd.otherCall("1004", true);
        Requirements es = new Requirements(Map.of("es", 1), 0, Optional.empty());
        for (int i = 0; i < 30; i++) {
            List<String> offered = offeredTo(acd.enqueue("c" + i, "q", es));
            assertThat(offered).hasSize(1).first().isIn("1001", "1003");
            acd.offerAnswered("c" + i, offered.get(0));
            acd.callEnded("c" + i);
        }
    }

    // ---- helpers ----

    /** 40 calls, each answered and ended at once, in a queue of 10 random agents: who was offered each. */
    private List<String> randomOffers(long seed) {
        String[] members = IntStream.range(0, 10).mapToObj(i -> String.valueOf(1000 + i)).toArray(String[]::new);
        Acd acd = new Acd(List.of(queue("q", Strategy.RANDOM, members)),
                new TestClock(Instant.parse("2025-03-01T12:00:00Z")), new SplittableRandom(seed));
        List<String> offered = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<String> to = offeredTo(acd.enqueue("c" + i, "q", Requirements.NONE));
            offered.addAll(to);
            acd.offerAnswered("c" + i, to.get(0));
            acd.callEnded("c" + i);
        }
        return offered;
    }

    private static QueueConfig queue(String name, Strategy strategy, String... extensions) {
        return new QueueConfig(name, IntStream.range(0, extensions.length)
                .mapToObj(i -> new Member(extensions[i], Map.of())).toList(), strategy, Duration.ofSeconds(15),
                Optional.empty(), Optional.empty(), Duration.ZERO, List.of(), Optional.empty());
    }

    private void serveAndEnd(Acd acd, String callId, String agent) {
        serveAndEnd(acd, callId, agent, "q");
    }

    private void serveAndEnd(Acd acd, String callId, String agent, String queue) {
        serve(acd, callId, agent, queue);
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded(callId);
    }

    private static void serve(Acd acd, String callId, String agent, String queue) {
        assertThat(offeredTo(acd.enqueue(callId, queue, Requirements.NONE))).as(callId).containsExactly(agent);
        acd.offerAnswered(callId, agent);
    }

    private static List<String> offeredTo(List<AcdCommand> out) {
        return out.stream().filter(Offer.class::isInstance).map(c -> ((Offer) c).agent()).toList();
    }
}
