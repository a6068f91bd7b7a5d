package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.problems;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    /** Lines 1-16: a server, three extensions (1001 names agent 2001 its default), a trunk, two queues. */
    static final String BASE = QueueConfigTest.BASE.replace("- { number: \"1001\", password: " + ConfigProblemsTest.STRONG
            + " }", "- { number: \"1001\", password: " + ConfigProblemsTest.STRONG + ", default_agent: \"2001\" }") + """
            queues:
              suporte: { strategy: best_skill }
              geral: { members: ["1004"] }
            """;

    static final Map<String, String> ENV = Map.of("AGENT_2001_PIN", "73914", "AGENT_2002_PIN", "50817");

    @Test
    void agentsBindWithTheirQueuesPenaltiesAndSkills() throws Exception {
        AtendeConfig c = ConfigLoader.parse(BASE + """
                agents:
                  - id: "2001"
                    name: Ana
                    pin: ${AGENT_2001_PIN}
                    skills: { Suporte: 5, es: 2 }
                    queues: { suporte: 0, geral: 2 }
                    wrap_up: 30s
                  - { id: "2002", pin: "${AGENT_2002_PIN}", queues: [geral] }
                pause_reasons:
                  almoco: { label: "Almoço", code: "1" }
                  treinamento: { productive: true, code: "2" }
                features: { login: "*71" }
                """, "t.yaml", ENV);
        AgentConfig ana = c.agents().agent("2001").orElseThrow();
        assertThat(ana.name()).isEqualTo("Ana");
        assertThat(ana.pin()).isEqualTo("73914");
        assertThat(ana.skills()).isEqualTo(Map.of("suporte", 5, "es", 2));
        assertThat(ana.queues()).containsExactly(Map.entry("suporte", 0), Map.entry("geral", 2));
        assertThat(ana.wrapUp()).contains(Duration.ofSeconds(30));
        assertThat(ana.toString()).doesNotContain("73914");
        AgentConfig two = c.agents().agent("2002").orElseThrow();
        assertThat(two.name()).isEqualTo("2002");
        assertThat(two.queues()).containsExactly(Map.entry("geral", 0));
        assertThat(two.wrapUp()).isEmpty();
        assertThat(c.extension("1001").orElseThrow().defaultAgent()).contains("2001");
        assertThat(c.agents().reasonByCode("2")).map(PauseReason::name).contains("treinamento");
        assertThat(c.agents().reason("almoco").orElseThrow().productive()).isFalse();
        assertThat(c.agents().reason("treinamento").orElseThrow().productive()).isTrue();
        assertThat(c.agents().reason("no_answer")).contains(PauseReason.NO_ANSWER);
        assertThat(c.agents().features()).isEqualTo(new FeatureCodes("*71", "*46", "*47", "*48"));
        assertThat(c.queue("suporte").orElseThrow().members()).isEmpty();
        assertThat(c.queue("suporte").orElseThrow().maxNoAnswer()).isEqualTo(QueueConfig.DEFAULT_MAX_NO_ANSWER);
    }

    @Test
    void mistakesAreReportedWithTheirLines() {
        assertThat(problems(BASE.replace("suporte: { strategy: best_skill }", "suporte: { max_no_answer: -1 }")
                + """
                agents:
                  - { id: "2001", pin: "1234", queues: { suporte: 0, suprte: 1, geral: 10 } }
                  - { id: "2001", pin: "${AGENT_2002_PIN}", queues: [geral], start_at: "1002" }
                  - { id: "x", pin: "12", queues: [] }
                  - { id: "2003", pin: "${AGENT_2002_PIN}" }
                pause_reasons:
                  almoco: { code: "1" }
                  cafe: { code: "1" }
                  pausa: {}
                features: { login: "*4", logout: "45" }
                """, ENV)).containsExactly(
                "t.yaml:12: queues.suporte.max_no_answer: -1 is out of range 0..100",
                "t.yaml:15: agents[0].pin: weak PIN: written in the file (give it as ${AGENT_2001_PIN} from the"
                        + " environment); a run of digits (weak PINs are accepted only with demo: true)",
                "t.yaml:15: agents[0].queues.suprte: \"suprte\" is not a configured queue (did you mean suporte?)",
                "t.yaml:15: agents[0].queues.geral: 10 is out of range 0..9",
                "t.yaml:16: agents[1].start_at: is for the demo only (demo: true): outside it agents log in from"
                        + " their phone",
                "t.yaml:17: agents[2].id: \"x\" is not an agent number (2 to 15 digits)",
                "t.yaml:17: agents[2].pin: a PIN is 4 to 12 digits",
                "t.yaml:17: agents[2].queues: needs at least one queue",
                "t.yaml:18: agents[3]: needs queues: the queues this agent serves",
                "t.yaml:21: pause_reasons.cafe.code: code 1 is already reason almoco's",
                "t.yaml:22: pause_reasons.pausa: pausa is a built-in reason (pausa: a pause with no reason;"
                        + " no_answer: paused after missed offers)",
                "t.yaml:23: features.logout: \"45\" is not a feature code ('*' and 1 to 4 digits)",
                "t.yaml:23: features: *46 starts with *4: a feature code may not begin another",
                "t.yaml:23: features: *47 starts with *4: a feature code may not begin another",
                "t.yaml:23: features: *48 starts with *4: a feature code may not begin another");
    }

    @Test
    void aDuplicateAgentIsRefused() {
        assertThat(problems(BASE + """
                agents:
                  - { id: "2001", pin: "${AGENT_2001_PIN}", queues: [suporte] }
                  - { id: "2001", pin: "${AGENT_2002_PIN}", queues: [geral] }
                """, ENV)).containsExactly("t.yaml:16: agents[1]: agent 2001 is already defined (line 15)");
    }

    @Test
    void aQueueNobodyServesAndAnUnknownDefaultAgentAreRefused() {
        assertThat(problems(BASE.replace("default_agent: \"2001\"", "default_agent: \"2009\"") + """
                agents:
                  - { id: "2001", pin: "${AGENT_2001_PIN}", queues: [geral] }
                """, ENV)).containsExactly(
                "t.yaml:6: extensions[0].default_agent: \"2009\" is not a configured agent",
                "t.yaml:12: queues.suporte: queue suporte has no members and no agent serves it (list members:"
                        + " extensions, or name the queue in an agent's queues:)");
    }

    @Test
    void demoModeTakesAnyPinAndLogsAgentsInAtStart() throws Exception {
        AtendeConfig c = ConfigLoader.parse("demo: true\n" + BASE.replace("192.0.2.10", "127.0.0.1").replace("192.0.2.200", "127.0.0.1") + """
                agents:
                  - { id: "2001", pin: "1234", queues: [suporte, geral], start_at: "1001" }
                """, "t.yaml", Map.of());
        assertThat(c.agents().agents()).extracting(AgentConfig::startAt).containsExactly(Optional.of("1001"));
        assertThat(c.agents().agents().get(0).pin()).isEqualTo("1234");
    }

    @Test
    void pinRules() {
        AgentBinder strict = new AgentBinder(null, false, java.util.Set.of(), null);
        assertThat(strict.pinProblem("73914", "2001", true)).isEmpty();
        assertThat(strict.pinProblem("2001", "2001", true)).get().asString().contains("it is the agent number");
        assertThat(strict.pinProblem("7777", "2001", true)).get().asString().contains("one digit repeated");
        assertThat(strict.pinProblem("9876", "2001", true)).get().asString().contains("a run of digits");
        assertThat(strict.pinProblem("123", "2001", true)).contains("a PIN is 4 to 12 digits");
        assertThat(strict.pinProblem("12a45", "2001", true)).contains("a PIN is 4 to 12 digits");
        AgentBinder demo = new AgentBinder(null, true, java.util.Set.of(), null);
        assertThat(demo.pinProblem("1234", "2001", false)).isEmpty();
        assertThat(List.of()).isEmpty();
    }
}
