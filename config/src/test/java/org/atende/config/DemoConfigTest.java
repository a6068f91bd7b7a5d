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
            assertThat(demo.extensions().get(i)).isEqualTo(new ExtensionConfig(n, "demo" + n, "Demo " + n, 3));
        }
        assertThat(demo.extension("1010")).map(ExtensionConfig::password).contains("demo1010");
        assertThat(demo.extension("1011")).isEmpty();
    }

    @Test
    void demoTrunkDeliversTheTollFreeNumberToExtension1001() throws Exception {
        assertThat(demo.trunks()).hasSize(1);
        TrunkConfig carrier = demo.trunks().get(0);
        assertThat(carrier.name()).isEqualTo("carrier");
        assertThat(carrier.allow()).containsExactly(Cidr.parse("127.0.0.1/32"));
        assertThat(carrier.trusted()).isTrue();
        assertThat(carrier.numbers()).containsExactly("08001234567");
        assertThat(carrier.registration()).isEmpty();
        assertThat(carrier.allows(java.net.InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(carrier.allows(java.net.InetAddress.getByName("127.0.0.2"))).isFalse();

        assertThat(demo.numbers()).containsExactly(new NumberConfig("0800 123 4567", "08001234567", "1001"));
        assertThat(demo.number("+55 800 123-4567")).map(NumberConfig::extension).contains("1001");
    }

    @Test
    void extensionToStringNeverShowsThePassword() {
        assertThat(demo.extensions().get(0).toString()).doesNotContain("demo1001");
        assertThat(List.of(demo).toString()).doesNotContain("demo100");
    }
}
