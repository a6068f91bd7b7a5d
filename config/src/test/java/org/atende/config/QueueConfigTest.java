package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.STRONG;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.junit.jupiter.api.Test;

class QueueConfigTest {

    /** Lines 1-12: a server, three extensions, a trunk that places calls. */
    static final String BASE = ConfigProblemsTest.SERVER + """
            extensions:
              - { number: "1001", password: %s }
              - { number: "1002", password: %s }
              - { number: "1004", password: %s }
            trunks:
              - { name: carrier, allow: [192.0.2.200], outbound: { proxy: "sip:192.0.2.200" } }
            """.formatted(STRONG, STRONG, STRONG);

    @Test
    void aQueueBindsWithItsDefaults() throws Exception {
        AtendeConfig c = load(BASE + """
                queues:
                  suporte:
                    members:
                      - { extension: "1001", skills: { Suporte: 5, es: 2 } }
                      - "1002"
                """);
        QueueConfig q = c.queue("suporte").orElseThrow();
        assertThat(q.members()).containsExactly(new QueueConfig.Member("1001", Map.of("suporte", 5, "es", 2)),
                new QueueConfig.Member("1002", Map.of()));
        assertThat(q.strategy()).isEqualTo(QueueConfig.Strategy.LONGEST_IDLE);
        assertThat(q.ringTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(q.maxWait()).isEmpty();
        assertThat(q.overflow()).isEmpty();
        assertThat(q.wrapUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(q.hold()).isEmpty();
        assertThat(q.survey()).isEmpty();
    }

    @Test
    void everySettingBinds() throws Exception {
        AtendeConfig c = load(BASE + """
                queues:
                  vendas:
                    members: ["1002", "1001"]
                    strategy: RING_ALL
                    ring_timeout: 20s
                    max_wait: 2m
                    overflow: { external: { number: "+55 11 4000 0000", trunk: carrier } }
                    wrap_up: 0s
                    hold: [builtin:pt-BR/aguarde.wav, { silence: 10s }]
                    survey: { questions: [ { kind: csat, prompt: builtin:pt-BR/csat.wav } ] }
                    announce_position: 30s
                  suporte:
                    members: ["1004"]
                    max_wait: 30s
                    overflow: { queue: vendas }
                flows:
                  f:
                    start: s
                    silence_gap: 300ms
                    nodes:
                      s: { set: { skills: "suporte:3, es", priority: "10", language: es }, next: r }
                      r: { route: { queue: suporte } }
                """);
        QueueConfig q = c.queue("vendas").orElseThrow();
        assertThat(q.strategy()).isEqualTo(QueueConfig.Strategy.RING_ALL);
        assertThat(q.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(q.maxWait()).contains(Duration.ofMinutes(2));
        assertThat(q.overflow()).contains(new Node.Target.External("+551140000000", "carrier"));
        assertThat(q.wrapUp()).isZero();
        assertThat(q.hold()).containsExactly(new Prompt.File(Path.of("builtin:pt-BR/aguarde.wav")),
                new Prompt.Silence(Duration.ofSeconds(10)));
        assertThat(q.survey().orElseThrow().questions()).hasSize(1);
        assertThat(q.announcePosition()).contains(Duration.ofSeconds(30));
        assertThat(c.queue("suporte").orElseThrow().announcePosition()).isEmpty();
        assertThat(c.queue("suporte").orElseThrow().overflow()).contains(new Node.Target.Queue("vendas"));
        assertThat(c.flow("f").orElseThrow().node("r")).isEqualTo(new Node.Route("r", new Node.Target.Queue("suporte")));
        assertThat(c.flow("f").orElseThrow().silenceGap()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void mistakesAreReportedWithTheirLines() {
        assertThat(problems(BASE + """
                queues:
                  a:
                    members: ["1009", { extension: "1001", skills: { suporte: 11, "x y": 1 } }, "1002", "1002"]
                    strategy: round_robbin
                    ring_timeout: 3m
                    max_wait: 1m
                    wrap_up: 1h
                  b:
                    members: []
                    max_wait: 1m
                    overflow: { queue: b }
                  c:
                    members: ["1002"]
                    overflow: { extension: "1003" }
                flows:
                  f:
                    start: s
                    nodes:
                      s: { set: { skills: "suporte:0", priority: "101" }, next: r }
                      r: { route: { queue: bb } }
                """)).containsExactly(
                "t.yaml:12: queues.a: max_wait needs overflow (where callers go after waiting that long); without"
                        + " both, callers wait until an agent is free",
                "t.yaml:13: queues.a.members[0]: \"1009\" is not a configured extension",
                "t.yaml:13: queues.a.members[1].skills.suporte: 11 is out of range 1..10",
                "t.yaml:13: queues.a.members[1].skills.x y: \"x y\" is not a skill name (letters, digits, '_', '-';"
                        + " up to 63 characters)",
                "t.yaml:13: queues.a.members[3]: extension 1002 is listed twice",
                "t.yaml:14: queues.a.strategy: \"round_robbin\" is not a strategy (did you mean round_robin?)",
                "t.yaml:15: queues.a.ring_timeout: is longer than 2m",
                "t.yaml:17: queues.a.wrap_up: is longer than 10m",
                "t.yaml:21: queues.b.overflow: is this queue itself",
                "t.yaml:24: queues.c.overflow.extension: \"1003\" is not a configured extension",
                "t.yaml:29: flows.f.nodes.s.set.skills: \"suporte:0\" is not a skill list (like \"suporte:3, es\":"
                        + " names with levels 1-10, default 1)",
                "t.yaml:29: flows.f.nodes.s.set.priority: \"101\" is not a priority (a whole number 0-100; higher is"
                        + " served first)",
                "t.yaml:30: flows.f.nodes.r.route.queue: \"bb\" is not a queue (did you mean b?)");
    }

    @Test
    void aNumberMayHaveItsOwnSurveyWithAFlowOnly() throws Exception {
        String flows = """
                flows:
                  f: { start: r, nodes: { r: { route: { extension: "1001" } } } }
                """;
        AtendeConfig c = load(BASE + """
                numbers:
                  - number: "0800 123 4567"
                    flow: f
                    survey: { questions: [ { kind: nps, prompt: builtin:pt-BR/nps.wav } ] }
                """ + flows);
        assertThat(c.number("08001234567").orElseThrow().survey().orElseThrow().questions().get(0).kind())
                .isEqualTo("nps");
        assertThat(problems(BASE + """
                numbers:
                  - number: "0800 123 4567"
                    extension: "1001"
                    survey: { questions: [ { kind: nps, prompt: builtin:pt-BR/nps.wav } ] }
                """ + flows)).containsExactly(
                "t.yaml:14: numbers[0].survey: applies only with flow (the survey runs on the flow's call)");
    }

    @Test
    void aFlowsOperatorStandsInForEveryMissingOnFailure() throws Exception {
        AtendeConfig c = load(BASE + """
                queues:
                  operadores: { members: ["1004"] }
                flows:
                  f:
                    start: m
                    operator: { queue: operadores }
                    nodes:
                      m: { menu: builtin:pt-BR/m.wav, options: { "1": c } }
                      c: { collect: builtin:pt-BR/c.wav, max: 4, variable: v, next: fim }
                      fim: { hangup: }
                """);
        var f = c.flow("f").orElseThrow();
        assertThat(((Node.Menu) f.node("m")).onFailure()).isEqualTo(FlowConfig.OPERATOR_NODE);
        assertThat(((Node.Collect) f.node("c")).onFailure()).isEqualTo(FlowConfig.OPERATOR_NODE);
        assertThat(f.node(FlowConfig.OPERATOR_NODE)).isEqualTo(new Node.Route(FlowConfig.OPERATOR_NODE,
                new Node.Target.Queue("operadores")));
        assertThat(problems(BASE + """
                flows:
                  f:
                    start: m
                    nodes:
                      m: { menu: builtin:pt-BR/m.wav, options: { "1": fim } }
                      fim: { hangup: }
                """)).containsExactly("t.yaml:15: flows.f.nodes.m.on_failure: is required: where the caller goes when this fails (or give"
                        + " the flow an operator: for every such node)");
    }

    @Test
    void everyStrategyBindsByItsYamlWord() throws Exception {
        for (QueueConfig.Strategy strategy : QueueConfig.Strategy.values()) {
            AtendeConfig c = load(BASE + """
                    queues:
                      q: { members: ["1001"], strategy: %s }
                    """.formatted(strategy.word()));
            assertThat(c.queue("q").orElseThrow().strategy()).isEqualTo(strategy);
        }
    }

    @Test
    void aStrategyLikeNoneListsThemAll() {
        assertThat(problems(BASE + """
                queues:
                  q: { members: ["1001"], strategy: rrmemory }
                """)).containsExactly("t.yaml:12: queues.q.strategy: \"rrmemory\" is not a strategy (longest_idle,"
                + " best_skill, ring_all, linear, round_robin, fewest_calls, least_talk_time, random)");
    }

    @Test
    void skillListsParse() {
        assertThat(Skills.parse("suporte:3, ES , vendas:10")).contains(Map.of("suporte", 3, "es", 1, "vendas", 10));
        assertThat(Skills.parse(" ")).contains(Map.of());
        assertThat(Skills.parse("suporte:11")).isEmpty();
        assertThat(Skills.parse("a,a:2")).isEmpty();
        assertThat(Skills.parse("a,,b")).isEmpty();
        assertThat(Skills.parse("a b")).isEmpty();
        assertThat(Optional.of(List.of())).isPresent();
    }
}
