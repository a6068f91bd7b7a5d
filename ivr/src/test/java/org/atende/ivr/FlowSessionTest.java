package org.atende.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.ivr.Nodes.CALL;
import static org.atende.ivr.Nodes.CLOCK;
import static org.atende.ivr.Nodes.collect;
import static org.atende.ivr.Nodes.file;
import static org.atende.ivr.Nodes.flow;
import static org.atende.ivr.Nodes.hangup;
import static org.atende.ivr.Nodes.menu;
import static org.atende.ivr.Nodes.play;
import static org.atende.ivr.Nodes.queue;
import static org.atende.ivr.Nodes.session;
import static org.atende.ivr.Nodes.sessionAt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Node.Rule;
import org.atende.config.flow.Node.Target;
import org.atende.config.flow.Prompt;
import org.junit.jupiter.api.Test;

class FlowSessionTest {

    private static final Map<Character, String> OPTIONS = Map.of('1', "sales", '2', "support");

    private static Node[] mainMenu(Node... rest) {
        Node[] all = new Node[rest.length + 4];
        all[0] = menu("menu", OPTIONS, 2, "fail");
        all[1] = queue("sales", "vendas");
        all[2] = queue("support", "suporte");
        all[3] = hangup("fail");
        System.arraycopy(rest, 0, all, 4, rest.length);
        return all;
    }

    @Test
    void playThenHangupEndsTheSession() {
        FlowSession s = session(play("welcome", false, "bye"), hangup("bye"));
        Harness h = Harness.of(s);
        assertThat(h.playing.prompts()).containsExactly(file("welcome"));
        assertThat(h.playing.interruptible()).isFalse();
        h.finishPrompt();
        assertThat(h.finalCommand).isEqualTo(new IvrCommand.Hangup(List.of(file("bye")), Map.of()));
        assertThat(s.isFinished()).isTrue();
        assertThat(h.press("1")).isEmpty();
        assertThat(s.journey().ending()).get().extracting(Journey.Ended::outcome).isEqualTo(Journey.Outcome.HUNG_UP);
    }

    @Test
    void menuKeyRoutesWithTheCallVariables() {
        FlowSession s = session(mainMenu());
        Harness h = Harness.of(s);
        assertThat(h.playing.interruptible()).isTrue();
        h.finishPrompt();
        assertThat(h.timers).hasSize(1);
        h.press("2");
        assertThat(h.routed()).get().isEqualTo(new IvrCommand.RouteTo(new Target.Queue("suporte"), CALL));
        assertThat(h.timers).isEmpty();
    }

    @Test
    void aMenuWithoutOnFailureEndsAtTheFlowsOperator() {
        // the loader adds the operator's route node and points on_failure at it when on_failure is not written
        FlowSession s = session(menu("menu", OPTIONS, 1, FlowConfig.OPERATOR_NODE), queue("sales", "vendas"),
                queue("support", "suporte"), queue(FlowConfig.OPERATOR_NODE, "operadores"));
        Harness h = Harness.of(s);
        h.finishPrompt();
        h.fireTimer(); // no key: the menu again
        h.finishPrompt();
        h.fireTimer(); // no key again: retries are out
        assertThat(h.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("operadores"));
        assertThat(s.journey().steps()).filteredOn(st -> st instanceof Journey.NodeEntered)
                .extracting(st -> ((Journey.NodeEntered) st).node()).containsExactly("menu", FlowConfig.OPERATOR_NODE);
    }

    @Test
    void keyDuringMenuPromptStopsItAndIsUsed() {
        Harness h = Harness.of(session(mainMenu()));
        long id = h.playing.playbackId();
        List<IvrCommand> out = h.press("1");
        assertThat(out.get(0)).isEqualTo(new IvrCommand.StopPlayback(id));
        assertThat(h.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("vendas"));
    }

    @Test
    void wrongKeyPlaysInvalidAndRepeatsThenFails() {
        FlowSession s = session(mainMenu());
        Harness h = Harness.of(s);
        h.finishPrompt();
        h.press("9");
        assertThat(h.playing.prompts()).containsExactly(file("invalid"), file("menu"));
        h.finishPrompt();
        h.fireTimer(); // no input
        assertThat(h.playing.prompts()).containsExactly(file("noinput"), file("menu"));
        h.press("7"); // third failure with retries 2
        assertThat(h.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
        assertThat(s.journey().steps()).filteredOn(Journey.InputRejected.class::isInstance)
                .extracting(st -> ((Journey.InputRejected) st).reason())
                .containsExactly("invalid", "no input", "invalid");
    }

    @Test
    void staleTimerAndPlaybackAreIgnored() {
        Harness h = Harness.of(session(mainMenu()));
        long firstPlayback = h.playing.playbackId();
        h.finishPrompt();
        long firstTimer = h.timers.iterator().next();
        h.press("9"); // invalid: timer cancelled, prompt replayed
        assertThat(h.send(new IvrEvent.TimerFired(firstTimer))).isEmpty();
        assertThat(h.send(new IvrEvent.PromptFinished(firstPlayback))).isEmpty();
        assertThat(h.playing.prompts()).containsExactly(file("invalid"), file("menu"));
    }

    @Test
    void keysTypedDuringInterruptiblePlayReachTheMenu() {
        Harness h = Harness.of(sessionAt("welcome", mainMenu(play("welcome", true, "menu"))));
        assertThat(h.playing.prompts()).containsExactly(file("welcome"));
        h.press("2");
        // the menu skips its prompt and uses the key typed ahead
        assertThat(h.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("suporte"));
        assertThat(h.all).noneMatch(c -> c instanceof IvrCommand.Play p && p.prompts().contains(file("menu")));
    }

    @Test
    void keysTypedDuringNonInterruptiblePlayWaitForTheMenu() {
        Harness h = Harness.of(sessionAt("welcome", mainMenu(play("welcome", false, "menu"))));
        assertThat(h.press("1")).isEmpty();
        assertThat(h.playing).isNotNull();
        h.finishPrompt();
        assertThat(h.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("vendas"));
    }

    @Test
    void collectCpfWithConfirmation() {
        FlowSession s = session(collect("cpf", 11, 11, new Rule.Cpf(), "cpf", true, 2, "ok", "fail"),
                queue("ok", "atendimento"), hangup("fail"));
        Harness h = Harness.of(s);
        h.finishPrompt();
        h.press("52998224725"); // max digits ends it
        assertThat(h.playing.prompts()).contains(new Prompt.SayDigits("cpf"));
        assertThat(h.playing.values()).containsEntry("cpf", "52998224725");
        assertThat(s.variables()).doesNotContainKey("cpf");
        h.finishPrompt();
        h.press("1");
        assertThat(h.routed()).get().extracting(r -> r.variables().get("cpf")).isEqualTo("52998224725");
    }

    @Test
    void refusedConfirmationCollectsAgain() {
        FlowSession s = session(collect("cpf", 11, 11, new Rule.Cpf(), "cpf", true, 2, "ok", "fail"),
                queue("ok", "atendimento"), hangup("fail"));
        Harness h = Harness.of(s);
        h.press("52998224725");
        h.press("2");
        assertThat(h.playing.prompts()).containsExactly(file("invalid"), file("cpf"));
        h.press("52998224725" + "1");
        assertThat(h.routed()).isPresent();
    }

    @Test
    void invalidCpfIsRejectedUntilOnFailure() {
        FlowSession s = session(collect("cpf", 11, 11, new Rule.Cpf(), "cpf", false, 1, "ok", "fail"),
                queue("ok", "atendimento"), hangup("fail"));
        Harness h = Harness.of(s);
        h.press("11111111111");
        assertThat(h.playing.prompts()).containsExactly(file("invalid"), file("cpf"));
        h.press("52998224724");
        assertThat(h.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
        assertThat(s.variables()).doesNotContainKey("cpf");
    }

    @Test
    void terminatorEndsCollectAndInterDigitTimeoutCompletesIt() {
        Node.Collect c = collect("acct", 3, 8, new Rule.Digits(), "acct", false, 2, "ok", "fail");
        FlowSession s = session(c, queue("ok", "q"), hangup("fail"));
        Harness h = Harness.of(s);
        h.finishPrompt();
        assertThat(h.lastOf(IvrCommand.StartTimer.class)).extracting(IvrCommand.StartTimer::after)
                .containsExactly(Duration.ofSeconds(5));
        h.press("12");
        assertThat(h.lastOf(IvrCommand.StartTimer.class)).extracting(IvrCommand.StartTimer::after)
                .containsExactly(Duration.ofSeconds(3));
        h.press("#"); // too short
        assertThat(h.playing.prompts()).containsExactly(file("invalid"), file("acct"));
        h.press("1234#");
        assertThat(s.variables()).containsEntry("acct", "1234");

        FlowSession s2 = session(c, queue("ok", "q"), hangup("fail"));
        Harness h2 = Harness.of(s2);
        h2.press("456");
        h2.fireTimer(); // inter-digit timeout with enough digits
        assertThat(s2.variables()).containsEntry("acct", "456");
        assertThat(h2.routed()).isPresent();
    }

    @Test
    void interDigitTimeoutWithTooFewDigitsIsAFailure() {
        FlowSession s = session(collect("acct", 3, 8, new Rule.Digits(), "acct", false, 0, "ok", "fail"),
                queue("ok", "q"), hangup("fail"));
        Harness h = Harness.of(s);
        h.press("45");
        h.fireTimer();
        assertThat(h.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
    }

    @Test
    void lookupResolvesTheUrlAndSetsVariables() {
        Node.Lookup l = new Node.Lookup("crm", "GET", "https://crm/c?ani={caller}&cpf={var.cpf}", Optional.empty(),
                Duration.ofSeconds(2), 1, Map.of("tier", "/customer/tier"), "vip", "fallback");
        Node.Branch vip = new Node.Branch("vip", List.of(new Node.Condition("tier", "eq", List.of("gold"), "gold")),
                "regular");
        FlowSession s = new FlowSession(flow("main", l, vip, queue("gold", "vip"), queue("regular", "geral"),
                queue("fallback", "geral")), CLOCK, Map.of("caller", "+55 11", "dialled", "0800", "cpf", "1&2"),
                n -> Optional.empty());
        Harness h = Harness.of(s);
        assertThat(h.lookup.url()).isEqualTo("https://crm/c?ani=%2B55%2011&cpf=1%262");
        assertThat(h.lookup.fields()).containsEntry("tier", "/customer/tier");
        assertThat(h.timers).hasSize(1); // guard
        h.lookupOk(Map.of("tier", "gold", "ignored", "x"));
        assertThat(h.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("vip"));
        assertThat(s.variables()).containsEntry("tier", "gold").doesNotContainKey("ignored");
        assertThat(s.journey().steps()).filteredOn(Journey.LookupFinished.class::isInstance).singleElement()
                .isEqualTo(new Journey.LookupFinished(CLOCK.instant(), "crm", true, "", 42));
    }

    @Test
    void lookupFailureAndLostResultGoToOnFailure() {
        Node.Lookup l = new Node.Lookup("crm", "POST", "https://crm/c", Optional.of("{\"ani\":\"{caller}\"}"),
                Duration.ofSeconds(2), 1, Map.of(), "ok", "fallback");
        Harness h = Harness.of(session(l, queue("ok", "a"), queue("fallback", "b")));
        assertThat(h.lookup.body()).contains("{\"ani\":\"11999990000\"}");
        assertThat(h.lastOf(IvrCommand.StartTimer.class)).extracting(IvrCommand.StartTimer::after)
                .containsExactly(Duration.ofSeconds(5)); // 2 s x 2 attempts + 1 s grace
        h.lookupFails("HTTP 503");
        assertThat(h.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("b"));

        Harness lost = Harness.of(session(l, queue("ok", "a"), queue("fallback", "b")));
        long id = lost.lookup.lookupId();
        lost.fireTimer();
        assertThat(lost.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("b"));
        assertThat(lost.send(new IvrEvent.LookupSucceeded(id, Map.of(), 9000))).isEmpty();
    }

    @Test
    void keysDuringLookupWaitForTheNextMenu() {
        Node.Lookup l = new Node.Lookup("crm", "GET", "https://crm", Optional.empty(), Duration.ofSeconds(2), 0,
                Map.of(), "menu", "menu");
        Harness hl = Harness.of(sessionAt("crm", mainMenu(l)));
        assertThat(hl.press("2")).isEmpty();
        hl.lookupOk(Map.of());
        assertThat(hl.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("suporte"));
    }

    @Test
    void branchAndSetUseTemplates() {
        Node.Assign set = new Node.Assign("set", Map.of("skills", "suporte:3", "origem", "{caller}-{dialled}"),
                "branch");
        Node.Branch b = new Node.Branch("branch", List.of(
                new Node.Condition("origem", "matches", List.of("11.*"), "sp"),
                new Node.Condition("skills", "present", List.of(), "other")), "other");
        FlowSession s = session(set, b, queue("sp", "sp"), queue("other", "outros"));
        Harness h = Harness.of(s);
        assertThat(h.routed()).get().satisfies(r -> {
            assertThat(r.target()).isEqualTo(new Target.Queue("sp"));
            assertThat(r.variables()).containsEntry("origem", "11999990000-08001234567")
                    .containsEntry("skills", "suporte:3");
        });
    }

    @Test
    void scheduleChoosesByTheClockInTheZone() {
        Node.Schedule sched = new Node.Schedule("hours", ZoneId.of("America/Sao_Paulo"),
                List.of(new Node.Schedule.Hours(EnumSet.allOf(DayOfWeek.class), LocalTime.of(8, 0),
                        LocalTime.of(18, 0))),
                List.of(), "open", "closed");
        FlowConfig f = flow("main", sched, queue("open", "q"), hangup("closed"));
        Clock night = Clock.fixed(Instant.parse("2026-03-02T22:00:00Z"), ZoneId.of("UTC")); // 19:00 in São Paulo
        Harness closed = Harness.of(new FlowSession(f, night, CALL, n -> Optional.empty()));
        assertThat(closed.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
        Harness open = Harness.of(new FlowSession(f, CLOCK, CALL, n -> Optional.empty())); // 10:00 in São Paulo
        assertThat(open.routed()).isPresent();
    }

    @Test
    void routeToAnotherFlowContinuesThere() {
        FlowConfig other = flow("other", queue("q", "financeiro"));
        FlowSession s = new FlowSession(flow("main", new Node.Route("go", new Target.Flow("other"))), CLOCK, CALL,
                n -> n.equals("other") ? Optional.of(other) : Optional.empty());
        Harness h = Harness.of(s);
        assertThat(h.routed()).get().extracting(IvrCommand.RouteTo::target).isEqualTo(new Target.Queue("financeiro"));
        assertThat(s.flowName()).isEqualTo("other");
    }

    @Test
    void flowHoppingLoopIsCut() {
        FlowConfig a = flow("a", new Node.Assign("x", Map.of(), "go"), new Node.Route("go", new Target.Flow("b")));
        FlowConfig b = flow("b", new Node.Route("go", new Target.Flow("a")));
        FlowSession s = new FlowSession(a, CLOCK, CALL, n -> Optional.of(n.equals("a") ? a : b));
        Harness h = Harness.of(s);
        assertThat(h.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
        assertThat(s.journey().ending()).get().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Journey.Outcome.FAILED);
            assertThat(e.detail()).contains("flow hops");
        });
    }

    @Test
    void unknownFlowHangsUp() {
        FlowSession s = session(new Node.Route("go", new Target.Flow("nope")));
        Harness h = Harness.of(s);
        assertThat(h.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
        assertThat(s.journey().ending()).get().extracting(Journey.Ended::detail).isEqualTo("unknown flow nope");
    }

    @Test
    void loopWithoutInputIsCut() {
        FlowSession s = session(new Node.Assign("a", Map.of(), "b"), new Node.Assign("b", Map.of(), "a"));
        Harness h = Harness.of(s);
        assertThat(h.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
        assertThat(s.journey().ending()).get().extracting(Journey.Ended::outcome).isEqualTo(Journey.Outcome.FAILED);
    }

    @Test
    void callerHangingUpEndsWithoutCommands() {
        FlowSession s = session(mainMenu());
        Harness h = Harness.of(s);
        assertThat(h.send(new IvrEvent.CallerHungUp())).isEmpty();
        assertThat(s.isFinished()).isTrue();
        assertThat(h.finishPrompt()).isEmpty();
        assertThat(s.journey().ending()).get().extracting(Journey.Ended::outcome)
                .isEqualTo(Journey.Outcome.CALLER_HUNG_UP);
    }

    @Test
    void journeyRecordsNodesKeysAndEnding() {
        FlowSession s = session(mainMenu());
        Harness h = Harness.of(s);
        h.send(new IvrEvent.DigitReceived('1', 120));
        Instant t = CLOCK.instant();
        assertThat(s.journey().steps()).containsExactly(
                new Journey.NodeEntered(t, "main", "menu"),
                new Journey.DigitPressed(t, '1', 120),
                new Journey.DigitUsed(t, "menu", '1'),
                new Journey.NodeEntered(t, "main", "sales"),
                new Journey.Ended(t, Journey.Outcome.ROUTED, "sales", Optional.of(new Target.Queue("vendas"))));
    }
}
