package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.SERVER;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code server.dns}: the servers asked for host names and the look-up timeout. */
class DnsConfigTest {

    @Test
    void withoutTheSectionTheSystemsServersAreAskedFor5s() throws Exception {
        assertThat(load(SERVER).server().dns()).isEqualTo(DnsConfig.DEFAULTS);
        assertThat(DnsConfig.DEFAULTS.servers()).isEmpty();
        assertThat(DnsConfig.DEFAULTS.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void serversAndTimeoutAreBound() throws Exception {
        DnsConfig dns = load(SERVER + """
                  dns:
                    servers: [192.0.2.53, "198.51.100.1:5353", "2001:db8::53", "[2001:db8::54]:5300"]
                    timeout: 800ms
                """).server().dns();
        assertThat(dns.servers()).containsExactly(new InetSocketAddress("192.0.2.53", 53),
                new InetSocketAddress("198.51.100.1", 5353), new InetSocketAddress("2001:db8::53", 53),
                new InetSocketAddress("2001:db8::54", 5300));
        assertThat(dns.timeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(dns.queryTimeout(dns.servers().size())).isEqualTo(Duration.ofMillis(200));
        assertThat(dns.queryTimeout(1)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void serversMustBeAddressesAndTheTimeoutWithinBounds() {
        assertThat(problems(SERVER + """
                  dns:
                    servers:
                      - dns.example.com
                      - "192.0.2.53:99999"
                      - 192.0.2.1
                      - 192.0.2.1:53
                      - "[2001:db8::53"
                    timeout: 2m
                """)).containsExactly(
                "t.yaml:7: server.dns.servers[0]: \"dns.example.com\" is not a DNS server (an IP address, optionally"
                        + " with :port; not a host name)",
                "t.yaml:8: server.dns.servers[1]: \"192.0.2.53:99999\" is not a DNS server (an IP address,"
                        + " optionally with :port; not a host name)",
                "t.yaml:10: server.dns.servers[3]: \"192.0.2.1:53\" is listed twice",
                "t.yaml:11: server.dns.servers[4]: \"[2001:db8::53\" is not a DNS server (an IP address,"
                        + " optionally with :port; not a host name)",
                "t.yaml:12: server.dns.timeout: is longer than 1m");
        assertThat(problems(SERVER + """
                  dns: { timeout: 10ms, srevers: [] }
                """)).containsExactly(
                "t.yaml:5: server.dns.srevers: unknown key (did you mean servers?)",
                "t.yaml:5: server.dns.timeout: \"10ms\" is shorter than 100ms");
    }
}
