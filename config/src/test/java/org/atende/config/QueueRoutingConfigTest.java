package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;
import static org.atende.config.QueueConfigTest.BASE;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.atende.config.QueueConfig.Step;
import org.atende.config.flow.Node;
import org.junit.jupiter.api.Test;

/** A queue's limits (max_waiting, join_empty), statistics thresholds and relaxation steps. */
class QueueRoutingConfigTest {

    @Test
    void aQueueHasNoLimitsTheUsualThresholdsAndNoSteps() throws Exception {
        QueueConfig q = load(BASE + """
                queues:
                  q: { members: ["1001"] }
                """).queue("q").orElseThrow();
        assertThat(q.limits()).isEqualTo(new QueueConfig.Limits(OptionalInt.empty(), true));
        assertThat(q.thresholds()).isEqualTo(new QueueConfig.Thresholds(Duration.ofSeconds(20),
                Duration.ofSeconds(5)));
        assertThat(q.steps()).isEmpty();
    }

    @Test
    void limitsThresholdsAndStepsBind() throws Exception {
        AtendeConfig c = load(BASE + """
                queues:
                  suporte:
                    members: [{ extension: "1001", skills: { suporte: 5, es: 2 } }]
                    overflow: { extension: "1004" }
                    max_waiting: 10
                    join_empty: false
                    service_level: 30s
                    short_abandon: 3s
                    steps:
                      - { after: 30s, accept: "suporte:2, ES" }
                      - { after: 90s, drop: [Language, es] }
                      - { after: 2m, drop: language, widen: [geral, vendas] }
                      - after: 3m
                        overflow: { queue: geral }
                  geral: { members: ["1002"] }
                  vendas: { members: ["1004"] }
                """);
        QueueConfig q = c.queue("suporte").orElseThrow();
        assertThat(q.overflow()).contains(new Node.Target.Extension("1004"));
        assertThat(q.maxWait()).isEmpty();
        assertThat(q.limits()).isEqualTo(new QueueConfig.Limits(OptionalInt.of(10), false));
        assertThat(q.thresholds()).isEqualTo(new QueueConfig.Thresholds(Duration.ofSeconds(30),
                Duration.ofSeconds(3)));
        assertThat(q.steps()).containsExactly(
                new Step(Duration.ofSeconds(30), Map.of("suporte", 2, "es", 1), Set.of(), false, List.of(),
                        Optional.empty()),
                new Step(Duration.ofSeconds(90), Map.of(), Set.of("es"), true, List.of(), Optional.empty()),
                new Step(Duration.ofMinutes(2), Map.of(), Set.of(), true, List.of("geral", "vendas"),
                        Optional.empty()),
                Step.overflow(Duration.ofMinutes(3), new Node.Target.Queue("geral")));
        assertThat(q.steps()).extracting(Step::describe).containsExactly("accept suporte:2, es:1",
                "drop es, language", "drop language; widen to geral, vendas", "overflow to queue geral");
    }

    @Test
    void stepMistakesAreReportedWithTheirLines() {
        assertThat(problems(BASE + """
                queues:
                  a:
                    members: [{ extension: "1001", skills: { suporte: 5 } }]
                    max_waiting: 0
                    service_level: 11m
                    short_abandon: 2m
                    steps:
                      - { after: 60s, accept: "suporte:2" }
                      - { after: 30s, accept: "suprote:1" }
                      - { after: 2m, widen: [a, bb] }
                      - { after: 3m }
                      - { after: 4m, drop: ["x y"], accept: "suporte:0" }
                      - { after: 5m, accept: "suporte:1", overflow: { queue: b } }
                      - { widen: b }
                      - { after: 6m, overflow: { queue: a } }
                  b:
                    members: ["1002"]
                    max_wait: 1m
                    steps: [{ after: 10s, widen: b }]
                  c:
                    members: ["1004"]
                    steps:
                      - { after: 20s, overflow: { queue: b } }
                      - { after: 30s, widen: b }
                  d:
                    members: ["1004"]
                    max_wait: 1m
                    overflow: { queue: b }
                    steps: [{ after: 1m, widen: a }]
                """)).containsExactly(
                "t.yaml:14: queues.a.max_waiting: 0 is out of range 1..100000",
                "t.yaml:15: queues.a.service_level: is longer than 10m",
                "t.yaml:16: queues.a.short_abandon: is longer than 1m",
                "t.yaml:19: queues.a.steps[1].after: 30s is not after the step before's 1m (steps are written in"
                        + " order of waiting time)",
                "t.yaml:19: queues.a.steps[1].accept: skill suprote is not a skill of any member or agent (did you"
                        + " mean suporte?)",
                "t.yaml:20: queues.a.steps[2].widen[0]: is this queue itself",
                "t.yaml:20: queues.a.steps[2].widen[1]: \"bb\" is not a queue (did you mean b?)",
                "t.yaml:21: queues.a.steps[3]: needs accept, drop, widen or overflow: what changes after 3m",
                "t.yaml:22: queues.a.steps[4].accept: \"suporte:0\" is not a skill list (like \"suporte:2\": names"
                        + " with the levels now accepted, 1-10, default 1)",
                "t.yaml:22: queues.a.steps[4].drop[0]: \"x y\" is not a skill name (letters, digits, '_', '-';"
                        + " up to 63 characters) nor language",
                "t.yaml:23: queues.a.steps[5]: has overflow, which sends the call away: accept, drop and widen belong"
                        + " in a step of their own",
                "t.yaml:24: queues.a.steps[6].after: is required",
                "t.yaml:25: queues.a.steps[7].overflow: is this queue itself",
                "t.yaml:26: queues.b: max_wait needs overflow (where callers go after waiting that long); without"
                        + " both, callers wait until an agent is free",
                "t.yaml:29: queues.b.steps[0].widen: is this queue itself",
                "t.yaml:34: queues.c.steps[1].after: comes after the overflow step of line 33, which sends the call"
                        + " away",
                "t.yaml:39: queues.d.steps[0].after: 1m is not before max_wait (1m), when the caller goes to"
                        + " overflow");
    }

    @Test
    void anAcceptedSkillMayBeAnAgentsOnly() throws Exception {
        AtendeConfig c = ConfigLoader.parse(BASE + """
                queues:
                  q:
                    steps: [{ after: 20s, accept: "vendas:1" }]
                agents:
                  - { id: "2001", pin: "${PIN}", skills: { vendas: 3 }, queues: [q] }
                """, "t.yaml", Map.of("PIN", "73914"));
        assertThat(c.queue("q").orElseThrow().steps().get(0).accept()).isEqualTo(Map.of("vendas", 1));
    }
}
