package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.SERVER;
import static org.atende.config.ConfigProblemsTest.STRONG;
import static org.atende.config.ConfigProblemsTest.load;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.atende.config.flow.Survey;
import org.junit.jupiter.api.Test;

/** Flows that are right bind to the records the interpreter runs; reference.yaml's flows are the full example. */
class FlowConfigTest {

    /** Lines 5-8: extension 1001 and trunk carrier. */
    static final String BASE = SERVER + """
            extensions:
              - { number: "1001", password: %s }
            trunks:
              - { name: carrier, allow: [192.0.2.200] }
            """.formatted(STRONG);

    private static Prompt.File builtin(String name) {
        return new Prompt.File(Path.of("builtin:pt-BR/" + name));
    }

    @Test
    void referenceFlowPrincipalBindsNodeByNode() throws Exception {
        FlowConfig f = ConfigLoader.parse(ReferenceYamlTest.REFERENCE, "reference.yaml", ReferenceYamlTest.ENV)
                .flow("principal").orElseThrow();
        assertThat(f.start()).isEqualTo("boas-vindas");
        assertThat(f.nodes().keySet()).containsExactly("boas-vindas", "horario", "menu", "cpf", "crm", "por-tier",
                "vip", "suporte", "financeiro", "atendente", "fechado");
        assertThat(f.survey()).contains(new Survey(List.of(new Survey.Question("csat", List.of(builtin("csat.wav")),
                Duration.ofSeconds(8), "csat")), List.of(builtin("obrigado.wav"))));
        assertThat(f.node("boas-vindas")).isEqualTo(new Node.Play("boas-vindas",
                List.of(builtin("bem-vindo.wav"), builtin("gravacao.wav")), true, "horario"));
        Set<DayOfWeek> weekdays = Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        LocalTime eight = LocalTime.of(8, 0);
        assertThat(f.node("horario")).isEqualTo(new Node.Schedule("horario", ZoneId.of("America/Sao_Paulo"),
                List.of(new Node.Schedule.Hours(weekdays, eight, LocalTime.of(18, 0)),
                        new Node.Schedule.Hours(Set.of(DayOfWeek.SATURDAY), eight, LocalTime.NOON)),
                List.of(new Node.Schedule.Dated(LocalDate.of(2026, 12, 25), List.of(), "Natal"),
                        new Node.Schedule.Dated(LocalDate.of(2026, 12, 24),
                                List.of(new Node.Schedule.Hours(Set.of(DayOfWeek.THURSDAY), eight, LocalTime.NOON)),
                                "Véspera de Natal")),
                "menu", "fechado"));
        assertThat(f.node("menu")).isEqualTo(new Node.Menu("menu", List.of(builtin("menu-principal.wav")),
                Map.of('1', "suporte", '2', "financeiro", '3', "cpf", '0', "atendente"), Duration.ofSeconds(5), 2,
                List.of(builtin("opcao-invalida.wav")), List.of(builtin("nao-entendi.wav")), "atendente"));
        assertThat(f.node("cpf")).isEqualTo(new Node.Collect("cpf", List.of(builtin("digite-cpf.wav")), 11, 11,
                Optional.of('#'), Duration.ofSeconds(8), Duration.ofSeconds(4), new Node.Rule.Cpf(), "cpf",
                List.of(builtin("voce-digitou.wav"), new Prompt.SayDigits("cpf"), builtin("confirmar.wav")), 2,
                List.of(builtin("opcao-invalida.wav")), "crm", "atendente"));
        assertThat(f.node("crm")).isEqualTo(new Node.Lookup("crm", "GET",
                "https://crm.example/api/customers?cpf={var.cpf}", Optional.empty(), Duration.ofSeconds(2), 1,
                Map.of("nome", "/name", "tier", "/tier"), "por-tier", "atendente"));
        assertThat(f.node("por-tier")).isEqualTo(new Node.Branch("por-tier", List.of(
                new Node.Condition("tier", "eq", List.of("gold"), "vip"),
                new Node.Condition("tier", "in", List.of("silver", "bronze"), "suporte"),
                new Node.Condition("nome", "absent", List.of(), "atendente"),
                new Node.Condition("caller", "matches", List.of("^(11|21)"), "atendente"),
                new Node.Condition("nome", "present", List.of(), "atendente"),
                new Node.Condition("tier", "ne", List.of("blocked"), "atendente")), "fechado"));
        assertThat(f.node("vip")).isEqualTo(new Node.Assign("vip", Map.of("priority", "10", "skills", "suporte:3"),
                "atendente"));
        assertThat(f.node("suporte")).isEqualTo(new Node.Route("suporte", new Node.Target.Extension("1001")));
        assertThat(f.node("financeiro")).isEqualTo(new Node.Route("financeiro", new Node.Target.Flow("retorno")));
        assertThat(f.node("atendente")).isEqualTo(new Node.Route("atendente", new Node.Target.Queue("geral")));
        assertThat(f.node("fechado")).isEqualTo(new Node.Hangup("fechado", List.of(builtin("fora-do-horario.wav"))));
    }

    @Test
    void referenceFlowRetornoShowsTonesRegexPostAndExternalRoutes() throws Exception {
        AtendeConfig c = ConfigLoader.parse(ReferenceYamlTest.REFERENCE, "reference.yaml", ReferenceYamlTest.ENV);
        FlowConfig f = c.flow("retorno").orElseThrow();
        assertThat(f.survey()).isEmpty();
        assertThat(f.node("aguarde")).isEqualTo(new Node.Play("aguarde", List.of(
                new Prompt.Tone("ringback", Duration.ofSeconds(3)), new Prompt.Silence(Duration.ofMillis(500))),
                false, "protocolo"));
        Node.Collect protocolo = (Node.Collect) f.node("protocolo");
        assertThat(((Node.Rule.Regex) protocolo.rule()).pattern().pattern()).isEqualTo("20\\d{4,8}");
        assertThat(protocolo.terminator()).contains('#');
        assertThat(protocolo.firstDigitTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(protocolo.interDigitTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(protocolo.confirm()).isEmpty();
        assertThat(f.node("registra")).isEqualTo(new Node.Lookup("registra", "POST",
                "https://crm.example/api/callbacks",
                Optional.of("{\"protocolo\": \"{var.protocolo}\", \"origem\": \"{caller}\"}"), Duration.ofSeconds(2),
                0, Map.of(), "obrigado", "externo"));
        assertThat(f.node("externo")).isEqualTo(new Node.Route("externo",
                new Node.Target.External("+551140000000", "carrier")));
        assertThat(c.number("0800 123 4568")).map(NumberConfig::flow).contains("principal");
    }

    @Test
    void smallestFlowsTakeTheDefaults() throws Exception {
        AtendeConfig c = load(BASE + """
                numbers:
                  - { number: "0800 123 4567", flow: f }
                flows:
                  f:
                    start: m
                    nodes:
                      m: { menu: menu.wav, options: { "#": d, "*": fim }, on_failure: fim }
                      d: { collect: builtin:pt-BR/x.wav, max: 4, terminator: none, variable: v, next: fim, on_failure: fim }
                      fim: { hangup: }
                """.replace("menu.wav", "builtin:en/menu.wav"));
        FlowConfig f = c.flow("f").orElseThrow();
        assertThat(f.node("m")).isEqualTo(new Node.Menu("m", List.of(new Prompt.File(Path.of("builtin:en/menu.wav"))),
                Map.of('#', "d", '*', "fim"), Duration.ofSeconds(5), 2, List.of(), List.of(), "fim"));
        assertThat(f.node("d")).isEqualTo(new Node.Collect("d", List.of(builtin("x.wav")), 1, 4, Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(3), new Node.Rule.Digits(), "v", List.of(), 2, List.of(),
                "fim", "fim"));
        assertThat(f.node("fim")).isEqualTo(new Node.Hangup("fim", List.of()));
        assertThat(c.numbers()).containsExactly(new NumberConfig("0800 123 4567", "08001234567", null, null, "f",
                false));
    }

    @Test
    void aLoopThroughAMenuIsAllowed() throws Exception {
        AtendeConfig c = load(BASE + """
                flows:
                  f:
                    start: ola
                    nodes:
                      ola: { play: builtin:pt-BR/ola.wav, next: m }
                      m: { menu: builtin:pt-BR/m.wav, options: { "9": ola, "1": fila }, on_failure: ola }
                      fila: { route: { queue: geral } }
                queues:
                  geral: { members: ["1001"] }
                """);
        assertThat(FlowGraph.successors(c.flow("f").orElseThrow().node("m"))).containsExactly("fila", "ola");
    }
}
