package org.atende.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.atende.config.DialOutConfig;
import org.atende.config.DialOutConfig.Limits;
import org.atende.config.NumberClass;
import org.atende.sip.auth.MutableClock;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The toll-fraud guard: kinds allowed, calls at once, minutes a day; each refusal a security line. */
class DialOutGuardTest {

    private static final Set<NumberClass> NATIONAL_MOBILE = Set.of(NumberClass.NATIONAL, NumberClass.MOBILE);
    private static final DialOutConfig CONFIG = new DialOutConfig(Optional.of("carrier"), NATIONAL_MOBILE, 3, 60,
            new Limits(NATIONAL_MOBILE, 2, 10),
            Map.of("1002", new Limits(Set.of(NumberClass.NATIONAL, NumberClass.INTERNATIONAL), 1, 10)));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final DialOutGuard guard = new DialOutGuard(CONFIG, "55", clock, ZoneOffset.UTC);
    private final LogCapture security = new LogCapture(SecurityLog.LOGGER);

    @AfterEach
    void detach() {
        security.close();
    }

    @Test
    void onlyTheKindsAllowedForTheCallerGoOut() {
        assertThat(guard.admit("1001", "011987654321", "c1")).isPresent();
        assertThat(guard.admit("1001", "+232 76 123456", "c2")).isEmpty();
        assertThat(guard.admit("1002", "+232 76 123456", "c3")).as("1002 may call abroad").isPresent();
        assertThat(guard.admit("1001", "0900 123 4567", "c4")).as("premium").isEmpty();
        assertThat(guard.admit(null, "+232 76 123456", "c5")).as("a flow, with the common allow").isEmpty();
        assertThat(guard.admit("1001", "12", "c6")).as("not a number").isEmpty();
        assertThat(security.at(Level.WARN)).containsExactly(
                "dial-out-refused caller=1001 number=+2327612xxxx kind=international reason=not-allowed call-id=c2",
                "dial-out-refused caller=1001 number=0900123xxxx kind=premium reason=not-allowed call-id=c4",
                "dial-out-refused caller=flow number=+2327612xxxx kind=international reason=not-allowed call-id=c5",
                "dial-out-refused caller=1001 number=xxxx kind=unknown reason=unknown-number call-id=c6");
        assertThat(guard.refused()).isEqualTo(4);
    }

    @Test
    void callsAtOnceAreBoundedPerExtensionAndTogether() {
        DialOutGuard.Ticket first = guard.admit("1001", "011987654321", "a").orElseThrow();
        assertThat(guard.admit("1001", "011987654322", "b")).isPresent();
        assertThat(guard.admit("1001", "011987654323", "c")).as("1001's two").isEmpty();
        assertThat(guard.admit("1003", "011987654324", "d")).isPresent();
        assertThat(guard.admit("1004", "011987654325", "e")).as("three together").isEmpty();
        guard.ended(first, Duration.ofSeconds(30));
        assertThat(guard.admit("1001", "011987654323", "f")).isPresent();
        assertThat(security.at(Level.WARN)).extracting(m -> m.replaceAll(".* reason=(\\S+) .*", "$1"))
                .containsExactly("extension-max-calls", "max-calls");
    }

    @Test
    void minutesADayAreBoundedAndCountAgainTomorrow() {
        DialOutGuard.Ticket call = guard.admit("1001", "011987654321", "a").orElseThrow();
        guard.ended(call, Duration.ofMinutes(10));
        assertThat(guard.admit("1001", "011987654321", "b")).as("1001's 10 minutes used").isEmpty();
        DialOutGuard.Ticket third = guard.admit("1003", "011987654321", "c").orElseThrow();
        clock.advance(Duration.ofMinutes(45));
        DialOutGuard.Ticket fourth = guard.admit("1004", "011987654321", "d").orElseThrow(); // 10 + 45 of 60
        clock.advance(Duration.ofMinutes(3));
        assertThat(guard.admit("1005", "011987654321", "e")).as("the running calls' minutes count before they end")
                .isEmpty();
        guard.ended(third, Duration.ofMinutes(48));
        guard.ended(fourth, Duration.ofMinutes(3));
        clock.advance(Duration.ofDays(1));
        assertThat(guard.admit("1001", "011987654321", "d")).as("a new day").isPresent();
    }
}
