package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.atende.acd.AcdCommand.CancelTimer;
import org.atende.acd.AcdCommand.Offer;
import org.atende.acd.AcdCommand.Overflow;
import org.atende.acd.AcdCommand.Queued;
import org.atende.acd.AcdCommand.Relaxed;
import org.atende.acd.AcdCommand.StartTimer;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Step;
import org.atende.config.QueueConfig.Strategy;
import org.atende.config.flow.Node;
import org.junit.jupiter.api.Test;

/** Relaxation steps: what a waiting call asks is relaxed as it waits, and it is offered again. */
class AcdStepsTest {

    private static final Duration RING = Duration.ofSeconds(15);
    private static final Node.Target GERAL = new Node.Target.Queue("geral");
    private final TestClock clock = new TestClock(Instant.parse("2026-12-02T10:00:00Z"));

    @Test
    void aStepAcceptsALowerLevelOnceTheWaitReachesItAndTheCallIsOfferedAgain() {
        Acd acd = new Acd(List.of(queue("suporte", List.of(member("1001", Map.of("suporte", 2)),
                member("1002", Map.of("suporte", 5))), accept(30, "suporte", 2))), clock);
        acd.otherCall("1002", true); // the expert is on another call
        assertThat(acd.enqueue("c1", "suporte", needs(Map.of("suporte", 4)))).containsExactly(
                new Queued("c1", "suporte", 1, false), new StartTimer(step("c1"), Duration.ofSeconds(30)));
        assertThat(acd.view().step("c1")).contains(0);

        clock.advance(Duration.ofSeconds(30));
        assertThat(acd.timerFired(step("c1"))).containsExactly(
                new Relaxed("c1", "suporte", 1, "accept suporte:2"), new Offer("c1", "suporte", "1001", RING));
        assertThat(acd.view().step("c1")).contains(1);
    }

    @Test
    void acceptNeverRaisesALevel() {
        Acd acd = new Acd(List.of(queue("suporte", List.of(member("1001", Map.of("suporte", 1))),
                accept(30, "suporte", 3))), clock);
        acd.otherCall("1001", true);
        acd.enqueue("c1", "suporte", needs(Map.of("suporte", 1)));
        clock.advance(Duration.ofSeconds(30));
        acd.timerFired(step("c1"));
        assertThat(acd.otherCall("1001", false)).containsExactly(new Offer("c1", "suporte", "1001", RING));
    }

    @Test
    void droppingTheLanguageLetsAgentsWhoDoNotSpeakItTakeTheCall() {
        Acd acd = new Acd(List.of(queue("suporte", List.of(member("1001", Map.of("suporte", 3)),
                member("1002", Map.of("suporte", 3, "es", 1))), dropLanguage(90))), clock);
        acd.otherCall("1002", true);
        Requirements spanish = new Requirements(Map.of("suporte", 1), 0, Optional.of("es"));
        assertThat(offeredTo(acd.enqueue("c1", "suporte", spanish))).isEmpty();
        clock.advance(Duration.ofSeconds(90));
        assertThat(acd.timerFired(step("c1"))).containsExactly(new Relaxed("c1", "suporte", 1, "drop language"),
                new Offer("c1", "suporte", "1001", RING));
    }

    @Test
    void dropRemovesASkillAndTheLanguageOfThatNameButDropLanguageKeepsASkillAskedFor() {
        Requirements r = new Requirements(Map.of("es", 2, "suporte", 3), 7, Optional.of("es"));
        Step language = new Step(Duration.ofSeconds(1), Map.of(), Set.of(), true, List.of(), Optional.empty());
        assertThat(Relaxation.relax(r, language).needed()).isEqualTo(Map.of("es", 2, "suporte", 3));
        Step es = new Step(Duration.ofSeconds(1), Map.of(), Set.of("es"), false, List.of(), Optional.empty());
        Requirements dropped = Relaxation.relax(new Requirements(Map.of("suporte", 3), 7, Optional.of("es")), es);
        assertThat(dropped).isEqualTo(new Requirements(Map.of("suporte", 3), 7, Optional.empty()));
    }

    @Test
    void widenLetsAnotherQueuesMembersTakeTheCallWithTheirSkillsThere() {
        QueueConfig suporte = queue("suporte", List.of(member("1001", Map.of("suporte", 3))), widen(60, "geral"));
        // 1001 serves geral without the skill, 1002 has it there; 1003 in geral lacks it
        QueueConfig geral = queue("geral", List.of(member("1001", Map.of()), member("1003", Map.of()),
                member("1002", Map.of("suporte", 1))));
        Acd acd = new Acd(List.of(suporte, geral), clock);
        acd.otherCall("1001", true);
        assertThat(offeredTo(acd.enqueue("c1", "suporte", needs(Map.of("suporte", 1))))).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(acd.timerFired(step("c1"))).containsExactly(new Relaxed("c1", "suporte", 1, "widen to geral"),
                new Offer("c1", "suporte", "1002", RING));
        acd.offerAnswered("c1", "1002");
        assertThat(acd.view().stats("suporte").answered()).isEqualTo(1);
        assertThat(acd.view().stats("geral").offered()).isZero();
    }

    @Test
    void theStepsApplyInTurnUntilAnOverflowStepSendsTheCallAway() {
        Acd acd = new Acd(List.of(queue("suporte", List.of(member("1001", Map.of("suporte", 5))),
                accept(30, "suporte", 2), dropLanguage(90), Step.overflow(Duration.ofSeconds(180), GERAL)),
                queue("geral", List.of(member("1002", Map.of())))), clock);
        acd.otherCall("1001", true);
        acd.enqueue("c1", "suporte", new Requirements(Map.of("suporte", 4), 0, Optional.of("es")));

        clock.advance(Duration.ofSeconds(30));
        assertThat(acd.timerFired(step("c1"))).containsExactly(
                new Relaxed("c1", "suporte", 1, "accept suporte:2"), new StartTimer(step("c1"), Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(60));
        assertThat(acd.timerFired(step("c1"))).containsExactly(new Relaxed("c1", "suporte", 2, "drop language"),
                new StartTimer(step("c1"), Duration.ofSeconds(90)));
        clock.advance(Duration.ofSeconds(90));
        assertThat(acd.timerFired(step("c1"))).containsExactly(
                new Overflow("c1", "suporte", GERAL, "step 3: waited 180 s"));
        assertThat(acd.view().waitingIn("suporte")).isEmpty();
        assertThat(acd.view().stats("suporte").overflowed()).isEqualTo(1);
    }

    @Test
    void aLateTimerAppliesEveryStepDueAndAnEarlyOneStartsAgainForTheRest() {
        Acd acd = new Acd(List.of(queue("suporte", List.of(member("1001", Map.of("suporte", 5))),
                accept(30, "suporte", 2), dropLanguage(90), accept(200, "suporte", 1))), clock);
        acd.otherCall("1001", true);
        acd.enqueue("c1", "suporte", new Requirements(Map.of("suporte", 4), 0, Optional.of("es")));
        clock.advance(Duration.ofSeconds(29));
        assertThat(acd.timerFired(step("c1"))).containsExactly(new StartTimer(step("c1"), Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(71));
        assertThat(acd.timerFired(step("c1"))).containsExactly(
                new Relaxed("c1", "suporte", 1, "accept suporte:2"), new Relaxed("c1", "suporte", 2, "drop language"),
                new StartTimer(step("c1"), Duration.ofSeconds(100)));
    }

    @Test
    void answeringOrHangingUpCancelsTheStepTimerAndALateOneIsIgnored() {
        Acd acd = new Acd(List.of(queue("suporte", List.of(member("1001", Map.of())), dropLanguage(30))), clock);
        acd.enqueue("c1", "suporte", Requirements.NONE);
        assertThat(acd.offerAnswered("c1", "1001")).containsExactly(new CancelTimer(step("c1")));

        acd.enqueue("c2", "suporte", Requirements.NONE);
        assertThat(acd.callEnded("c2")).containsExactly(new CancelTimer(step("c2")));
        clock.advance(Duration.ofSeconds(30));
        assertThat(acd.timerFired(step("c2"))).isEmpty();
        assertThat(acd.view().step("c2")).isEmpty();
    }

    @Test
    void aCallNobodyCanTakeYetWaitsForTheStepsThatLetSomeoneTakeIt() {
        Node.Target out = new Node.Target.Extension("1009");
        QueueConfig plain = new QueueConfig("suporte", List.of(member("1001", Map.of("suporte", 3))),
                Strategy.LINEAR, RING, Optional.empty(), Optional.of(out), Duration.ZERO, List.of(),
                Optional.empty(), Optional.empty(), 3);
        Requirements spanish = new Requirements(Map.of("suporte", 1), 0, Optional.of("es"));
        // nobody speaks es: to the overflow at once
        assertThat(new Acd(List.of(plain), clock).enqueue("c1", "suporte", spanish)).containsExactly(
                new Overflow("c1", "suporte", out, "no agent has the skills asked for"));
        // unless a step will drop the language
        Acd acd = new Acd(List.of(plain.withSteps(List.of(dropLanguage(60)))), clock);
        assertThat(acd.enqueue("c1", "suporte", spanish)).containsExactly(new Queued("c1", "suporte", 1, false),
                new StartTimer(step("c1"), Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(60));
        assertThat(offeredTo(acd.timerFired(step("c1")))).containsExactly("1001");
    }

    // ---- helpers ----

    private static QueueConfig queue(String name, List<Member> members, Step... steps) {
        return new QueueConfig(name, members, Strategy.LINEAR, RING, Optional.empty(), Optional.empty(),
                Duration.ZERO, List.of(), Optional.empty(), Optional.empty(), 3).withSteps(List.of(steps));
    }

    private static Member member(String extension, Map<String, Integer> skills) {
        return new Member(extension, skills);
    }

    private static Step accept(int after, String skill, int level) {
        return new Step(Duration.ofSeconds(after), Map.of(skill, level), Set.of(), false, List.of(),
                Optional.empty());
    }

    private static Step dropLanguage(int after) {
        return new Step(Duration.ofSeconds(after), Map.of(), Set.of(), true, List.of(), Optional.empty());
    }

    private static Step widen(int after, String queue) {
        return new Step(Duration.ofSeconds(after), Map.of(), Set.of(), false, List.of(queue), Optional.empty());
    }

    private static Requirements needs(Map<String, Integer> skills) {
        return new Requirements(skills, 0, Optional.empty());
    }

    private static AcdTimer step(String callId) {
        return new AcdTimer(AcdTimer.Kind.STEP, callId);
    }

    private static List<String> offeredTo(List<AcdCommand> out) {
        return out.stream().filter(Offer.class::isInstance).map(c -> ((Offer) c).agent()).toList();
    }
}
