package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.atende.config.ListenConfig.SipTransportName;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

    private final AtendeConfig demo = ConfigLoader.demo();

    @Test
    void demoIsInDemoModeOnLoopback() {
        assertThat(demo.demo()).isTrue();
        ServerConfig s = demo.server();
        assertThat(s.domain()).isEqualTo("127.0.0.1");
        assertThat(s.realm()).isEqualTo("127.0.0.1");
        assertThat(s.countryCode()).isEqualTo("55");
        assertThat(s.listen()).containsExactly(
                new ListenConfig(SipTransportName.UDP, "127.0.0.1", 5060, "127.0.0.1"),
                new ListenConfig(SipTransportName.TCP, "127.0.0.1", 5060, "127.0.0.1"));
        assertThat(s.dataDir()).isEqualTo(Path.of("./data"));
    }

    @Test
    void demoMediaIsOnLoopbackWithASmallPortRangeAndDefaultRecordingsDir() {
        assertThat(demo.server().media()).isEqualTo(new MediaConfig("127.0.0.1", "127.0.0.1", 10000, 10999,
                Duration.ofSeconds(60), List.of("PCMU", "PCMA"), Path.of("./data/recordings")));
    }

    @Test
    void demoServerKeepsTheDefaults() {
        ServerConfig s = demo.server();
        assertThat(s.maxMessageSize()).isEqualTo(65535);
        assertThat(s.timers()).isEqualTo(TimerConfig.RFC3261);
        assertThat(s.registrar()).isEqualTo(new RegistrarConfig(Duration.ofSeconds(60), Duration.ofSeconds(3600),
                Duration.ofSeconds(3600), Duration.ofSeconds(300), RegistrarConfig.DEFAULT_ALGORITHMS));
        assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(demo.logging()).isEqualTo(new LoggingConfig("info", Optional.empty(), false));
    }

    @Test
    void demoHasTenExtensionsWithDemoPasswords() {
        assertThat(demo.extensions()).hasSize(10);
        for (int i = 0; i < 10; i++) {
            String n = String.valueOf(1001 + i);
            assertThat(demo.extensions().get(i)).isEqualTo(
                    new ExtensionConfig(n, "demo" + n, "Demo " + n, 3, false, false, false));
        }
        assertThat(demo.extension("1010")).map(ExtensionConfig::password).contains("demo1010");
        assertThat(demo.extension("1011")).isEmpty();
    }

    @Test
    void demoTrunkDeliversTheTollFreeNumberToTheVoiceMenu() throws Exception {
        assertThat(demo.trunks()).hasSize(1);
        TrunkConfig carrier = demo.trunks().get(0);
        assertThat(carrier.name()).isEqualTo("carrier");
        assertThat(carrier.allow()).containsExactly(Cidr.parse("127.0.0.1/32"));
        assertThat(carrier.trusted()).isTrue();
        assertThat(carrier.numbers()).containsExactly("08001234567", "08000000043", "08001234569");
        assertThat(carrier.registration()).isEmpty();
        assertThat(carrier.allows(java.net.InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(carrier.allows(java.net.InetAddress.getByName("127.0.0.2"))).isFalse();

        assertThat(demo.numbers()).first()
                .isEqualTo(new NumberConfig("0800 123 4567", "08001234567", null, null, "principal", false));
        assertThat(demo.number("+55 800 123-4567")).map(NumberConfig::flow).contains("principal");
    }

    @Test
    void demoVoiceMenuLeadsKeysToTheQueues() {
        var flow = demo.flow("principal").orElseThrow();
        assertThat(flow.start()).isEqualTo("boas-vindas");
        var menu = (org.atende.config.flow.Node.Menu) flow.node("menu");
        assertThat(menu.options()).containsOnlyKeys('1', '2', '3', '0');
        java.util.Map<Character, String> reached = new java.util.TreeMap<>();
        menu.options().forEach((key, node) -> reached.put(key,
                ((org.atende.config.flow.Node.Target.Queue)
                        ((org.atende.config.flow.Node.Route) flow.node(node)).target()).queue()));
        assertThat(reached).containsExactly(java.util.Map.entry('0', "geral"), java.util.Map.entry('1', "suporte"),
                java.util.Map.entry('2', "financeiro"), java.util.Map.entry('3', "vendas"));
        assertThat(menu.onFailure()).isEqualTo("geral");
    }

    @Test
    void demoAgentsServeTheirQueuesWithPin1234AndFourStartLoggedIn() {
        List<AgentConfig> agents = demo.agents().agents();
        assertThat(agents).extracting(AgentConfig::id)
                .containsExactly("2001", "2002", "2003", "2004", "2005", "2006");
        assertThat(agents).allSatisfy(a -> {
            assertThat(a.pin()).isEqualTo("1234");
            assertThat(a.queues()).containsKey("geral");
        });
        java.util.Map<String, List<String>> served = new java.util.TreeMap<>();
        agents.forEach(a -> a.queues().keySet().forEach(q -> served.computeIfAbsent(q, k -> new java.util.ArrayList<>())
                .add(a.id())));
        assertThat(served).containsExactly(
                java.util.Map.entry("financeiro", List.of("2003")),
                java.util.Map.entry("geral", List.of("2001", "2002", "2003", "2004", "2005", "2006")),
                java.util.Map.entry("suporte", List.of("2001", "2002")),
                java.util.Map.entry("vendas", List.of("2004")));
        assertThat(agents).extracting(a -> a.startAt().orElse("-"))
                .containsExactly("1001", "1002", "1003", "1004", "-", "-");
        assertThat(demo.extensions()).allSatisfy(e -> assertThat(e.defaultAgent()).isEmpty());
        assertThat(demo.agents().features()).isEqualTo(FeatureCodes.DEFAULTS);
        assertThat(demo.agents().reasonByCode("1")).map(PauseReason::name).contains("almoco");
        assertThat(demo.queues()).containsOnlyKeys("suporte", "financeiro", "vendas", "geral");
        assertThat(demo.queues().values()).allSatisfy(q -> assertThat(q.members()).isEmpty());
    }

    @Test
    void demoEchoTestNumberIsRecordedAndDeliveredByTheCarrier() {
        assertThat(demo.numbers()).hasSize(3).element(1).isEqualTo(
                new NumberConfig("0800 000 0043", "08000000043", null, "echo", true));
        assertThat(demo.number("+55 800 000 0043")).map(NumberConfig::application).contains("echo");
        assertThat(ConfigLoader.resource(ConfigLoader.DEMO_RESOURCE).lines().takeWhile(l -> l.startsWith("#")))
                .anySatisfy(l -> assertThat(l).contains("Echo test: dial 0800 000 0043"));
    }

    @Test
    void demoQueueNumberLeadsToTheGeneralQueue() {
        assertThat(demo.number("0800 123 4569")).map(NumberConfig::flow).contains("fila");
        var flow = demo.flow("fila").orElseThrow();
        assertThat(flow.node("fila")).isEqualTo(new org.atende.config.flow.Node.Route("fila",
                new org.atende.config.flow.Node.Target.Queue("geral")));
        QueueConfig q = demo.queue("geral").orElseThrow();
        assertThat(q.survey()).isPresent();
        assertThat(q.hold()).isNotEmpty();
        assertThat(demo.queue("suporte").orElseThrow().overflow())
                .contains(new org.atende.config.flow.Node.Target.Queue("geral"));
    }

    @Test
    void extensionToStringNeverShowsThePassword() {
        assertThat(demo.extensions().get(0).toString()).doesNotContain("demo1001");
        assertThat(List.of(demo).toString()).doesNotContain("demo100");
    }
}
