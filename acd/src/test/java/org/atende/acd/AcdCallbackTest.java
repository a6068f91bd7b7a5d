package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdCommand.AgentChanged;
import org.atende.acd.AcdCommand.CallbackFailed;
import org.atende.acd.AcdCommand.CallbackQueued;
import org.atende.acd.AcdCommand.CallbackRefused;
import org.atende.acd.AcdCommand.CallbackRetry;
import org.atende.acd.AcdCommand.CancelOffer;
import org.atende.acd.AcdCommand.CancelTimer;
import org.atende.acd.AcdCommand.Offer;
import org.atende.acd.AcdCommand.Overflow;
import org.atende.acd.AcdCommand.Queued;
import org.atende.acd.AcdCommand.Refused;
import org.atende.acd.AcdCommand.StartTimer;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.FeatureCodes;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Callback;
import org.atende.config.QueueConfig.Limits;
import org.atende.config.QueueConfig.Step;
import org.atende.config.QueueConfig.Strategy;
import org.atende.config.flow.Node;
import org.junit.jupiter.api.Test;

/**
 * Callbacks: a waiting caller asks to be called back and keeps their place; the agent is offered the callback, the
 * customer is dialled, answers or not, and the callback is retried at its old place or given up. Also callbacks
 * restored after a restart, and what a callback is spared: max_wait, overflow steps, the queue's limits.
 */
class AcdCallbackTest {

    private static final Duration RING = Duration.ofSeconds(15);
    private static final Duration RETRY = Duration.ofSeconds(60);
    private static final Duration WRAP_UP = Duration.ofSeconds(5);
    private static final Node.Target OVERFLOW = new Node.Target.Queue("geral");
    private static final String NUMBER = "+5511912345678";
    private static final Callback CALLBACK = new Callback('1', List.of(), Duration.ofSeconds(30), "operadora",
            Optional.empty(), 2, RETRY, Duration.ofSeconds(30), 2);
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00Z"));

    // ---- the request ----

    @Test
    void aCallbackKeepsItsPlaceAndLaterCallersStayBehindIt() {
        Acd acd = acd(suporte());
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.enqueue("c2", "suporte", Requirements.NONE);
        acd.enqueue("c3", "suporte", Requirements.NONE);

        assertThat(acd.callbacks().request("c2", NUMBER)).containsExactly(
                new CallbackQueued("c2", "suporte", NUMBER, 2));
        assertThat(acd.enqueue("c4", "suporte", Requirements.NONE)).containsExactly(
                new Queued("c4", "suporte", 4, false));
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c1", "c2", "c3", "c4");
        assertThat(acd.view().position("c2")).contains(2);
        assertThat(acd.view().position("c3")).contains(3);
        assertThat(acd.callbacks().isCallback("c2")).isTrue();
        assertThat(acd.callbacks().number("c2")).contains(NUMBER);
        assertThat(acd.callbacks().isCallback("c3")).isFalse();
        QueueStats stats = acd.view().stats("suporte");
        assertThat(stats.waiting()).isEqualTo(3); // callers on the line
        assertThat(stats.callbacksRequested()).isEqualTo(1);
        assertThat(stats.callbacksPending()).isEqualTo(1);

        // served in their turn: c1 as a caller, then c2 as a callback
        assertThat(acd.login("2001", "1001", "test").commands()).contains(offer("c1", "2001", false));
        assertThat(acd.login("2002", "1002", "test").commands()).contains(offer("c2", "2002", true));
    }

    @Test
    void askingForACallbackWithdrawsTheRingingOffersWithoutAMissAndOffersItAsOne() {
        Acd acd = acd(suporte());
        acd.login("2001", "1001", "test");
        assertThat(acd.enqueue("c1", "suporte", Requirements.NONE)).contains(offer("c1", "2001", false));

        assertThat(acd.callbacks().request("c1", NUMBER)).containsExactly(
                new CancelOffer("c1", "2001", CancelOffer.Why.WITHDRAWN),
                new CallbackQueued("c1", "suporte", NUMBER, 1),
                offer("c1", "2001", true));
        assertThat(acd.view().agentStatus("2001").orElseThrow().missedInARow()).isZero();
        assertThat(acd.callbacks().request("c1", NUMBER)).as("a callback already").isEmpty();
        assertThat(acd.callbacks().request("nada", NUMBER)).as("no such call").isEmpty();
    }

    @Test
    void aQueueWithoutCallbacksIgnoresTheRequest() {
        Acd acd = acd(suporte().withCallback(Optional.empty()));
        acd.enqueue("c1", "suporte", Requirements.NONE);
        assertThat(acd.callbacks().request("c1", NUMBER)).isEmpty();
        assertThat(acd.callbacks().isCallback("c1")).isFalse();
    }

    @Test
    void beyondMaxPendingTheCallerIsRefusedAndGoesOnWaiting() {
        Acd acd = acd(suporte());
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.enqueue("c2", "suporte", Requirements.NONE);
        acd.enqueue("c3", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        acd.callbacks().request("c2", NUMBER);

        assertThat(acd.callbacks().request("c3", NUMBER)).containsExactly(
                new CallbackRefused("c3", "suporte", "callback.max_pending 2 reached"));
        assertThat(acd.callbacks().isCallback("c3")).isFalse();
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c1", "c2", "c3");
        assertThat(acd.callEnded("c3")).isEmpty();
        assertThat(acd.view().stats("suporte").abandoned()).as("a caller on the line abandons").isEqualTo(1);
    }

    @Test
    void aRefusedRequestOffersNothingEvenToAnAgentWhoseRestIsOverByTheClock() {
        Acd acd = acd(suporte());
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.offerFailed("c1", "2001", "no answer"); // 2001 rests for the ring timeout
        acd.enqueue("c2", "suporte", Requirements.NONE);
        acd.enqueue("c3", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        acd.callbacks().request("c2", NUMBER);
        clock.advance(RING);

        assertThat(acd.callbacks().request("c3", NUMBER)).containsExactly(
                new CallbackRefused("c3", "suporte", "callback.max_pending 2 reached"));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"))).as("stale").isEmpty();
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.REST, "2001"))).containsExactly(
                offer("c1", "2001", true));
    }

    // ---- the agent and the customer ----

    @Test
    void aCallbackAnsweredByItsCustomerIsCountedAsSuchAndEndsLikeAnyQueueCall() {
        Acd acd = acd(suporte());
        acd.login("2001", "1001", "test");
        acd.otherCall("1001", true);
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        clock.advance(Duration.ofSeconds(100));
        acd.otherCall("1001", false);

        assertThat(acd.offerAnswered("c1", "2001")).isEmpty();
        assertThat(acd.view().agentState("2001")).contains(AgentState.ON_CALL);
        assertThat(acd.view().stats("suporte").answered()).as("not a caller answered").isZero();
        assertThat(acd.view().stats("suporte").callbacksPending()).as("being dialled").isEqualTo(1);
        assertThat(acd.callbacks().answered("c1")).isEmpty();
        QueueStats stats = acd.view().stats("suporte");
        assertThat(stats.callbacksAnswered()).isEqualTo(1);
        assertThat(stats.callbacksPending()).isZero();
        assertThat(stats.averageAnswer()).isZero();

        assertThat(acd.callEnded("c1")).containsExactly(
                new StartTimer(new AcdTimer(AcdTimer.Kind.WRAP_UP, "2001"), WRAP_UP));
        assertThat(acd.view().agentState("2001")).contains(AgentState.WRAP_UP);
        assertThat(acd.callbacks().isCallback("c1")).isFalse();
    }

    @Test
    void anAttemptThatReachesNobodyFreesTheAgentAtOnceAndRetriesAtTheOldPlace() {
        Acd acd = acd(suporte());
        acd.login("2001", "1001", "test");
        acd.otherCall("1001", true);
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        acd.otherCall("1001", false);
        acd.offerAnswered("c1", "2001");

        assertThat(acd.callbacks().failed("c1", "busy")).containsExactly(
                new CallbackRetry("c1", "suporte", 1, RETRY, "busy"),
                new StartTimer(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"), RETRY));
        assertThat(acd.view().agentState("2001")).as("nothing to wrap up").contains(AgentState.AVAILABLE);
        assertThat(acd.callbacks().attempts("c1")).contains(1);
        assertThat(acd.view().stats("suporte").callbacksPending()).isEqualTo(1);
        assertThat(acd.view().waitingIn("suporte")).as("not offered before its time").isEmpty();

        acd.otherCall("1001", true);
        acd.enqueue("c2", "suporte", Requirements.NONE);
        clock.advance(RETRY.minusSeconds(1));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"))).as("early").isEmpty();
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c2");
        clock.advance(Duration.ofSeconds(1));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"))).isEmpty();
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c1", "c2");
        assertThat(acd.view().position("c2")).contains(2);

        acd.otherCall("1001", false);
        acd.offerAnswered("c1", "2001");
        assertThat(acd.callbacks().failed("c1", "no answer")).containsExactly(
                new CallbackFailed("c1", "suporte", 2, "no answer"),
                offer("c2", "2001", false));
        QueueStats stats = acd.view().stats("suporte");
        assertThat(stats.callbacksFailed()).isEqualTo(1);
        assertThat(stats.callbacksPending()).isZero();
        assertThat(acd.callbacks().isCallback("c1")).isFalse();
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"))).as("stale").isEmpty();
    }

    @Test
    void anAttemptOverBeforeTheCustomerWasDialledUsesNoneUp() {
        Acd acd = acd(suporte());
        acd.login("2001", "1001", "test");
        acd.otherCall("1001", true);
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        acd.otherCall("1001", false);
        for (int i = 0; i < 5; i++) {
            acd.offerAnswered("c1", "2001");
            assertThat(acd.callbacks().notDialled("c1", "the agent hung up")).containsExactly(
                    new CallbackRetry("c1", "suporte", 0, RETRY, "the agent hung up"),
                    new StartTimer(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"), RETRY));
            assertThat(acd.view().agentState("2001")).contains(AgentState.AVAILABLE);
            clock.advance(RETRY);
            acd.timerFired(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"));
        }
        assertThat(acd.callbacks().attempts("c1")).contains(0);
        assertThat(acd.view().stats("suporte").callbacksPending()).isEqualTo(1);
    }

    @Test
    void aPauseAskedForDuringTheAttemptAppliesWhenItReachesNobody() {
        Acd acd = acd(suporte());
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        acd.offerAnswered("c1", "2001");
        assertThat(acd.pause("2001", "pausa", "test").outcome()).isEqualTo(AgentResult.Outcome.PENDING);

        assertThat(acd.callbacks().failed("c1", "busy")).contains(new AgentChanged("2001", AgentState.PAUSED, "pausa",
                "1001", PendingChange.NONE, "asked for during the call"));
    }

    @Test
    void theAgentHangingUpWhileTheCustomerIsDialledEndsTheAttempt() {
        Acd acd = acd(suporte());
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        acd.offerAnswered("c1", "2001");

        assertThat(acd.callEnded("c1")).startsWith(new CallbackRetry("c1", "suporte", 1, RETRY, "agent hung up"));
        assertThat(acd.view().agentState("2001")).contains(AgentState.AVAILABLE);
        assertThat(acd.callbacks().failed("c1", "late")).as("not dialled any more").isEmpty();
    }

    @Test
    void theCallerHangingUpAfterAskingIsNoAbandon() {
        Acd acd = acd(suporte());
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);

        assertThat(acd.callEnded("c1")).isEmpty();
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c1");
        assertThat(acd.view().stats("suporte").abandoned()).isZero();
    }

    // ---- cancelled ----

    @Test
    void aSupervisorCancelsAWaitingOrRetryingCallback() {
        Acd acd = acd(suporte());
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER); // rings 2001

        assertThat(acd.callbacks().cancel("c1", "supervisor")).containsExactly(
                new CancelOffer("c1", "2001", CancelOffer.Why.WITHDRAWN),
                new CallbackFailed("c1", "suporte", 0, "supervisor"));
        assertThat(acd.view().waitingIn("suporte")).isEmpty();
        assertThat(acd.view().agentState("2001")).contains(AgentState.AVAILABLE);

        acd.enqueue("c2", "suporte", Requirements.NONE);
        acd.callbacks().request("c2", NUMBER);
        acd.offerAnswered("c2", "2001");
        assertThat(acd.callbacks().cancel("c2", "supervisor")).as("an agent has it").isEmpty();
        acd.callbacks().failed("c2", "busy");
        assertThat(acd.callbacks().cancel("c2", "supervisor")).containsExactly(
                new CancelTimer(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c2")),
                new CallbackFailed("c2", "suporte", 1, "supervisor"));
        assertThat(acd.callbacks().cancel("c2", "supervisor")).isEmpty();
        assertThat(acd.view().stats("suporte").callbacksFailed()).isEqualTo(2);
    }

    // ---- restored ----

    @Test
    void restoredCallbacksKeepTheirOrderAndWaitOutTheirRetryTime() {
        Acd acd = acd(suporte());
        Instant earlier = clock.instant().minusSeconds(300);
        assertThat(acd.callbacks().restore("r1", "suporte", Requirements.NONE, NUMBER, earlier, 0, null))
                .containsExactly(new CallbackQueued("r1", "suporte", NUMBER, 1));
        assertThat(acd.callbacks().restore("r2", "suporte", Requirements.NONE, NUMBER, earlier.plusSeconds(10), 1,
                clock.instant().plusSeconds(30))).containsExactly(
                        new CallbackQueued("r2", "suporte", NUMBER, 2),
                        new StartTimer(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "r2"), Duration.ofSeconds(30)));
        assertThat(acd.enqueue("c1", "suporte", Requirements.NONE)).containsExactly(
                new Queued("c1", "suporte", 2, false));
        assertThat(acd.view().waitingIn("suporte")).containsExactly("r1", "c1");

        clock.advance(Duration.ofSeconds(30));
        acd.timerFired(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "r2"));
        assertThat(acd.view().waitingIn("suporte")).containsExactly("r1", "r2", "c1");
        assertThat(acd.callbacks().attempts("r2")).contains(1);
        QueueStats stats = acd.view().stats("suporte");
        assertThat(stats.offered()).isEqualTo(3);
        assertThat(stats.callbacksRequested()).isEqualTo(2);
        assertThat(stats.longestWaiting()).as("callers only").isEqualTo(Duration.ofSeconds(30));

        acd.login("2001", "1001", "test");
        acd.offerAnswered("r1", "2001");
        acd.callbacks().failed("r1", "busy");
        assertThat(acd.view().waitingIn("suporte")).as("r2 was rung as 2001 came free").containsExactly("r2", "c1");
        assertThat(acd.view().ringingFor("r2")).containsExactly("2001");
    }

    @Test
    void aCallbackRestoredIntoAQueueWithoutCallbacksFails() {
        Acd acd = acd(suporte(), queue("geral", Optional.empty()).withCallback(Optional.empty()));
        assertThat(acd.callbacks().restore("r1", "nada", Requirements.NONE, NUMBER, clock.instant(), 1, null))
                .containsExactly(new CallbackFailed("r1", "nada", 1, "no queue nada"));
        assertThat(acd.callbacks().restore("r2", "geral", Requirements.NONE, NUMBER, clock.instant(), 0, null))
                .containsExactly(new CallbackFailed("r2", "geral", 0, "queue geral has no callback"));
        assertThat(acd.view().stats("geral").offered()).isZero();
    }

    // ---- what a callback is spared ----

    @Test
    void aCallbackOutwaitsMaxWait() {
        Acd acd = acd(queue("suporte", Optional.of(Duration.ofSeconds(60))));
        acd.enqueue("c1", "suporte", Requirements.NONE);

        assertThat(acd.callbacks().request("c1", NUMBER)).containsExactly(
                new CancelTimer(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1")),
                new CallbackQueued("c1", "suporte", NUMBER, 1));
        clock.advance(Duration.ofSeconds(60));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.MAX_WAIT, "c1"))).isEmpty();
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c1");
    }

    @Test
    void aCallbackSkipsOverflowStepsButRelaxesAtItsTimes() {
        Step dropLanguage = new Step(Duration.ofSeconds(10), Map.of(), Set.of(), true, List.of(), Optional.empty());
        Acd acd = acd(suporte().withSteps(List.of(dropLanguage, Step.overflow(Duration.ofSeconds(30), OVERFLOW))));
        acd.enqueue("c1", "suporte", new Requirements(Map.of(), 0, Optional.of("es")));
        acd.enqueue("c2", "suporte", new Requirements(Map.of(), 0, Optional.of("es")));
        acd.callbacks().request("c1", NUMBER);

        clock.advance(Duration.ofSeconds(10));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.STEP, "c1"))).hasSize(2)
                .first().isInstanceOf(AcdCommand.Relaxed.class);
        acd.timerFired(new AcdTimer(AcdTimer.Kind.STEP, "c2"));
        clock.advance(Duration.ofSeconds(20));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.STEP, "c1"))).isEmpty();
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.STEP, "c2"))).containsExactly(
                new Overflow("c2", "suporte", OVERFLOW, "step 2: waited 30 s"));
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c1");
        assertThat(acd.view().step("c1")).contains(2);
    }

    @Test
    void theStepsDueWhileACallbackWasDialledOrRetryingApplyWhenItWaitsAgain() {
        Step dropLanguage = new Step(Duration.ofSeconds(10), Map.of(), Set.of(), true, List.of(), Optional.empty());
        Acd acd = acd(suporte().withSteps(List.of(dropLanguage, Step.overflow(Duration.ofSeconds(90), OVERFLOW))));
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        assertThat(acd.offerAnswered("c1", "2001")).containsExactly(
                new CancelTimer(new AcdTimer(AcdTimer.Kind.STEP, "c1")));
        acd.callbacks().failed("c1", "busy");
        clock.advance(RETRY);

        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"))).containsExactly(
                new AcdCommand.Relaxed("c1", "suporte", 1, dropLanguage.describe()),
                new StartTimer(new AcdTimer(AcdTimer.Kind.STEP, "c1"), Duration.ofSeconds(30)),
                offer("c1", "2001", true));
        clock.advance(Duration.ofSeconds(30));
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.STEP, "c1"))).as("no overflow").isEmpty();
        assertThat(acd.view().ringingFor("c1")).containsExactly("2001");
    }

    @Test
    void aCallbackRingsAllAndAMissedOfferGoesOnToTheNextAgent() {
        QueueConfig ringAll = new QueueConfig("suporte", List.of(), Strategy.RING_ALL, RING, Optional.empty(),
                Optional.empty(), WRAP_UP, List.of(), Optional.empty(), Optional.empty(), 3)
                .withCallback(Optional.of(CALLBACK));
        Acd acd = acd(ringAll);
        acd.login("2001", "1001", "test");
        acd.login("2002", "1002", "test");
        acd.otherCall("1001", true);
        acd.otherCall("1002", true);
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);
        acd.otherCall("1001", false);
        acd.otherCall("1002", false);
        assertThat(acd.view().ringingFor("c1")).containsExactlyInAnyOrder("2001", "2002");

        assertThat(acd.offerAnswered("c1", "2002")).containsExactly(
                new CancelOffer("c1", "2001", CancelOffer.Why.TAKEN_ELSEWHERE));
        acd.callbacks().failed("c1", "busy");
        clock.advance(RETRY);
        acd.otherCall("1002", true);
        assertThat(acd.timerFired(new AcdTimer(AcdTimer.Kind.CALLBACK_RETRY, "c1"))).containsExactly(
                offer("c1", "2001", true));
        acd.otherCall("1002", false);
        acd.offerFailed("c1", "2001", "no answer");
        assertThat(acd.view().ringingFor("c1")).containsExactly("2002");
        assertThat(acd.view().agentStatus("2001").orElseThrow().missedInARow()).isEqualTo(1);
        assertThat(acd.view().estimatedWait("c1")).as("too little history").isEmpty();
    }

    @Test
    void theLastAgentLoggingOutSendsAwayTheCallersButNotTheCallbacks() {
        Acd acd = acd(suporte().withLimits(new Limits(OptionalInt.empty(), false)));
        acd.login("2001", "1001", "test");
        acd.pause("2001", "pausa", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.enqueue("c2", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);

        assertThat(acd.logout("2001", "test").commands()).contains(
                new Refused("c2", "suporte", "the last agent logged out"))
                .noneMatch(c -> c instanceof Refused r && r.callId().equals("c1"));
        assertThat(acd.view().waitingIn("suporte")).containsExactly("c1");
    }

    @Test
    void callbacksDoNotFillTheQueue() {
        Acd acd = acd(suporte().withLimits(new Limits(OptionalInt.of(1), true)));
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.callbacks().request("c1", NUMBER);

        assertThat(acd.enqueue("c2", "suporte", Requirements.NONE)).containsExactly(
                new Queued("c2", "suporte", 2, false));
        assertThat(acd.enqueue("c3", "suporte", Requirements.NONE)).containsExactly(
                new Refused("c3", "suporte", "the queue is full (1 waiting)"));
    }

    // ---- the figures ----

    @Test
    void everyCallOfferedIsAnsweredAbandonedRefusedCalledBackOrWaitingAndEveryCallbackEnds() {
        Acd acd = acd(suporte().withLimits(new Limits(OptionalInt.of(3), true)));
        acd.login("2001", "1001", "test");
        acd.otherCall("1001", true);
        for (int i = 1; i <= 5; i++) {
            acd.enqueue("c" + i, "suporte", Requirements.NONE); // c4 and c5 are refused
        }
        acd.callbacks().request("c1", NUMBER);
        acd.callbacks().request("c2", NUMBER);
        acd.callEnded("c3");                               // abandoned
        acd.otherCall("1001", false);
        acd.offerAnswered("c1", "2001");
        acd.callbacks().answered("c1");
        acd.callEnded("c1");
        acd.callbacks().restore("r1", "suporte", Requirements.NONE, NUMBER, clock.instant(), 0, null);
        acd.enqueue("c6", "suporte", Requirements.NONE);

        QueueStats s = acd.view().stats("suporte");
        assertThat(s.offered()).isEqualTo(7);
        assertThat(s.offered()).isEqualTo(s.answered() + s.abandoned() + s.overflowed() + s.refused()
                + s.callbacksRequested() + s.waiting());
        assertThat(s.callbacksRequested()).isEqualTo(3)
                .isEqualTo(s.callbacksAnswered() + s.callbacksFailed() + s.callbacksPending());
        assertThat(s.waiting()).isEqualTo(1);
        assertThat(s.callbacksPending()).isEqualTo(2);
    }

    // ---- helpers ----

    private static Offer offer(String callId, String agent, boolean callback) {
        return new Offer(callId, "suporte", agent, "100" + agent.charAt(3), RING, callback);
    }

    /** suporte, served by agents 2001 and 2002 (linear), with callbacks: 2 attempts, 60 s apart, 2 pending. */
    private static QueueConfig suporte() {
        return queue("suporte", Optional.empty());
    }

    /** A queue with callbacks, and {@code maxWait} (then overflowing to geral). */
    private static QueueConfig queue(String name, Optional<Duration> maxWait) {
        return new QueueConfig(name, List.of(), Strategy.LINEAR, RING, maxWait, maxWait.map(w -> OVERFLOW),
                WRAP_UP, List.of(), Optional.empty(), Optional.empty(), 3).withCallback(Optional.of(CALLBACK));
    }

    private Acd acd(QueueConfig... queues) {
        List<AgentConfig> people = List.of(agent("2001"), agent("2002"));
        return new Acd(List.of(queues), new AgentsConfig(people, Map.of(), FeatureCodes.DEFAULTS), clock,
                new SplittableRandom(1));
    }

    private static AgentConfig agent(String id) {
        return new AgentConfig(id, "Agent " + id, "7391", Map.of(), Map.of("suporte", 0), Optional.empty(),
                Optional.empty());
    }
}
