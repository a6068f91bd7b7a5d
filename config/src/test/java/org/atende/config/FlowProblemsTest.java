package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.FlowConfigTest.BASE;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each mistake in a flow gives exactly one {@code file:line: path: message}. BASE is lines 1-8 (extension 1001,
 * trunk carrier), so {@code flows:} is line 9 and the first node line 13.
 */
class FlowProblemsTest {

    private static List<String> problems(String yaml) {
        return ConfigProblemsTest.problems(BASE + yaml);
    }

    @Test
    void unknownKindsAndKeysAreReportedWithWhatWasMeant() {
        assertThat(problems("""
                flows:
                  f:
                    start: a
                    nodes:
                      a: { plya: x.wav, next: b }
                      b: { play: builtin:pt-BR/b.wav, nxt: c, timeout: 3s }
                      c: { menu: builtin:pt-BR/m.wav, options: { "1": d, "12": a, x: zz }, on_failure: fim, retries: 11 }
                      d: { menu: builtin:pt-BR/m.wav, play: builtin:pt-BR/m.wav }
                      e: { next: a }
                      fim: { hangup: builtin:ptBR/x.wav }
                """)).containsExactly(
                "t.yaml:13: flows.f.nodes.a.plya: unknown key (did you mean play?)",
                "t.yaml:14: flows.f.nodes.b.nxt: unknown key (did you mean next?)",
                "t.yaml:14: flows.f.nodes.b.timeout: does not apply to a play node (its keys: play, interruptible, next)",
                "t.yaml:15: flows.f.nodes.c.options.12: \"12\" is not a key (0-9, * or #; quote * and #)",
                "t.yaml:15: flows.f.nodes.c.options.x: \"x\" is not a key (0-9, * or #; quote * and #)",
                "t.yaml:15: flows.f.nodes.c.options.x: \"zz\" is not a node of flow f (known: a, b, c, d, e, fim)",
                "t.yaml:15: flows.f.nodes.c.retries: 11 is out of range 0..10",
                "t.yaml:16: flows.f.nodes.d: has both play and menu; a node does one thing (chain nodes with next)",
                "t.yaml:17: flows.f.nodes.e: needs one of play, menu, collect, schedule, lookup, branch, set, route,"
                        + " hangup (what the node does)",
                "t.yaml:18: flows.f.nodes.fim.hangup: \"builtin:ptBR/x.wav\" is not a built-in prompt name"
                        + " (like builtin:pt-BR/menu.wav)");
    }

    @Test
    void collectLimitsRulesAndVariablesAreChecked() {
        assertThat(problems("""
                flows:
                  f:
                    start: inicio
                    nodes:
                      a: { collect: builtin:pt-BR/c.wav, min: 12, max: 11, terminator: x, rule: cfp, regex: "(", variable: 1v, next: a, on_failure: a, first_digit_timeout: 0s }
                      b: { collect: builtin:pt-BR/c.wav, max: 65, rule: regex, variable: v, next: a, on_failure: a }
                      c: { collect: builtin:pt-BR/c.wav, max: 4, rule: regex, regex: "(", variable: v, next: a, on_failure: a }
                      d: { collect: builtin:pt-BR/c.wav, max: 11, rule: cpf, regex: "\\\\d+", variable: v, next: a, on_failure: a }
                      e: { collect: builtin:pt-BR/c.wav, max: 4, rule: cpf, variable: v, next: a, on_failure: a }
                      g: { collect: builtin:pt-BR/c.wav, min: 12, max: 12, rule: phone, variable: v, next: a, on_failure: a }
                """)).containsExactly(
                "t.yaml:11: flows.f.start: \"inicio\" is not a node of flow f (known: a, b, c, d, e, g)",
                "t.yaml:13: flows.f.nodes.a.max: is less than min (12)",
                "t.yaml:13: flows.f.nodes.a.terminator: \"x\" is not a terminator (#, * or none)",
                "t.yaml:13: flows.f.nodes.a.first_digit_timeout: \"0s\" is shorter than 1s",
                "t.yaml:13: flows.f.nodes.a.rule: \"cfp\" is not a rule (did you mean cpf?)",
                "t.yaml:13: flows.f.nodes.a.variable: \"1v\" is not a variable name (letters, digits and _, not"
                        + " starting with a digit; up to 64)",
                "t.yaml:14: flows.f.nodes.b.max: 65 is out of range 1..64",
                "t.yaml:14: flows.f.nodes.b.regex: is required",
                "t.yaml:15: flows.f.nodes.c.regex: \"(\" is not a regular expression (Unclosed group)",
                "t.yaml:16: flows.f.nodes.d.regex: applies only with rule: regex",
                "t.yaml:17: flows.f.nodes.e.rule: cpf is 11 digits, which min..max (1..4) does not allow",
                "t.yaml:18: flows.f.nodes.g.rule: phone is 10 or 11 digits, which min..max (12..12) does not allow");
    }

    @Test
    void scheduleZonesDaysTimesAndDatesAreChecked() {
        assertThat(problems("""
                flows:
                  f:
                    start: s
                    nodes:
                      s:
                        schedule:
                          zone: America/Sao_Paul
                          hours:
                            - { days: [mon, seg], from: "18:00", to: "08:00" }
                            - { days: [], from: "8h", to: "25:00" }
                          exceptions:
                            - { date: 2026-12-25 }
                            - { date: 25/12/2026 }
                            - { date: 2026-12-25, hours: [{ from: "08:00", to: "12:00" }] }
                        open: fim
                        closed: fim
                      fim: { hangup: }
                """)).containsExactly(
                "t.yaml:15: flows.f.nodes.s.schedule.zone: \"America/Sao_Paul\" is not a time zone"
                        + " (like America/Sao_Paulo)",
                "t.yaml:17: flows.f.nodes.s.schedule.hours[0].days[1]: \"seg\" is not a day"
                        + " (mon, tue, wed, thu, fri, sat, sun)",
                "t.yaml:17: flows.f.nodes.s.schedule.hours[0].to: must be later than from (\"18:00\")",
                "t.yaml:18: flows.f.nodes.s.schedule.hours[1].days: needs at least one day"
                        + " (mon, tue, wed, thu, fri, sat, sun)",
                "t.yaml:18: flows.f.nodes.s.schedule.hours[1].from: \"8h\" is not a time (HH:MM, 00:00 to 24:00)",
                "t.yaml:18: flows.f.nodes.s.schedule.hours[1].to: \"25:00\" is not a time (HH:MM, 00:00 to 24:00)",
                "t.yaml:21: flows.f.nodes.s.schedule.exceptions[1].date: \"25/12/2026\" is not a date (YYYY-MM-DD)",
                "t.yaml:22: flows.f.nodes.s.schedule.exceptions[2].date: \"2026-12-25\" is listed twice"
                        + " (also at line 20)");
    }

    @Test
    void lookupsBranchesSetsAndRoutesAreChecked() {
        assertThat(problems("""
                flows:
                  f:
                    start: l
                    nodes:
                      l:
                        lookup: { url: "https://x/{cpf}", method: PUT, timeout: 31s, retries: 6, fields: { 1x: name, ok: /ok } }
                        next: b
                        on_failure: fim
                      b: { branch: [ { if: x, eq: 1, ne: 2, then: fim }, { if: x, then: fim }, { if: x, present: false, then: fim }, { if: x, matches: "(", then: fim }, { if: x, gt: 3, then: fim } ], otherwise: fimm }
                      fim: { set: { 9a: x, b: "{var.}", c: "{foo}", d: "a}" }, next: r }
                      r: { route: { queue: geral, flow: f } }
                      r2: { route: { flow: g } }
                      r3: { route: { extension: "1009" } }
                      r4: { route: { external: { number: abc, trunk: carier } } }
                      r5: { route: { external: { trunk: carrier } } }
                      r6: { route: {} }
                      l2: { lookup: { url: "ftp://crm.example/x", body: "a={caller}" }, next: r, on_failure: r }
                """)).containsExactly(
                "t.yaml:14: flows.f.nodes.l.lookup.url: \"https://x/{cpf}\" has an unknown placeholder {cpf}"
                        + " (known: {caller}, {dialled}, {var.NAME})",
                "t.yaml:14: flows.f.nodes.l.lookup.method: \"PUT\" is not a method (GET or POST)",
                "t.yaml:14: flows.f.nodes.l.lookup.timeout: is longer than 30s (the caller waits in silence)",
                "t.yaml:14: flows.f.nodes.l.lookup.retries: 6 is out of range 0..5",
                "t.yaml:14: flows.f.nodes.l.lookup.fields.1x: \"1x\" is not a variable name (letters, digits and _,"
                        + " not starting with a digit; up to 64)",
                "t.yaml:14: flows.f.nodes.l.lookup.fields.1x: \"name\" is not a JSON Pointer (like /customer/name)",
                "t.yaml:17: flows.f.nodes.b.branch[0]: has both eq and ne; a condition tests one thing",
                "t.yaml:17: flows.f.nodes.b.branch[1]: needs one of eq, ne, in, present, absent, matches",
                "t.yaml:17: flows.f.nodes.b.branch[2].present: write present: true",
                "t.yaml:17: flows.f.nodes.b.branch[3].matches: \"(\" is not a regular expression (Unclosed group)",
                "t.yaml:17: flows.f.nodes.b.branch[4].gt: unknown key (known here: if, eq, ne, in, present, absent,"
                        + " matches, then)",
                "t.yaml:17: flows.f.nodes.b.otherwise: \"fimm\" is not a node of flow f (did you mean fim?)",
                "t.yaml:18: flows.f.nodes.fim.set.9a: \"9a\" is not a variable name (letters, digits and _, not"
                        + " starting with a digit; up to 64)",
                "t.yaml:18: flows.f.nodes.fim.set.b: \"{var.}\" has an unknown placeholder {var.}"
                        + " (known: {caller}, {dialled}, {var.NAME})",
                "t.yaml:18: flows.f.nodes.fim.set.c: \"{foo}\" has an unknown placeholder {foo}"
                        + " (known: {caller}, {dialled}, {var.NAME})",
                "t.yaml:18: flows.f.nodes.fim.set.d: \"a}\" has a { or } that is not part of a placeholder"
                        + " ({caller}, {dialled}, {var.NAME})",
                "t.yaml:19: flows.f.nodes.r.route: has both queue and flow; a route goes to one of them",
                "t.yaml:20: flows.f.nodes.r2.route.flow: \"g\" is not a flow (did you mean f?)",
                "t.yaml:21: flows.f.nodes.r3.route.extension: \"1009\" is not a configured extension",
                "t.yaml:22: flows.f.nodes.r4.route.external.number: \"abc\" is not a phone number",
                "t.yaml:22: flows.f.nodes.r4.route.external.trunk: \"carier\" is not a configured trunk"
                        + " (did you mean carrier?)",
                "t.yaml:23: flows.f.nodes.r5.route.external.number: is required",
                "t.yaml:23: flows.f.nodes.r5.route.external.trunk: trunk carrier places no calls (give it"
                        + " outbound.proxy, or a registration)",
                "t.yaml:24: flows.f.nodes.r6.route: needs one of queue, extension, flow or external",
                "t.yaml:25: flows.f.nodes.l2.lookup.url: \"ftp://crm.example/x\" is not an http:// or https:// URL",
                "t.yaml:25: flows.f.nodes.l2.lookup.body: applies only with method: POST");
    }

    @Test
    void numbersLeadToExactlyOneExistingTargetAndSurveysAreChecked() {
        assertThat(problems("""
                numbers:
                  - { number: "0800 123 4567", flow: principl }
                  - { number: "0800 123 4568", flow: p, extension: "1001" }
                  - { number: "0800 123 4569", flow: p, extension: "1001", application: echo }
                flows:
                  principal:
                    start: x
                    survey: { questions: [ { kind: cast, prompt: { tone: ring, duration: 1s }, timeout: 0s }, { kind: nps } ], thanks: [ { silence: 1s, say_digits: x }, { tone: beep }, { silence: 1s, duration: 2s }, {}, { say_digits: 1 } ] }
                    nodes: {}
                  "a b":
                    nodes: { "x.y": { hangup: } }
                """)).containsExactly(
                "t.yaml:10: numbers[0].flow: \"principl\" is not a flow (did you mean principal?)",
                "t.yaml:11: numbers[1].flow: \"p\" is not a flow (known: principal, a b)",
                "t.yaml:11: numbers[1]: has both extension and flow; a number leads to exactly one of extension,"
                        + " application or flow",
                "t.yaml:12: numbers[2].flow: \"p\" is not a flow (known: principal, a b)",
                "t.yaml:12: numbers[2]: has extension, application and flow; a number leads to exactly one of"
                        + " extension, application or flow",
                "t.yaml:15: flows.principal.start: \"x\" is not a node of flow principal (the flow has no nodes)",
                "t.yaml:16: flows.principal.survey.questions[0].kind: \"cast\" is not a question kind"
                        + " (did you mean csat?)",
                "t.yaml:16: flows.principal.survey.questions[0].prompt.tone: \"ring\" is not a tone"
                        + " (ringback, busy, beep, dial, hold)",
                "t.yaml:16: flows.principal.survey.questions[0].timeout: \"0s\" is shorter than 1s",
                "t.yaml:16: flows.principal.survey.questions[1].prompt: is required",
                "t.yaml:16: flows.principal.survey.thanks[0]: has both silence and say_digits; a prompt is one of"
                        + " them",
                "t.yaml:16: flows.principal.survey.thanks[1].duration: is required",
                "t.yaml:16: flows.principal.survey.thanks[2].duration: applies to a tone only",
                "t.yaml:16: flows.principal.survey.thanks[3]: needs tone, silence or say_digits (or write a file path)",
                "t.yaml:16: flows.principal.survey.thanks[4].say_digits: \"1\" is not a variable name (letters,"
                        + " digits and _, not starting with a digit; up to 64)",
                "t.yaml:17: flows.principal.nodes: needs at least one node",
                "t.yaml:18: flows.a b: \"a b\" is not a flow name (letters, digits, '_', '-'; up to 63 characters)",
                "t.yaml:18: flows.a b.start: is required",
                "t.yaml:19: flows.a b.nodes.x.y: \"x.y\" is not a node name (letters, digits, '_', '-';"
                        + " up to 63 characters)");
    }

    @Test
    void aNumberNeedsATargetAndItsFlowMustExist() {
        assertThat(problems("""
                numbers:
                  - { number: "0800 123 4567", flow: ~ }
                  - { number: "0800 123 4568", flow: x }
                """)).containsExactly(
                "t.yaml:10: numbers[0]: needs one of extension (the extension that answers), application (echo) or"
                        + " flow (an IVR flow under flows:)",
                "t.yaml:11: numbers[1].flow: \"x\" is not a flow (no flows are configured under flows:)");
    }
}
