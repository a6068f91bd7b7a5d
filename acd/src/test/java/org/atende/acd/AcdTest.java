package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdCommand.CancelOffer;
import org.atende.acd.AcdCommand.CancelTimer;
import org.atende.acd.AcdCommand.Offer;
import static org.atende.acd.AcdCommand.CancelOffer.Why.WITHDRAWN;
import org.atende.acd.AcdCommand.Overflow;
import org.atende.acd.AcdCommand.Queued;
import org.atende.acd.AcdCommand.StartTimer;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Strategy;
import org.atende.config.flow.Node;
import org.junit.jupiter.api.Test;

class AcdTest {

    private static final Duration RING = Duration.ofSeconds(15);
    private static final Node.Target OVERFLOW = new Node.Target.Extension("1009");

    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));

    // ---- strategies ----

    @Test
    void longestIdleOffersTheAgentIdleTheLongest() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO,
                member("1001"), member("1002"), member("1003"))), clock);
        // everyone idle since start: the order written breaks the tie
        assertThat(offeredTo(acd.enqueue("c1", "q", Requirements.NONE))).containsExactly("1001");
        acd.offerAnswered("c1", "1001");
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).containsExactly("1002");
        acd.offerAnswered("c2", "1002");
        assertThat(offeredTo(acd.enqueue("c3", "q", Requirements.NONE))).containsExactly("1003");
        acd.offerAnswered("c3", "1003");
        // free again in the order 1002, 1003, 1001
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c2");
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c3");
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c1");

        assertThat(offeredTo(acd.enqueue("c4", "q", Requirements.NONE))).containsExactly("1002");
        assertThat(offeredTo(acd.enqueue("c5", "q", Requirements.NONE))).containsExactly("1003");
        assertThat(offeredTo(acd.enqueue("c6", "q", Requirements.NONE))).containsExactly("1001");
    }

    @Test
    void positionsFollowPriorityAndArrival() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LINEAR, Duration.ZERO, member("1001"))), clock);
        acd.otherCall("1001", true); // nobody free: everyone waits
        acd.enqueue("c1", "q", Requirements.NONE);
        acd.enqueue("c2", "q", Requirements.NONE);
        acd.enqueue("vip", "q", new Requirements(Map.of(), 50, Optional.empty()));
        assertThat(acd.view().position("vip")).contains(1);
        assertThat(acd.view().position("c1")).contains(2);
        assertThat(acd.view().position("c2")).contains(3);
        acd.callEnded("c1");
        assertThat(acd.view().position("c2")).contains(2);
        assertThat(acd.view().position("c1")).isEmpty();
    }

    @Test
    void anAgentOnAnotherCallIsSkippedUntilItEnds() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LINEAR, Duration.ZERO, member("1001"), member("1002"))),
                clock);
        acd.otherCall("1001", true);
        acd.otherCall("1001", true); // two overlapping calls (a transfer, say)
        acd.otherCall("2000", true); // no agent there now; counted, as an agent may log in there
        assertThat(offeredTo(acd.enqueue("c1", "q", Requirements.NONE))).containsExactly("1002");
        acd.otherCall("1001", false);
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).isEmpty();
        assertThat(acd.view().otherCalls("1001")).isEqualTo(1);
        assertThat(offeredTo(acd.otherCall("1001", false))).containsExactly("1001");
        assertThat(acd.view().agentCall("1001")).contains("c2");
        assertThat(acd.view().otherCalls("2000")).isEqualTo(1);
    }

    /** The engine found 1001 on another call at ring time (its start had not reached the ACD): 1002 rings. */
    @Test
    void aDeclinedOfferGoesToTheNextAgentAndTheDeclinerDoesNotRest() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LINEAR, Duration.ZERO, member("1001"), member("1002"))),
                clock);
        assertThat(offeredTo(acd.enqueue("c1", "q", Requirements.NONE))).containsExactly("1001");
        acd.otherCall("1001", true); // the direct call crossed the offer
        assertThat(acd.offerDeclined("c1", "1001")).as("no rest timer, the next agent rings")
                .containsExactly(new Offer("c1", "q", "1002", RING));
        assertThat(acd.view().agentState("1001")).contains(AgentState.AVAILABLE);
        assertThat(acd.view().ringingFor("c1")).containsExactly("1002");
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).as("1001 is still on its call").isEmpty();
        assertThat(offeredTo(acd.otherCall("1001", false))).as("free at once: nothing missed, no rest")
                .containsExactly("1001");
        assertThat(acd.view().agentCall("1001")).contains("c2");
    }

    /** The other call was over by the time the decline arrived: the agent may take the call at once. */
    @Test
    void aDeclineAfterTheOtherCallEndedOffersTheSameAgentAgain() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LINEAR, Duration.ZERO, member("1001"), member("1002"))),
                clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        acd.otherCall("1001", true);
        acd.otherCall("1001", false);
        assertThat(acd.offerDeclined("c1", "1001")).containsExactly(new Offer("c1", "q", "1001", RING));
    }

    @Test
    void aDeclineForAnOfferNoLongerRingingIsIgnored() {
        Acd acd = new Acd(List.of(queue("q", Strategy.RING_ALL, Duration.ZERO, member("1001"), member("1002"))),
                clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        acd.offerAnswered("c1", "1001");
        assertThat(acd.offerDeclined("c1", "1002")).as("cancelled by the answer").isEmpty();
        assertThat(acd.offerDeclined("c1", "1001")).as("talking on it").isEmpty();
        assertThat(acd.offerDeclined("c1", "9999")).isEmpty();
        assertThat(acd.offerDeclined("nope", "1002")).isEmpty();
        assertThat(acd.view().agentState("1001")).contains(AgentState.ON_CALL);
    }

    @Test
    void aMissedOfferDoesNotResetTheIdleTime() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1002"), member("1001"))),
                clock);
        serve(acd, "c0", "1002");
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c0"); // 1001 idle since start, 1002 since now
        assertThat(offeredTo(acd.enqueue("c1", "q", Requirements.NONE))).containsExactly("1001");
        clock.advance(Duration.ofSeconds(1));
        acd.offerFailed("c1", "1001", "no answer"); // c1 goes on to 1002
        clock.advance(RING);
        acd.timerFired(new AcdTimer(AcdTimer.Kind.REST, "1001"));
        acd.offerAnswered("c1", "1002");
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c1");
        // 1001 never talked: still idle since start, so the longest idle
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).containsExactly("1001");
    }

    @Test
    void bestSkillOffersTheHighestLevelAndTiesGoToTheLongestIdle() {
        Acd acd = new Acd(List.of(queue("q", Strategy.BEST_SKILL, Duration.ZERO,
                member("1001", Map.of("vendas", 2, "suporte", 9)),
                member("1002", Map.of("vendas", 5)),
                member("1003", Map.of("vendas", 5)))), clock);
        Requirements vendas = needs(Map.of("vendas", 1));

        // 1001's suporte:9 does not count for a call asking for vendas
        assertThat(offeredTo(acd.enqueue("c1", "q", vendas))).containsExactly("1002");
        acd.offerAnswered("c1", "1002");
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c1");
        // 1002 and 1003 tie at 5; 1003 has been idle longer
        assertThat(offeredTo(acd.enqueue("c2", "q", vendas))).containsExactly("1003");
        acd.offerAnswered("c2", "1003");
        assertThat(offeredTo(acd.enqueue("c3", "q", vendas))).containsExactly("1002");
        acd.offerAnswered("c3", "1002");
        assertThat(offeredTo(acd.enqueue("c4", "q", vendas))).containsExactly("1001");
    }

    @Test
    void bestSkillAddsTheLevelsOfEverySkillAskedFor() {
        Acd acd = new Acd(List.of(queue("q", Strategy.BEST_SKILL, Duration.ZERO,
                member("1001", Map.of("vendas", 6, "es", 1)),
                member("1002", Map.of("vendas", 4, "es", 4)))), clock);
        assertThat(offeredTo(acd.enqueue("c1", "q", needs(Map.of("vendas", 1, "es", 1))))).containsExactly("1002");
    }

    @Test
    void linearOffersTheFirstEligibleMemberInTheOrderWritten() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LINEAR, Duration.ZERO,
                member("1003"), member("1001"), member("1002", Map.of("suporte", 1)))), clock);
        serve(acd, "c1", "1003");
        clock.advance(Duration.ofSeconds(1));
        acd.callEnded("c1");
        // 1003 was idle the shortest, and still comes first
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).containsExactly("1003");
        acd.offerAnswered("c2", "1003");
        assertThat(offeredTo(acd.enqueue("c3", "q", Requirements.NONE))).containsExactly("1001");
        assertThat(offeredTo(acd.enqueue("c4", "q", needs(Map.of("suporte", 1))))).containsExactly("1002");
    }

    @Test
    void ringAllOffersEveryEligibleIdleAgentAndTheFirstAnswerCancelsTheRest() {
        Acd acd = new Acd(List.of(queue("q", Strategy.RING_ALL, Duration.ZERO,
                member("1001", Map.of("suporte", 1)), member("1002", Map.of("suporte", 2)), member("1003"))),
                clock);
        List<AcdCommand> out = acd.enqueue("c1", "q", needs(Map.of("suporte", 1)));
        assertThat(offeredTo(out)).containsExactly("1001", "1002");
        assertThat(acd.view().ringingFor("c1")).containsExactlyInAnyOrder("1001", "1002");
        assertThat(acd.view().agentState("1003")).contains(AgentState.AVAILABLE);

        assertThat(acd.offerAnswered("c1", "1002")).containsExactly(new CancelOffer("c1", "1001", CancelOffer.Why.TAKEN_ELSEWHERE));
        assertThat(acd.view().agentState("1002")).contains(AgentState.ON_CALL);
        assertThat(acd.view().agentCall("1002")).contains("c1");
        assertThat(acd.view().agentState("1001")).contains(AgentState.AVAILABLE);
        assertThat(acd.view().agentCall("1001")).isEmpty();
        assertThat(acd.view().ringingFor("c1")).isEmpty();
    }

    @Test
    void ringAllAddsAnAgentWhoBecomesFreeWhileTheCallRings() {
        Acd acd = new Acd(List.of(queue("q", Strategy.RING_ALL, Duration.ZERO, member("1001"), member("1002"))),
                clock);
        acd.enqueue("c0", "q", Requirements.NONE);
        acd.offerAnswered("c0", "1001");
        assertThat(offeredTo(acd.enqueue("c1", "q", Requirements.NONE))).containsExactly("1002");
        assertThat(offeredTo(acd.callEnded("c0"))).containsExactly("1001");
        assertThat(acd.view().ringingFor("c1")).containsExactlyInAnyOrder("1001", "1002");
    }

    // ---- skills, language, priority ----

    @Test
    void skillLevelsKeepAgentsWithTooLowALevelAway() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO,
                member("1001", Map.of("suporte", 2)), member("1002", Map.of("suporte", 5)), member("1003"))),
                clock);
        assertThat(offeredTo(acd.enqueue("c1", "q", needs(Map.of("suporte", 3))))).containsExactly("1002");
        // 1002 rings for c1; 1001 is idle but its level is too low
        List<AcdCommand> out = acd.enqueue("c2", "q", needs(Map.of("suporte", 3)));
        assertThat(out).containsExactly(new Queued("c2", "q", 2, false));
        assertThat(offeredTo(acd.enqueue("c3", "q", needs(Map.of("suporte", 1))))).containsExactly("1001");
        assertThat(offeredTo(acd.enqueue("c4", "q", Requirements.NONE))).containsExactly("1003");
        assertThat(acd.view().waitingIn("q")).containsExactly("c1", "c2", "c3", "c4");
    }

    @Test
    void theLanguageIsASkillAtLevelOneUnlessTheSkillsAskForMore() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LINEAR, Duration.ZERO,
                member("1001", Map.of("suporte", 5)), member("1002", Map.of("suporte", 1, "es", 1)))), clock);
        Requirements spanish = new Requirements(Map.of("suporte", 1), 0, Optional.of("es"));
        assertThat(spanish.needed()).isEqualTo(Map.of("suporte", 1, "es", 1));
        assertThat(new Requirements(Map.of("es", 3), 0, Optional.of("es")).needed()).isEqualTo(Map.of("es", 3));

        assertThat(offeredTo(acd.enqueue("c1", "q", spanish))).containsExactly("1002");
    }

    @Test
    void aHigherPriorityIsServedBeforeAnEarlierArrival() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001"))), clock);
        serve(acd, "c0", "1001");
        assertThat(acd.enqueue("c1", "q", Requirements.NONE)).containsExactly(new Queued("c1", "q", 1, false));
        clock.advance(Duration.ofSeconds(1));
        assertThat(acd.enqueue("c2", "q", Requirements.NONE)).containsExactly(new Queued("c2", "q", 2, false));
        clock.advance(Duration.ofSeconds(1));
        assertThat(acd.enqueue("c3", "q", priority(7))).containsExactly(new Queued("c3", "q", 1, false));
        assertThat(acd.enqueue("c4", "q", priority(3))).containsExactly(new Queued("c4", "q", 2, false));
        assertThat(acd.view().waitingIn("q")).containsExactly("c3", "c4", "c1", "c2");

        assertThat(acd.callEnded("c0")).containsExactly(new Offer("c3", "q", "1001", RING));
    }

    @Test
    void queuedPositionsCountOnlyTheCallsOfTheSameQueue() {
        Acd acd = new Acd(List.of(queue("a", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001")),
                queue("b", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001"))), clock);
        serve(acd, "c0", "1001", "a");
        assertThat(acd.enqueue("c1", "a", Requirements.NONE)).containsExactly(new Queued("c1", "a", 1, false));
        assertThat(acd.enqueue("c2", "b", Requirements.NONE)).containsExactly(new Queued("c2", "b", 1, false));
        assertThat(acd.enqueue("c3", "a", Requirements.NONE)).containsExactly(new Queued("c3", "a", 2, false));
        assertThat(acd.enqueue("c4", "b", priority(1))).containsExactly(new Queued("c4", "b", 1, false));
        assertThat(acd.view().waitingIn("b")).containsExactly("c4", "c2");
    }

    @Test
    void anAgentInTwoQueuesGetsTheOlderCallThenTheHigherPriorityOne() {
        Acd acd = new Acd(List.of(queue("vendas", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001")),
                queue("suporte", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001"))), clock);
        serve(acd, "c0", "1001", "vendas");
        clock.advance(Duration.ofSeconds(1));
        acd.enqueue("c1", "suporte", Requirements.NONE);
        clock.advance(Duration.ofSeconds(1));
        acd.enqueue("c2", "vendas", Requirements.NONE);
        assertThat(acd.callEnded("c0")).containsExactly(new Offer("c1", "suporte", "1001", RING));

        acd.offerAnswered("c1", "1001");
        acd.enqueue("c3", "suporte", priority(5));
        assertThat(acd.callEnded("c1")).containsExactly(new Offer("c3", "suporte", "1001", RING));
    }

    // ---- missed offers ----

    @Test
    void anAgentWhoMissesAnOfferRestsAndTheCallGoesToAnother() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LINEAR, Duration.ZERO, member("1001"), member("1002"))),
                clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        assertThat(acd.offerFailed("c1", "1001", "no answer")).containsExactly(
                new StartTimer(new AcdTimer(AcdTimer.Kind.REST, "1001"), RING),
                new Offer("c1", "q", "1002", RING));
        assertThat(acd.view().agentState("1001")).contains(AgentState.AVAILABLE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(acd.offerFailed("c1", "1002", "busy")).containsExactly(
                new StartTimer(new AcdTimer(AcdTimer.Kind.REST, "1002"), RING));
        // both rest: a new call waits too
        assertThat(acd.enqueue("c2", "q", Requirements.NONE)).containsExactly(new Queued("c2", "q", 2, false));

        clock.advance(Duration.ofSeconds(10));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.REST, "1001"))).as("fired before the rest is over")
                .isEmpty();
        clock.advance(Duration.ofSeconds(4)); // 15 s after 1001 missed, 14 s after 1002 did
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.REST, "1001")))
                .containsExactly(new Offer("c1", "q", "1001", RING));
        clock.advance(Duration.ofSeconds(1));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.REST, "1002")))
                .containsExactly(new Offer("c2", "q", "1002", RING));
    }

    @Test
    void aFailureForAnOfferNoLongerRingingIsIgnored() {
        Acd acd = new Acd(List.of(queue("q", Strategy.RING_ALL, Duration.ZERO, member("1001"), member("1002"))),
                clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        acd.offerAnswered("c1", "1001");
        assertThat(acd.offerFailed("c1", "1002", "cancelled")).isEmpty();
        assertThat(acd.offerFailed("c1", "9999", "who")).isEmpty();
        assertThat(acd.offerFailed("nope", "1002", "unknown call")).isEmpty();
        // 1002 is not resting: the next call rings it
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).containsExactly("1002");
    }

    // ---- the end of a call ----

    @Test
    void aCallerWhoHangsUpWhileWaitingIsAbandonedAndFreesTheRingingAgents() {
        Acd acd = new Acd(List.of(withMaxWait(queue("q", Strategy.RING_ALL, Duration.ZERO,
                member("1001"), member("1002")), Duration.ofSeconds(60))), clock);
        List<AcdCommand> out = acd.enqueue("c1", "q", Requirements.NONE);
        assertThat(out).contains(new StartTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1"), Duration.ofSeconds(60)));
        assertThat(offeredTo(out)).containsExactly("1001", "1002");

        assertThat(acd.callEnded("c1")).containsExactlyInAnyOrder(new CancelOffer("c1", "1001", WITHDRAWN),
                new CancelOffer("c1", "1002", WITHDRAWN), new CancelTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1")));
        assertThat(acd.view().agentState("1001")).contains(AgentState.AVAILABLE);
        assertThat(acd.view().agentState("1002")).contains(AgentState.AVAILABLE);
        assertThat(acd.view().waitingIn("q")).isEmpty();
        assertThat(acd.view().stats("q").abandoned()).isEqualTo(1);
        assertThat(acd.view().stats("q").offered()).isEqualTo(1);
        // the max-wait timer, fired anyway, and a second hang-up change nothing
        clock.advance(Duration.ofSeconds(60));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1"))).isEmpty();
        assertThat(acd.callEnded("c1")).isEmpty();
        assertThat(acd.view().stats("q").abandoned()).isEqualTo(1);
        assertThat(acd.view().stats("q").overflowed()).isZero();
    }

    @Test
    void afterACallTheAgentWrapsUpUntilItsTimerThenTakesTheNextCall() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ofSeconds(30), member("1001"))),
                clock);
        serve(acd, "c1", "1001");
        assertThat(acd.callEnded("c1"))
                .containsExactly(new StartTimer(new AcdTimer(AcdTimer.Kind.WRAP_UP, "1001"), Duration.ofSeconds(30)));
        assertThat(acd.view().agentState("1001")).contains(AgentState.WRAP_UP);
        assertThat(acd.view().agentCall("1001")).isEmpty();
        assertThat(acd.enqueue("c2", "q", Requirements.NONE)).containsExactly(new Queued("c2", "q", 1, false));

        clock.advance(Duration.ofSeconds(30));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.WRAP_UP, "1001")))
                .containsExactly(new Offer("c2", "q", "1001", RING));
        assertThat(acd.view().agentState("1001")).contains(AgentState.RESERVED);
        // the same timer again is stale
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.WRAP_UP, "1001"))).isEmpty();
        assertThat(acd.view().agentState("1001")).contains(AgentState.RESERVED);
    }

    @Test
    void withNoWrapUpTheAgentTakesTheNextCallAtOnce() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001"))), clock);
        serve(acd, "c1", "1001");
        acd.enqueue("c2", "q", Requirements.NONE);
        assertThat(acd.callEnded("c1")).containsExactly(new Offer("c2", "q", "1001", RING));
        assertThat(acd.view().agentCall("1001")).contains("c2");
    }

    // ---- max wait and overflow ----

    @Test
    void aCallerWhoWaitsTooLongOverflowsAndItsOfferIsCancelled() {
        Acd acd = new Acd(List.of(withMaxWait(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001")),
                Duration.ofSeconds(30))), clock);
        assertThat(acd.enqueue("c1", "q", Requirements.NONE)).containsExactly(new Queued("c1", "q", 1, false),
                new StartTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1"), Duration.ofSeconds(30)),
                new Offer("c1", "q", "1001", RING));
        clock.advance(Duration.ofSeconds(30));

        List<AcdCommand> out = acd.timerFired(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1"));
        assertThat(out).contains(new CancelOffer("c1", "1001", WITHDRAWN),
                new Overflow("c1", "q", OVERFLOW, "waited 30 s"));
        assertThat(acd.view().agentState("1001")).contains(AgentState.AVAILABLE);
        assertThat(acd.view().waitingIn("q")).isEmpty();
        QueueStats stats = acd.view().stats("q");
        assertThat(stats.overflowed()).isEqualTo(1);
        assertThat(stats.waiting()).isZero();
        // the cancelled offer's failure comes late: ignored, 1001 does not rest
        assertThat(acd.offerFailed("c1", "1001", "cancelled")).isEmpty();
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).containsExactly("1001");
    }

    @Test
    void anAnswerCancelsTheMaxWaitTimer() {
        Acd acd = new Acd(List.of(withMaxWait(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001")),
                Duration.ofSeconds(30))), clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        assertThat(acd.offerAnswered("c1", "1001"))
                .containsExactly(new CancelTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1")));
        clock.advance(Duration.ofSeconds(30));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1"))).isEmpty();
        assertThat(acd.view().agentState("1001")).contains(AgentState.ON_CALL);
    }

    @Test
    void anAnswerCrossingTheOverflowKeepsTheAgentOnTheCall() {
        Acd acd = new Acd(List.of(withMaxWait(queue("q", Strategy.LONGEST_IDLE, Duration.ofSeconds(5),
                member("1001")), Duration.ofSeconds(30))), clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        clock.advance(Duration.ofSeconds(30));
        acd.timerFired(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1"));

        assertThat(acd.offerAnswered("c1", "1001")).isEmpty();
        assertThat(acd.view().agentState("1001")).contains(AgentState.ON_CALL);
        assertThat(acd.callEnded("c1"))
                .containsExactly(new StartTimer(new AcdTimer(AcdTimer.Kind.WRAP_UP, "1001"), Duration.ofSeconds(5)));
        assertThat(acd.view().stats("q").answered()).as("counted as overflowed, not answered").isZero();
    }

    @Test
    void anAnswerCrossingTheOverflowWithdrawsTheAgentsNewOffer() {
        Acd acd = new Acd(List.of(withMaxWait(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001"),
                member("1002")), Duration.ofSeconds(30))), clock);
        serve(acd, "c0", "1001");
        acd.enqueue("c1", "q", Requirements.NONE); // rings 1002
        clock.advance(Duration.ofSeconds(1));
        acd.enqueue("c2", "q", Requirements.NONE); // waits
        clock.advance(Duration.ofSeconds(29));
        // c1 overflows; 1002, free again, is offered c2 at once
        assertThat(offeredTo(acd.timerFired(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1")))).containsExactly("1002");

        // ...but 1002 had answered c1 already: the engine keeps 1002 on c1, so c2's offer is withdrawn
        assertThat(acd.offerAnswered("c1", "1002")).containsExactly(new CancelOffer("c2", "1002", WITHDRAWN));
        assertThat(acd.view().agentState("1002")).contains(AgentState.ON_CALL);
        assertThat(acd.view().agentCall("1002")).contains("c1");
        assertThat(acd.view().ringingFor("c2")).isEmpty();
        // and c2 goes to the next free agent
        assertThat(acd.callEnded("c0")).containsExactly(new Offer("c2", "q", "1001", RING));
    }

    @Test
    void aSecondAnswerToARingAllCallKeepsTheFirstAgentOnIt() {
        Acd acd = new Acd(List.of(queue("q", Strategy.RING_ALL, Duration.ZERO, member("1001"), member("1002"))),
                clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        acd.offerAnswered("c1", "1001"); // cancels 1002's offer
        // 1002's answer crossed the cancel: ignored, the call is 1001's
        assertThat(acd.offerAnswered("c1", "1002")).isEmpty();
        assertThat(acd.view().agentState("1002")).contains(AgentState.AVAILABLE);
        acd.callEnded("c1");
        assertThat(acd.view().agentState("1001")).contains(AgentState.AVAILABLE);
        assertThat(offeredTo(acd.enqueue("c2", "q", Requirements.NONE))).containsExactly("1001", "1002");
    }

    @Test
    void aCallAskingForSkillsNobodyHasOverflowsAtOnce() {
        Acd acd = new Acd(List.of(withMaxWait(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO,
                member("1001", Map.of("suporte", 3))), Duration.ofSeconds(30))), clock);
        assertThat(acd.enqueue("c1", "q", needs(Map.of("suporte", 4)))).containsExactly(
                new Overflow("c1", "q", OVERFLOW, "no agent has the skills asked for"));
        assertThat(acd.enqueue("c2", "q", new Requirements(Map.of(), 0, Optional.of("fr")))).containsExactly(
                new Overflow("c2", "q", OVERFLOW, "no agent has the skills asked for"));
        assertThat(acd.view().agentState("1001")).contains(AgentState.AVAILABLE);
        QueueStats stats = acd.view().stats("q");
        assertThat(stats.offered()).isEqualTo(2);
        assertThat(stats.overflowed()).isEqualTo(2);
        assertThat(stats.waiting()).isZero();
    }

    @Test
    void withoutOverflowACallAskingForSkillsNobodyHasIsTakenByAnyMember() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LINEAR, Duration.ZERO,
                member("1001", Map.of("suporte", 3)), member("1002"))), clock);
        serve(acd, "c0", "1001");
        assertThat(acd.enqueue("c1", "q", needs(Map.of("frances", 1)))).containsExactly(
                new Queued("c1", "q", 1, true), new Offer("c1", "q", "1002", RING));
        // a call some member could take is not relaxed, and waits for that member
        assertThat(acd.enqueue("c2", "q", needs(Map.of("suporte", 1)))).containsExactly(
                new Queued("c2", "q", 2, false));
    }

    // ---- figures ----

    @Test
    void statsCountTheCallsAndTheirWaits() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001"))), clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        clock.advance(Duration.ofSeconds(4));
        acd.offerAnswered("c1", "1001"); // waited 4 s
        acd.enqueue("c2", "q", Requirements.NONE);
        clock.advance(Duration.ofSeconds(3));
        acd.callEnded("c1");
        clock.advance(Duration.ofSeconds(7));
        acd.offerAnswered("c2", "1001"); // waited 10 s
        acd.enqueue("c3", "q", Requirements.NONE);
        clock.advance(Duration.ofSeconds(5));
        acd.enqueue("c4", "q", Requirements.NONE);
        clock.advance(Duration.ofSeconds(1));

        QueueStats waiting = acd.view().stats("q");
        assertThat(waiting.waiting()).isEqualTo(2);
        assertThat(waiting.longestWaiting()).isEqualTo(Duration.ofSeconds(6));

        acd.callEnded("c3");
        QueueStats stats = acd.view().stats("q");
        assertThat(stats).isEqualTo(new QueueStats("q", 4, 2, 1, 0, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(7), Duration.ofSeconds(10), 0, 2, 0, QueueConfig.Thresholds.DEFAULTS));
        assertThat(stats.offered()).isEqualTo(stats.answered() + stats.abandoned() + stats.overflowed()
                + stats.waiting());
    }

    @Test
    void aQueueWithNoCallsHasZeroFigures() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001"))), clock);
        assertThat(acd.view().stats("q")).isEqualTo(new QueueStats("q", 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO));
        assertThatThrownBy(() -> acd.view().stats("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acd.enqueue("c1", "nope", Requirements.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCallEnqueuedTwiceIsCountedOnce() {
        Acd acd = new Acd(List.of(queue("q", Strategy.LONGEST_IDLE, Duration.ZERO, member("1001"))), clock);
        acd.enqueue("c1", "q", Requirements.NONE);
        assertThat(acd.enqueue("c1", "q", Requirements.NONE)).isEmpty();
        acd.offerAnswered("c1", "1001");
        assertThat(acd.enqueue("c1", "q", Requirements.NONE)).isEmpty();
        assertThat(acd.view().stats("q").offered()).isEqualTo(1);
    }

    // ---- requirements from call variables ----

    @Test
    void requirementsReadSkillsPriorityAndLanguage() {
        Requirements.Parsed parsed = Requirements.from(Map.of("skills", "Suporte:3, es", "priority", " 7 ",
                "language", " PT-BR "));
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.requirements()).isEqualTo(new Requirements(Map.of("suporte", 3, "es", 1), 7,
                Optional.of("pt-br")));
        assertThat(Requirements.from(Map.of())).isEqualTo(new Requirements.Parsed(Requirements.NONE, List.of()));
        assertThat(Requirements.from(Map.of("language", "  ")).requirements().language()).isEmpty();
    }

    @Test
    void badSkillsAreLeftOutAndReported() {
        for (String bad : List.of("suporte:11", "suporte:0", "su porte", "a,,b", "es, ES")) {
            Requirements.Parsed parsed = Requirements.from(Map.of("skills", bad, "priority", "2"));
            assertThat(parsed.requirements().skills()).as(bad).isEmpty();
            assertThat(parsed.requirements().priority()).as(bad).isEqualTo(2);
            assertThat(parsed.problems()).as(bad).singleElement().asString().contains("skills", bad);
        }
    }

    @Test
    void aPriorityOutOfRangeIsClampedAndAnUnreadableOneIgnored() {
        Requirements.Parsed high = Requirements.from(Map.of("priority", "150"));
        assertThat(high.requirements().priority()).isEqualTo(100);
        assertThat(high.problems()).singleElement().asString().contains("150", "100 used");

        Requirements.Parsed low = Requirements.from(Map.of("priority", "-5"));
        assertThat(low.requirements().priority()).isZero();
        assertThat(low.problems()).singleElement().asString().contains("-5", "0 used");

        Requirements.Parsed word = Requirements.from(Map.of("priority", "high", "skills", "vendas"));
        assertThat(word.requirements()).isEqualTo(new Requirements(Map.of("vendas", 1), 0, Optional.empty()));
        assertThat(word.problems()).singleElement().asString().contains("high", "not a number");

        assertThatThrownBy(() -> new Requirements(Map.of(), 101, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private static QueueConfig queue(String name, Strategy strategy, Duration wrapUp, Member... members) {
        return new QueueConfig(name, List.of(members), strategy, RING, Optional.empty(), Optional.empty(), wrapUp,
                List.of(), Optional.empty());
    }

    private static QueueConfig withMaxWait(QueueConfig q, Duration maxWait) {
        return new QueueConfig(q.name(), q.members(), q.strategy(), q.ringTimeout(), Optional.of(maxWait),
                Optional.of(OVERFLOW), q.wrapUp(), q.hold(), q.survey());
    }

    private static Member member(String extension) {
        return new Member(extension, Map.of());
    }

    private static Member member(String extension, Map<String, Integer> skills) {
        return new Member(extension, skills);
    }

    private static Requirements needs(Map<String, Integer> skills) {
        return new Requirements(skills, 0, Optional.empty());
    }

    private static Requirements priority(int priority) {
        return new Requirements(Map.of(), priority, Optional.empty());
    }

    private static List<String> offeredTo(List<AcdCommand> out) {
        return out.stream().filter(Offer.class::isInstance).map(c -> ((Offer) c).agent()).toList();
    }

    /** Queues a call in "q" that is offered to {@code agent} and answered. */
    private static void serve(Acd acd, String callId, String agent) {
        serve(acd, callId, agent, "q");
    }

    private static void serve(Acd acd, String callId, String agent, String queue) {
        assertThat(offeredTo(acd.enqueue(callId, queue, Requirements.NONE))).containsExactly(agent);
        acd.offerAnswered(callId, agent);
        assertThat(acd.view().agentState(agent)).contains(AgentState.ON_CALL);
    }
}
