package org.atende.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.atende.config.SecurityConfig.AuthFailures;
import org.atende.sip.auth.AuthFailure.Reason;
import org.atende.sip.auth.MutableClock;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The guard against password guessing, on a clock stepped by hand. */
class AuthGuardTest {

    /** slow after 3, ban at 6 in 1 min; 100 ms doubling to 400 ms; 10 min bans; 5 failures lock for 15 min. */
    private static final AuthFailures CONFIG = new AuthFailures(3, 6, Duration.ofMinutes(1), Duration.ofMillis(100),
            Duration.ofMillis(400), Duration.ofMinutes(10), false, 5, Duration.ofMinutes(15));
    private static final InetSocketAddress ATTACKER = source("127.0.0.5", 5070);
    private static final InetSocketAddress PHONE = source("127.0.0.6", 5060);
    private static final InetSocketAddress TRUSTED = source("127.0.0.9", 5060);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final LogCapture security = new LogCapture(SecurityLog.LOGGER);
    private final AuthGuard guard = new AuthGuard(CONFIG, a -> a.equals(TRUSTED.getAddress()),
            Set.of("1001", "1002")::contains, clock, new SecurityLog(), 100);

    @AfterEach
    void detach() {
        security.close();
    }

    private static InetSocketAddress source(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private Duration fail(InetSocketAddress from, String user) {
        return guard.failed(from, "udp", "REGISTER", user, Reason.WRONG_PASSWORD, "call-1");
    }

    @Test
    void aSourceIsAnsweredLaterAndLaterPastSlowAfterThenBanned() {
        assertThat(fail(ATTACKER, "1001")).isZero();
        assertThat(fail(ATTACKER, "1001")).isZero();
        assertThat(fail(ATTACKER, "1001")).isZero();
        assertThat(guard.challengeDelay(ATTACKER.getAddress())).isZero();
        assertThat(fail(ATTACKER, "1001")).isEqualTo(Duration.ofMillis(100));
        assertThat(guard.challengeDelay(ATTACKER.getAddress())).isEqualTo(Duration.ofMillis(100));
        assertThat(fail(ATTACKER, "1001")).isEqualTo(Duration.ofMillis(200));
        assertThat(guard.refuses(ATTACKER.getAddress())).isFalse();
        assertThat(fail(ATTACKER, "1001")).isZero(); // the sixth: banned, refused from now on
        assertThat(guard.refuses(ATTACKER.getAddress())).isTrue();
        assertThat(guard.refuses(PHONE.getAddress())).isFalse();
        assertThat(guard.bansStarted()).isEqualTo(1);
        assertThat(guard.refusedRequests()).isEqualTo(1);
        assertThat(security.at(Level.WARN)).filteredOn(m -> m.startsWith("ban-start"))
                .containsExactly("ban-start src=127.0.0.5 failures=6 window=60s duration=600s");
    }

    @Test
    void theDelayStopsGrowingAtMaxDelay() {
        AuthGuard patient = new AuthGuard(new AuthFailures(1, 100, Duration.ofMinutes(1), Duration.ofMillis(100),
                Duration.ofMillis(400), Duration.ofMinutes(10), false, 500, Duration.ofMinutes(15)), a -> false,
                u -> true, clock, new SecurityLog(), 100);
        Duration last = Duration.ZERO;
        for (int i = 0; i < 50; i++) {
            last = patient.failed(ATTACKER, "udp", "REGISTER", "1001", Reason.WRONG_PASSWORD, "c");
        }
        assertThat(last).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void failuresDecayOutOfTheWindow() {
        for (int i = 0; i < 5; i++) {
            fail(ATTACKER, "1001");
            clock.advance(Duration.ofSeconds(20)); // never more than 3 within a minute
        }
        assertThat(guard.refuses(ATTACKER.getAddress())).isFalse();
        assertThat(guard.challengeDelay(ATTACKER.getAddress())).isZero();
    }

    @Test
    void aBanEndsByItselfAndTheEndIsLoggedWithWhatWasRefused() {
        for (int i = 0; i < 6; i++) {
            fail(ATTACKER, "1001");
        }
        guard.refuses(ATTACKER.getAddress());
        guard.refuses(ATTACKER.getAddress());
        clock.advance(Duration.ofMinutes(9));
        guard.sweep();
        assertThat(guard.refuses(ATTACKER.getAddress())).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(guard.refuses(ATTACKER.getAddress())).isFalse();
        guard.sweep();
        assertThat(guard.activeBans()).isZero();
        assertThat(security.at(Level.INFO)).containsExactly("ban-end src=127.0.0.5 refused=3");
        assertThat(fail(ATTACKER, "1001")).as("a fresh start after the ban").isZero();
    }

    @Test
    void trustedSourcesAreNeverSlowedNorBannedButTheirFailuresAreLogged() {
        for (int i = 0; i < 20; i++) {
            assertThat(fail(TRUSTED, "1001")).isZero();
        }
        assertThat(guard.refuses(TRUSTED.getAddress())).isFalse();
        assertThat(guard.locked("1001")).isFalse();
        assertThat(security.at(Level.WARN)).hasSize(20).allMatch(m -> m.startsWith("auth-failure-exempt src=127.0.0.9 "));
    }

    @Test
    void anExtensionAttackedFromManyAddressesIsLockedToTheAddressesItRegisteredFrom() {
        guard.registered("1001", PHONE, "udp");
        for (int i = 0; i < 5; i++) {
            fail(source("127.0.1." + i, 5060), "1001"); // one failure each: no source is slowed
        }
        assertThat(guard.locked("1001")).isTrue();
        assertThat(guard.locked("1002")).isFalse();
        assertThat(guard.mayAuthenticate("1001", source("127.0.1.9", 5060), "REGISTER", "c")).isFalse();
        assertThat(guard.mayAuthenticate("1001", PHONE, "REGISTER", "c")).as("its own phone").isTrue();
        assertThat(guard.mayAuthenticate("1001", source("127.0.0.6", 6000), "INVITE", "c"))
                .as("same address, another port").isTrue();
        assertThat(guard.mayAuthenticate("1002", source("127.0.1.9", 5060), "REGISTER", "c")).isTrue();
        assertThat(guard.lockRefusals()).isEqualTo(1);
        assertThat(security.at(Level.WARN)).contains("extension-lock-start user=1001 failures=5 duration=900s",
                "auth-refused src=127.0.1.9 port=5060 method=REGISTER user=1001 reason=extension-locked call-id=c");
        clock.advance(Duration.ofMinutes(15));
        guard.sweep();
        assertThat(guard.mayAuthenticate("1001", source("127.0.1.9", 5060), "REGISTER", "c")).isTrue();
        assertThat(security.at(Level.INFO)).contains("extension-lock-end user=1001 refused=1");
    }

    @Test
    void unknownUsersCountAgainstTheSourceButLockNothing() {
        for (int i = 0; i < 10; i++) {
            guard.failed(source("127.0.2." + i, 5060), "udp", "REGISTER", "9999", Reason.UNKNOWN_USER, "c");
        }
        assertThat(guard.locked("9999")).isFalse();
        for (int i = 0; i < 6; i++) {
            guard.failed(ATTACKER, "udp", "REGISTER", "100" + i, Reason.UNKNOWN_USER, "c");
        }
        assertThat(guard.refuses(ATTACKER.getAddress())).as("svwar guessing extensions is banned too").isTrue();
    }

    @Test
    void aNewAddressIsReportedOnceAndAStoredOneNever() {
        guard.knownAddress("1002", PHONE.getAddress());
        assertThat(guard.registered("1002", PHONE, "udp")).isFalse();
        assertThat(guard.registered("1001", PHONE, "udp")).isTrue();
        assertThat(guard.registered("1001", source("127.0.0.6", 7000), "tcp")).isFalse();
        assertThat(security.at(Level.INFO)).containsExactly("new-address user=1001 src=127.0.0.6 port=5060 transport=udp");
    }

    @Test
    void ipv6SourcesCountByTheirSlash64() throws Exception {
        for (int i = 1; i <= 6; i++) {
            fail(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2::" + i), 5060), "1001");
        }
        assertThat(guard.refuses(InetAddress.getByName("2001:db8:1:2::ffff"))).isTrue();
        assertThat(guard.refuses(InetAddress.getByName("2001:db8:1:3::1"))).isFalse();
        assertThat(security.at(Level.WARN)).contains(
                "ban-start src=2001:db8:1:2:0:0:0:0/64 failures=6 window=60s duration=600s");
    }

    @Test
    void whatAPeerWroteCannotForgeALogLine() {
        guard.failed(ATTACKER, "udp", "REGISTER", "1001 reason=ok\nban-end src=1.2.3.4", Reason.UNKNOWN_USER,
                "x y");
        assertThat(security.at(Level.WARN)).singleElement().isEqualTo("auth-failure src=127.0.0.5 port=5070"
                + " transport=udp method=REGISTER user=1001_reason_ok_ban-end_src_1.2.3.4 reason=unknown-user"
                + " failures=1 call-id=x_y");
    }

    @Test
    void theSourceTableIsBounded() {
        AuthGuard small = new AuthGuard(CONFIG, a -> false, u -> false, clock, new SecurityLog(), 16);
        for (int i = 0; i < 1000; i++) {
            small.failed(source("10.0." + (i / 250) + "." + (i % 250), 5060), "udp", "REGISTER", "x",
                    Reason.UNKNOWN_USER, "c");
        }
        for (int i = 0; i < 5; i++) {
            small.failed(ATTACKER, "udp", "REGISTER", "x", Reason.UNKNOWN_USER, "c");
        }
        assertThat(small.challengeDelay(ATTACKER.getAddress())).as("the latest sources are kept")
                .isEqualTo(Duration.ofMillis(200));
    }
}
