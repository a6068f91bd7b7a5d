package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AcdCommand.AgentChanged;
import org.atende.acd.AcdCommand.CancelOffer;
import org.atende.acd.AcdCommand.Offer;
import org.atende.acd.AgentResult.Outcome;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.FeatureCodes;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Strategy;
import org.junit.jupiter.api.Test;

/** Agents who log in anywhere, pause with reasons, and are paused after missed offers. */
class AcdAgentsTest {

    private static final Duration RING = Duration.ofSeconds(15);
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00Z"));

    private static final PauseReason ALMOCO = new PauseReason("almoco", "Almoço", false, Optional.of("1"));
    private static final PauseReason TREINO = new PauseReason("treinamento", "Treinamento", true, Optional.of("2"));

    private static QueueConfig queue(String name, Duration wrapUp, int maxNoAnswer) {
        return new QueueConfig(name, List.of(), Strategy.LINEAR, RING, Optional.empty(), Optional.empty(), wrapUp,
                List.of(), Optional.empty(), Optional.empty(), maxNoAnswer);
    }

    private static AgentConfig agent(String id, Map<String, Integer> queues) {
        return new AgentConfig(id, "Agent " + id, "7391", Map.of(), queues, Optional.empty(), Optional.empty());
    }

    private Acd acd(int maxNoAnswer, AgentConfig... agents) {
        return new Acd(List.of(queue("suporte", Duration.ofSeconds(10), maxNoAnswer),
                queue("geral", Duration.ZERO, maxNoAnswer)),
                new AgentsConfig(List.of(agents), Map.of("almoco", ALMOCO, "treinamento", TREINO),
                        FeatureCodes.DEFAULTS), clock, new SplittableRandom(1));
    }

    private static List<Offer> offers(List<AcdCommand> out) {
        return out.stream().filter(Offer.class::isInstance).map(Offer.class::cast).toList();
    }

    @Test
    void onlyLoggedInAgentsRingAndTheyRingWhereTheyAre() {
        Acd acd = acd(3, agent("2001", Map.of("suporte", 0)), agent("2002", Map.of("suporte", 0)));
        assertThat(acd.view().agentState("2001")).contains(AgentState.LOGGED_OUT);
        assertThat(offers(acd.enqueue("c1", "suporte", Requirements.NONE))).isEmpty();

        AgentResult login = acd.login("2002", "1005", "test");
        assertThat(login.outcome()).isEqualTo(Outcome.DONE);
        assertThat(offers(login.commands())).containsExactly(new Offer("c1", "suporte", "2002", "1005", RING));
        assertThat(login.commands()).contains(new AgentChanged("2002", AgentState.AVAILABLE, null, "1005",
                PendingChange.NONE, "test"));
        assertThat(acd.view().agentState("2002")).contains(AgentState.RESERVED);
        assertThat(acd.view().agentAt("1005")).contains("2002");
        assertThat(acd.view().agentAt("1001")).isEmpty();
    }

    @Test
    void loggingInElsewhereMovesTheAgentAndAForgottenLoginIsReplaced() {
        Acd acd = acd(3, agent("2001", Map.of("suporte", 0)), agent("2002", Map.of("suporte", 0)));
        acd.login("2001", "1001", "test");
        assertThat(acd.login("2001", "1001", "test").outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(acd.login("2001", "1003", "hot desk").outcome()).isEqualTo(Outcome.DONE);
        assertThat(acd.view().agentAt("1001")).isEmpty();
        assertThat(acd.view().agentAt("1003")).contains("2001");
        assertThat(offers(acd.enqueue("c1", "suporte", Requirements.NONE))).singleElement()
                .extracting(Offer::extension).isEqualTo("1003");
        acd.offerAnswered("c1", "2001");

        // 2001 talks at 1003: 2002 cannot take that desk now, and 2001 cannot move during the call
        assertThat(acd.login("2002", "1003", "test").outcome()).isEqualTo(Outcome.EXTENSION_TAKEN);
        assertThat(acd.login("2001", "1004", "test").outcome()).isEqualTo(Outcome.BUSY);
        acd.callEnded("c1");
        clock.advance(Duration.ofSeconds(10));
        acd.timerFired(new AcdTimer(AcdTimer.Kind.WRAP_UP, "2001"));
        // the next shift sits down at 1003: the one who forgot to log out is logged out
        AgentResult next = acd.login("2002", "1003", "test");
        assertThat(next.outcome()).isEqualTo(Outcome.DONE);
        assertThat(acd.view().agentState("2001")).contains(AgentState.LOGGED_OUT);
        assertThat(acd.view().agentAt("1003")).contains("2002");
    }

    @Test
    void aPauseOrLogoutDuringACallWaitsForTheCallAndItsWrapUp() {
        Acd acd = acd(3, agent("2001", Map.of("suporte", 0)));
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.offerAnswered("c1", "2001");
        AgentResult pause = acd.pause("2001", "almoco", "feature code");
        assertThat(pause.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(acd.view().agentState("2001")).contains(AgentState.ON_CALL);
        assertThat(acd.view().agentStatus("2001").orElseThrow().pending()).isEqualTo(PendingChange.PAUSE);
        acd.callEnded("c1");
        assertThat(acd.view().agentState("2001")).contains(AgentState.WRAP_UP);
        clock.advance(Duration.ofSeconds(10));
        List<AcdCommand> out = acd.timerFired(new AcdTimer(AcdTimer.Kind.WRAP_UP, "2001"));
        assertThat(out).contains(new AgentChanged("2001", AgentState.PAUSED, "almoco", "1001", PendingChange.NONE,
                "asked for during the call"));
        assertThat(acd.view().agentStatus("2001").orElseThrow().reason()).contains("almoco");
        assertThat(offers(acd.enqueue("c2", "suporte", Requirements.NONE))).isEmpty();

        assertThat(acd.unpause("2001", "test").outcome()).isEqualTo(Outcome.DONE);
        assertThat(acd.view().agentState("2001")).contains(AgentState.RESERVED);
        acd.offerAnswered("c2", "2001");
        assertThat(acd.logout("2001", "test").outcome()).isEqualTo(Outcome.PENDING);
        acd.callEnded("c2");
        clock.advance(Duration.ofSeconds(10));
        acd.timerFired(new AcdTimer(AcdTimer.Kind.WRAP_UP, "2001"));
        assertThat(acd.view().agentState("2001")).contains(AgentState.LOGGED_OUT);
        assertThat(acd.view().agentAt("1001")).isEmpty();
    }

    @Test
    void unpausingDuringTheCallDropsThePendingPause() {
        Acd acd = acd(3, agent("2001", Map.of("geral", 0)));
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "geral", Requirements.NONE);
        acd.offerAnswered("c1", "2001");
        acd.pause("2001", "pausa", "test");
        assertThat(acd.unpause("2001", "test").outcome()).isEqualTo(Outcome.DONE);
        acd.callEnded("c1"); // geral has no wrap-up
        assertThat(acd.view().agentState("2001")).contains(AgentState.AVAILABLE);
    }

    @Test
    void pausingWhileAnOfferRingsWithdrawsItAndTheCallGoesOn() {
        Acd acd = acd(3, agent("2001", Map.of("suporte", 0)), agent("2002", Map.of("suporte", 1)));
        acd.login("2001", "1001", "test");
        acd.login("2002", "1002", "test");
        assertThat(offers(acd.enqueue("c1", "suporte", Requirements.NONE))).extracting(Offer::agent)
                .containsExactly("2001"); // penalty 0 first
        AgentResult pause = acd.pause("2001", "almoco", "test");
        assertThat(pause.commands()).contains(new CancelOffer("c1", "2001", CancelOffer.Why.WITHDRAWN));
        assertThat(offers(pause.commands())).extracting(Offer::agent).containsExactly("2002");

        // 2001's 200 OK crossed the CANCEL: they talk on c1 now and the pause waits for its end
        acd.offerAnswered("c1", "2001");
        assertThat(acd.view().agentState("2001")).contains(AgentState.ON_CALL);
        assertThat(acd.view().agentStatus("2001").orElseThrow().pending()).isEqualTo(PendingChange.PAUSE);
        assertThat(acd.view().agentState("2002")).contains(AgentState.AVAILABLE);
    }

    @Test
    void aHigherPenaltyIsOfferedOnlyWhenNobodyWithALowerOneIsFree() {
        Acd acd = acd(3, agent("2001", Map.of("suporte", 2)), agent("2002", Map.of("suporte", 0)));
        acd.login("2001", "1001", "test");
        acd.login("2002", "1002", "test");
        assertThat(offers(acd.enqueue("c1", "suporte", Requirements.NONE))).extracting(Offer::agent)
                .containsExactly("2002");
        assertThat(offers(acd.enqueue("c2", "suporte", Requirements.NONE))).extracting(Offer::agent)
                .containsExactly("2001");
    }

    @Test
    void missedOffersInARowPauseTheAgentWithReasonNoAnswer() {
        Acd acd = acd(2, agent("2001", Map.of("geral", 0)));
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "geral", Requirements.NONE);
        List<AcdCommand> first = acd.offerFailed("c1", "2001", "480");
        assertThat(acd.view().agentState("2001")).contains(AgentState.AVAILABLE);
        assertThat(first).contains(new AcdCommand.StartTimer(new AcdTimer(AcdTimer.Kind.REST, "2001"), RING));
        clock.advance(RING);
        assertThat(offers(acd.timerFired(new AcdTimer(AcdTimer.Kind.REST, "2001")))).hasSize(1);
        List<AcdCommand> second = acd.offerFailed("c1", "2001", "no answer in 15 s");
        assertThat(second).contains(new AgentChanged("2001", AgentState.PAUSED, "no_answer", "1001",
                PendingChange.NONE, "2 offers missed in a row (last: no answer in 15 s)"));
        AgentStatus s = acd.view().agentStatus("2001").orElseThrow();
        assertThat(s.state()).isEqualTo(AgentState.PAUSED);
        assertThat(s.reason()).contains("no_answer");
        assertThat(s.today().missed()).isEqualTo(2);
        assertThat(s.today().offered()).isEqualTo(2);

        // unpaused, the count starts again: one more miss only rests
        acd.unpause("2001", "test");
        acd.offerFailed("c1", "2001", "486");
        assertThat(acd.view().agentState("2001")).contains(AgentState.AVAILABLE);
    }

    @Test
    void anAgentsDayAddsUpToTheTimeElapsed() {
        Acd acd = acd(3, agent("2001", Map.of("suporte", 0)));
        clock.advance(Duration.ofMinutes(5)); // logged out
        acd.login("2001", "1001", "test");
        clock.advance(Duration.ofMinutes(2)); // available
        acd.enqueue("c1", "suporte", Requirements.NONE);
        clock.advance(Duration.ofSeconds(6)); // reserved
        acd.offerAnswered("c1", "2001");
        clock.advance(Duration.ofMinutes(4)); // on call
        acd.callEnded("c1");
        clock.advance(Duration.ofSeconds(10)); // wrap-up
        acd.timerFired(new AcdTimer(AcdTimer.Kind.WRAP_UP, "2001"));
        acd.pause("2001", "almoco", "test");
        clock.advance(Duration.ofMinutes(30));
        acd.pause("2001", "treinamento", "test");
        clock.advance(Duration.ofMinutes(20));

        AgentDayStats day = acd.view().agentStatus("2001").orElseThrow().today();
        assertThat(day.inState()).containsEntry(AgentState.LOGGED_OUT, Duration.ofMinutes(5))
                .containsEntry(AgentState.AVAILABLE, Duration.ofMinutes(2))
                .containsEntry(AgentState.RESERVED, Duration.ofSeconds(6))
                .containsEntry(AgentState.ON_CALL, Duration.ofMinutes(4))
                .containsEntry(AgentState.WRAP_UP, Duration.ofSeconds(10))
                .containsEntry(AgentState.PAUSED, Duration.ofMinutes(50));
        assertThat(day.pausedBy()).containsEntry("almoco", Duration.ofMinutes(30))
                .containsEntry("treinamento", Duration.ofMinutes(20));
        assertThat(day.unproductive()).isEqualTo(Duration.ofMinutes(30));
        assertThat(day.talked()).isEqualTo(Duration.ofMinutes(4));
        assertThat(day.answered()).isEqualTo(1);
        Duration total = day.inState().values().stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(total).isEqualTo(Duration.between(Instant.parse("2026-12-02T10:00:00Z"), clock.instant()));
    }

    @Test
    void aDayEndsAtMidnightInTheClocksZone() {
        TestClock late = new TestClock(Instant.parse("2026-12-02T23:50:00Z"));
        Acd acd = new Acd(List.of(queue("geral", Duration.ZERO, 3)), new AgentsConfig(
                List.of(agent("2001", Map.of("geral", 0))), Map.of(), FeatureCodes.DEFAULTS), late,
                new SplittableRandom(1));
        acd.login("2001", "1001", "test");
        late.advance(Duration.ofMinutes(25));
        AgentDayStats day = acd.view().agentStatus("2001").orElseThrow().today();
        assertThat(day.day()).hasToString("2026-12-03");
        assertThat(day.inState()).containsEntry(AgentState.AVAILABLE, Duration.ofMinutes(15))
                .containsEntry(AgentState.LOGGED_OUT, Duration.ZERO);
    }

    @Test
    void staticMembersAreAlwaysLoggedInAndMayPause() {
        Acd acd = new Acd(List.of(new QueueConfig("q", List.of(new QueueConfig.Member("1001", Map.of())),
                Strategy.LINEAR, RING, Optional.empty(), Optional.empty(), Duration.ZERO, List.of(),
                Optional.empty())), clock);
        assertThat(acd.view().agentState("1001")).contains(AgentState.AVAILABLE);
        assertThat(acd.logout("1001", "test").outcome()).isEqualTo(Outcome.STATIC_MEMBER);
        assertThat(acd.pause("1001", "pausa", "test").outcome()).isEqualTo(Outcome.DONE);
        assertThat(offers(acd.enqueue("c1", "q", Requirements.NONE))).isEmpty();
        assertThat(offers(acd.unpause("1001", "test").commands())).hasSize(1);
        assertThat(acd.login("9999", "1001", "test").outcome()).isEqualTo(Outcome.UNKNOWN_AGENT);
    }

    @Test
    void aDayCountsNoTimeOfTheDayBeforeWhenItsFirstEventAfterMidnightIsAnOffer() {
        TestClock late = new TestClock(Instant.parse("2026-12-02T23:50:00Z"));
        Acd acd = new Acd(List.of(queue("geral", Duration.ZERO, 3)), new AgentsConfig(
                List.of(agent("2001", Map.of("geral", 0))), Map.of(), FeatureCodes.DEFAULTS), late,
                new SplittableRandom(1));
        acd.login("2001", "1001", "test");
        late.advance(Duration.ofMinutes(15));
        acd.enqueue("c1", "geral", Requirements.NONE); // offered at 00:05, available since 23:50
        AgentDayStats day = acd.view().agentStatus("2001").orElseThrow().today();
        assertThat(day.day()).hasToString("2026-12-03");
        assertThat(day.offered()).isEqualTo(1);
        assertThat(day.inState()).containsEntry(AgentState.AVAILABLE, Duration.ofMinutes(5))
                .containsEntry(AgentState.RESERVED, Duration.ZERO);
    }

    @Test
    void atMidnightSharpTheDayReadIsTheNewOne() {
        TestClock late = new TestClock(Instant.parse("2026-12-02T23:59:46Z"));
        Acd acd = new Acd(List.of(queue("geral", Duration.ZERO, 3)), new AgentsConfig(
                List.of(agent("2001", Map.of("geral", 0))), Map.of(), FeatureCodes.DEFAULTS), late,
                new SplittableRandom(1));
        late.advance(Duration.ofSeconds(14));
        AgentDayStats day = acd.view().agentStatus("2001").orElseThrow().today();
        assertThat(day.day()).hasToString("2026-12-03");
        assertThat(day.loggedIn().plus(day.inState().get(AgentState.LOGGED_OUT))).isZero();
    }

    @Test
    void ringAllKeepsToThePenaltyOfTheMembersItRings() {
        Acd acd = new Acd(List.of(new QueueConfig("vendas", List.of(), Strategy.RING_ALL, RING, Optional.empty(),
                Optional.empty(), Duration.ZERO, List.of(), Optional.empty(), Optional.empty(), 3)),
                new AgentsConfig(List.of(agent("2001", Map.of("vendas", 0)), agent("2002", Map.of("vendas", 1)),
                        agent("2003", Map.of())), Map.of(), FeatureCodes.DEFAULTS), clock, new SplittableRandom(1));
        acd.login("2001", "1001", "test");
        acd.login("2002", "1002", "test");
        assertThat(offers(acd.enqueue("c1", "vendas", Requirements.NONE))).extracting(Offer::agent)
                .containsExactly("2001");
        // an event that has nothing to do with c1 does not widen its ring to a higher penalty
        assertThat(offers(acd.login("2003", "1003", "test").commands())).isEmpty();
        assertThat(acd.view().ringingFor("c1")).containsExactly("2001");
        // 2001 no longer rings: 2002 is the lowest penalty free
        assertThat(offers(acd.offerFailed("c1", "2001", "480"))).extracting(Offer::agent).containsExactly("2002");
    }

    @Test
    void anAnswerCrossingTheCancelOfAMoveWithdrawsTheOfferMadeAtTheNewDesk() {
        Acd acd = acd(3, agent("2001", Map.of("suporte", 0)), agent("2002", Map.of("suporte", 0)));
        acd.login("2001", "1001", "test");
        acd.enqueue("c1", "suporte", Requirements.NONE);
        acd.enqueue("c2", "suporte", new Requirements(Map.of(), 5, Optional.empty()));
        assertThat(offers(acd.login("2001", "1003", "hot desk").commands())).extracting(Offer::callId)
                .containsExactly("c2");
        // the 200 OK from 1001 crossed the CANCEL of c1: 2001 talks on c1, and c2 no longer rings them
        List<AcdCommand> out = acd.offerAnswered("c1", "2001");
        assertThat(out).contains(new CancelOffer("c2", "2001", CancelOffer.Why.WITHDRAWN));
        assertThat(acd.view().agentCall("2001")).contains("c1");
        assertThat(acd.view().ringingFor("c2")).isEmpty();
        assertThat(offers(acd.login("2002", "1002", "test").commands())).extracting(Offer::agent)
                .containsExactly("2002");
    }
}
