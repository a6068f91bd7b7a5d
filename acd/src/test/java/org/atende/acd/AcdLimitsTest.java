package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdCommand.AgentChanged;
import org.atende.acd.AcdCommand.Offer;
import org.atende.acd.AcdCommand.Overflow;
import org.atende.acd.AcdCommand.Queued;
import org.atende.acd.AcdCommand.Refused;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.FeatureCodes;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Limits;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Strategy;
import org.atende.config.QueueConfig.Thresholds;
import org.atende.config.flow.Node;
import org.junit.jupiter.api.Test;

/** Who may wait in a queue (max_waiting, join_empty), and the service level and short abandons in its figures. */
class AcdLimitsTest {

    private static final Duration RING = Duration.ofSeconds(15);
    private static final Node.Target OVERFLOW = new Node.Target.Queue("geral");
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00Z"));

    // ---- max_waiting ----

    @Test
    void callersBeyondMaxWaitingHearBusyWithoutAnOverflow() {
        Acd acd = new Acd(List.of(staticQueue(Optional.empty(), new Limits(OptionalInt.of(2), true))), clock);
        acd.otherCall("1001", true);
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.enqueue("c2", "suporte", Requirements.NONE);
        assertThat(acd.enqueue("c3", "suporte", Requirements.NONE)).containsExactly(
                new Refused("c3", "suporte", "the queue is full (2 waiting)"));
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c1", "c2");
        QueueStats stats = acd.view().stats("suporte");
        assertThat(stats.offered()).isEqualTo(3);
        assertThat(stats.refused()).isEqualTo(1);

        acd.callEnded("c1"); // room again
        assertThat(acd.enqueue("c4", "suporte", Requirements.NONE)).containsExactly(
                new Queued("c4", "suporte", 2, false));
    }

    @Test
    void callersBeyondMaxWaitingGoToTheOverflow() {
        Acd acd = new Acd(List.of(staticQueue(Optional.of(OVERFLOW), new Limits(OptionalInt.of(1), true))), clock);
        acd.otherCall("1001", true);
        acd.enqueue("c1", "suporte", Requirements.NONE);
        assertThat(acd.enqueue("c2", "suporte", Requirements.NONE)).containsExactly(
                new Overflow("c2", "suporte", OVERFLOW, "the queue is full (1 waiting)"));
        assertThat(acd.view().stats("suporte").overflowed()).isEqualTo(1);
    }

    // ---- join_empty ----

    @Test
    void byDefaultCallersWaitInAQueueNobodyIsLoggedInTo() {
        Acd acd = agents(Optional.empty(), Limits.DEFAULTS);
        assertThat(acd.enqueue("c1", "suporte", Requirements.NONE)).containsExactly(
                new Queued("c1", "suporte", 1, false));
        assertThat(acd.login("2001", "1001", "test").commands())
                .contains(new Offer("c1", "suporte", "2001", "1001", RING));
    }

    @Test
    void withoutJoinEmptyCallersAreTurnedAwayWhileNobodyIsLoggedIn() {
        Limits noJoinEmpty = new Limits(OptionalInt.empty(), false);
        assertThat(agents(Optional.empty(), noJoinEmpty).enqueue("c1", "suporte", Requirements.NONE))
                .containsExactly(new Refused("c1", "suporte", "nobody is logged in"));
        Acd acd = agents(Optional.of(OVERFLOW), noJoinEmpty);
        assertThat(acd.enqueue("c1", "suporte", Requirements.NONE)).containsExactly(
                new Overflow("c1", "suporte", OVERFLOW, "nobody is logged in"));
        // a paused agent is logged in: the caller waits for them
        acd.login("2001", "1001", "test");
        acd.pause("2001", "pausa", "test");
        assertThat(acd.enqueue("c2", "suporte", Requirements.NONE)).containsExactly(
                new Queued("c2", "suporte", 1, false));
    }

    @Test
    void withoutJoinEmptyTheLastAgentLoggingOutSendsTheWaitingCallersAway() {
        Acd acd = agents(Optional.of(OVERFLOW), new Limits(OptionalInt.empty(), false));
        acd.login("2001", "1001", "test");
        acd.login("2002", "1002", "test");
        acd.pause("2001", "pausa", "test");
        acd.pause("2002", "pausa", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.enqueue("c2", "suporte", Requirements.NONE);
        assertThat(acd.logout("2001", "test").commands()).hasSize(1); // 2002 is still logged in

        assertThat(acd.logout("2002", "feature code").commands()).containsExactly(
                new AgentChanged("2002", AgentState.LOGGED_OUT, null, null, PendingChange.NONE, "feature code"),
                new Overflow("c1", "suporte", OVERFLOW, "the last agent logged out"),
                new Overflow("c2", "suporte", OVERFLOW, "the last agent logged out"));
        assertThat(acd.view().waitingIn("suporte")).isEmpty();
        assertThat(acd.view().stats("suporte").overflowed()).isEqualTo(2);
    }

    @Test
    void aLogoutAskedForDuringACallSendsTheCallersAwayWhenItIsCarriedOut() {
        Acd acd = agents(Optional.empty(), new Limits(OptionalInt.empty(), false));
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.offerAnswered("c1", "2001");
        acd.enqueue("c2", "suporte", Requirements.NONE);
        assertThat(acd.logout("2001", "test").outcome()).isEqualTo(AgentResult.Outcome.PENDING);
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c2");
        // no wrap-up: the log-out is carried out as the call ends
        assertThat(acd.callEnded("c1")).contains(new Refused("c2", "suporte", "the last agent logged out"));
        assertThat(acd.view().stats("suporte").refused()).isEqualTo(1);
    }

    @Test
    void anAgentReplacedAtADeskLeavesTheQueueOnlyWhenTheOneReplacingThemDoesNotServeIt() {
        AgentConfig other = agent("2003", Map.of("geral", 0));
        Acd acd = agents(Optional.empty(), new Limits(OptionalInt.empty(), false), other);
        acd.login("2001", "1001", "test");
        acd.pause("2001", "pausa", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        // 2002 serves suporte too: c1 keeps waiting, and rings them
        assertThat(acd.login("2002", "1001", "test").commands()).contains(
                new Offer("c1", "suporte", "2002", "1001", RING));
        acd.pause("2002", "pausa", "test");
        // 2003 does not: suporte has nobody logged in now
        assertThat(acd.login("2003", "1001", "test").commands()).contains(
                new Refused("c1", "suporte", "the last agent logged out"));
    }

    // ---- service level ----

    @Test
    void theServiceLevelCountsAnswersWithinItAndLeavesShortAbandonsOut() {
        Acd acd = new Acd(List.of(staticQueue(Optional.empty(), Limits.DEFAULTS)
                .withThresholds(new Thresholds(Duration.ofSeconds(20), Duration.ofSeconds(5)))), clock);
        acd.otherCall("1001", true);
        assertThat(acd.view().stats("suporte").serviceLevelPercent()).isEmpty();
        waitThenAnswer(acd, "in", 20);       // within the service level, at its edge
        waitThenAnswer(acd, "late", 21);
        waitThenHangUp(acd, "short", 5);    // a short abandon, at its edge
        waitThenHangUp(acd, "gave-up", 6);

        QueueStats stats = acd.view().stats("suporte");
        assertThat(stats.answered()).isEqualTo(2);
        assertThat(stats.answeredInServiceLevel()).isEqualTo(1);
        assertThat(stats.abandoned()).isEqualTo(2);
        assertThat(stats.shortAbandoned()).isEqualTo(1);
        assertThat(stats.thresholds()).isEqualTo(new Thresholds(Duration.ofSeconds(20), Duration.ofSeconds(5)));
        // 1 answered within / (2 answered + 2 abandoned - 1 short)
        assertThat(stats.serviceLevelPercent().orElseThrow()).isCloseTo(100.0 / 3, org.assertj.core.data.Offset
                .offset(1e-9));
    }

    // ---- helpers ----

    private void waitThenAnswer(Acd acd, String callId, int seconds) {
        acd.enqueue(callId, "suporte", Requirements.NONE);
        clock.advance(Duration.ofSeconds(seconds));
        acd.otherCall("1001", false);
        acd.offerAnswered(callId, "1001");
        acd.callEnded(callId);
        acd.otherCall("1001", true);
    }

    private void waitThenHangUp(Acd acd, String callId, int seconds) {
        acd.enqueue(callId, "suporte", Requirements.NONE);
        clock.advance(Duration.ofSeconds(seconds));
        acd.callEnded(callId);
    }

    /** suporte with static member 1001, and geral (the overflow) with 1002. */
    private static QueueConfig staticQueue(Optional<Node.Target> overflow, Limits limits) {
        return queue("suporte", List.of(new Member("1001", Map.of())), overflow).withLimits(limits);
    }

    /** suporte and geral, served by agents 2001 and 2002 (suporte) and any {@code more}. */
    private Acd agents(Optional<Node.Target> overflow, Limits limits, AgentConfig... more) {
        List<AgentConfig> people = new java.util.ArrayList<>(List.of(agent("2001", Map.of("suporte", 0)),
                agent("2002", Map.of("suporte", 0))));
        people.addAll(List.of(more));
        return new Acd(List.of(queue("suporte", List.of(), overflow).withLimits(limits),
                queue("geral", List.of(), Optional.empty())),
                new AgentsConfig(people, Map.of(), FeatureCodes.DEFAULTS), clock, new SplittableRandom(1));
    }

    private static QueueConfig queue(String name, List<Member> members, Optional<Node.Target> overflow) {
        return new QueueConfig(name, members, Strategy.LINEAR, RING, Optional.empty(), overflow, Duration.ZERO,
                List.of(), Optional.empty(), Optional.empty(), 3);
    }

    private static AgentConfig agent(String id, Map<String, Integer> queues) {
        return new AgentConfig(id, "Agent " + id, "7391", Map.of(), queues, Optional.empty(), Optional.empty());
    }
}
