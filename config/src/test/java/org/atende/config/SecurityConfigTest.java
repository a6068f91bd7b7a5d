package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.SERVER;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;

import java.net.InetAddress;
import java.time.Duration;
import org.atende.config.SecurityConfig.Rate;
import org.junit.jupiter.api.Test;

/** {@code security:}: on by default, every number bounded, bad values reported with their line. */
class SecurityConfigTest {

    @Test
    void leftOutTheProtectionIsOnWithItsDefaults() throws Exception {
        AtendeConfig c = load(SERVER);
        assertThat(c.security()).isEqualTo(SecurityConfig.DEFAULTS);
        assertThat(c.security().authFailures().slowAfter()).isEqualTo(5);
        assertThat(c.security().authFailures().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.security().rateLimits().invite()).isEqualTo(new Rate(10, 20));
    }

    @Test
    void everyKeyIsRead() throws Exception {
        AtendeConfig c = load(SERVER + """
                security:
                  trusted: [10.0.0.0/8, 192.0.2.7]
                  auth_failures: { slow_after: 2, ban_after: 3, window: 10s, delay: 100ms, max_delay: 1s,
                                   ban: 30s, silent: true, extension_lock_after: 4, extension_lock: 1m }
                  rate_limits:
                    register: { rate: 5 }
                    invite: { rate: 0 }
                    other: { rate: 7, burst: 9 }
                    sources: 1000
                    retry_after: 2s
                  ack_timeout: 3s
                  max_loop_lag: 150ms
                """);
        SecurityConfig s = c.security();
        assertThat(s.trusts(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(s.trusts(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(s.trusts(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(s.authFailures()).isEqualTo(new SecurityConfig.AuthFailures(2, 3, Duration.ofSeconds(10),
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30), true, 4, Duration.ofMinutes(1)));
        assertThat(s.rateLimits().register()).isEqualTo(new Rate(5, 10));
        assertThat(s.rateLimits().invite().off()).isTrue();
        assertThat(s.rateLimits().other()).isEqualTo(new Rate(7, 9));
        assertThat(s.rateLimits().sources()).isEqualTo(1000);
        assertThat(s.rateLimits().retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.ackTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.maxLoopLag()).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void trunksAreBoundedOnlyWhenTold() throws Exception {
        AtendeConfig c = load(SERVER + """
                trunks:
                  - { name: a, allow: [203.0.113.10], max_calls: 30, calls_per_second: 5 }
                  - { name: b, allow: [203.0.113.11] }
                """);
        assertThat(c.trunks()).extracting(TrunkConfig::maxCalls).containsExactly(30, 0);
        assertThat(c.trunks()).extracting(TrunkConfig::callsPerSecond).containsExactly(5, 0);
        assertThat(problems(SERVER + """
                trunks:
                  - { name: a, allow: [203.0.113.10], max_calls: 0, calls_per_second: lots }
                """)).containsExactly("t.yaml:6: trunks[0].max_calls: 0 is out of range 1..100000",
                "t.yaml:6: trunks[0].calls_per_second: \"lots\" is not a whole number");
    }

    @Test
    void badValuesAreReportedWithTheirLineAndKey() {
        assertThat(problems(SERVER + """
                security:
                  trusted: [10.0.0.300]
                  auth_failures: { slow_after: 6, ban_after: 3 }
                  rate_limits:
                    invite: { rate: 10, burst: 5 }
                    sources: 2
                    retry_after: often
                """)).containsExactly(
                "t.yaml:6: security.trusted[0]: \"10.0.0.300\" is not an address or CIDR",
                "t.yaml:7: security.auth_failures: ban_after (3) must not be below slow_after (6)",
                "t.yaml:9: security.rate_limits.invite: burst (5) must be at least rate (10)",
                "t.yaml:10: security.rate_limits.sources: 2 is out of range 16..10000000",
                "t.yaml:11: security.rate_limits.retry_after: \"often\" is not a duration (write 500ms, 4s, 5m or 1h)");
    }

    @Test
    void aMisspeltKeyIsUnknown() {
        assertThat(problems(SERVER + """
                security:
                  auth_failure: { ban_after: 3 }
                """)).singleElement().asString().startsWith("t.yaml:6: security.auth_failure:");
    }
}
