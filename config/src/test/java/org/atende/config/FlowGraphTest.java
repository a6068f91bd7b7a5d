package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.FlowConfigTest.BASE;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every node reachable from start; no loop a caller could not leave by pressing a key. */
class FlowGraphTest {

    private static List<String> problems(String yaml) {
        return ConfigProblemsTest.problems(BASE + yaml);
    }

    @Test
    void loopsWithoutADigitWaitAndUnreachableNodesAreNamed() {
        assertThat(problems("""
                flows:
                  f:
                    start: a
                    nodes:
                      a: { play: builtin:pt-BR/a.wav, next: b }
                      b: { set: { x: "1" }, next: c }
                      c: { branch: [ { if: x, eq: "1", then: a } ], otherwise: m }
                      m: { menu: builtin:pt-BR/m.wav, options: { "1": a, "2": z1 }, on_failure: fim }
                      z1: { lookup: { url: "https://x/{caller}" }, next: z2, on_failure: fim }
                      z2: { play: builtin:pt-BR/a.wav, next: z1 }
                      orfao: { hangup: }
                      fim: { hangup: }
                      self: { play: builtin:pt-BR/a.wav, next: self }
                """)).containsExactly(
                "t.yaml:13: flows.f.nodes.a: loops without waiting for a digit: a -> b -> c -> a (the caller could"
                        + " never leave it; put a menu or collect in the loop)",
                "t.yaml:17: flows.f.nodes.z1: loops without waiting for a digit: z1 -> z2 -> z1 (the caller could"
                        + " never leave it; put a menu or collect in the loop)",
                "t.yaml:19: flows.f.nodes.orfao: is never reached: no path from start (a) leads here",
                "t.yaml:21: flows.f.nodes.self: is never reached: no path from start (a) leads here",
                "t.yaml:21: flows.f.nodes.self: loops without waiting for a digit: self -> self (the caller could"
                        + " never leave it; put a menu or collect in the loop)");
    }

    @Test
    void aScheduleLoopIsALoopAndACollectBreaksIt() {
        assertThat(problems("""
                flows:
                  f:
                    start: h
                    nodes:
                      h: { schedule: { zone: UTC, hours: [ { days: [mon], from: "08:00", to: "24:00" } ] }, open: p, closed: h }
                      p: { collect: builtin:pt-BR/c.wav, max: 4, variable: v, next: h, on_failure: h }
                """)).containsExactly(
                "t.yaml:13: flows.f.nodes.h: loops without waiting for a digit: h -> h (the caller could never"
                        + " leave it; put a menu or collect in the loop)");
    }

    @Test
    void aLoopThatWaitsForDigitsAndReachesEveryNodeLoads() throws Exception {
        AtendeConfig c = ConfigProblemsTest.load(BASE + """
                flows:
                  f:
                    start: a
                    nodes:
                      a: { play: builtin:pt-BR/a.wav, next: b }
                      b: { set: { x: "1" }, next: c }
                      c: { branch: [ { if: x, eq: "1", then: m } ], otherwise: fim }
                      m: { menu: builtin:pt-BR/m.wav, options: { "1": a, "2": fim }, on_failure: a }
                      fim: { hangup: }
                """);
        assertThat(c.flow("f").orElseThrow().nodes()).hasSize(5);
    }
}
