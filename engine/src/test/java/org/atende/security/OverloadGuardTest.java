package org.atende.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.Test;

/** The overload state follows the worst loop's lag, logging each change once. */
class OverloadGuardTest {

    @Test
    void newCallsAreRefusedWhileAnyLoopIsLaterThanTheLimitAndTakenAgainAfter() {
        AtomicLong first = new AtomicLong();
        AtomicLong second = new AtomicLong();
        OverloadGuard guard = new OverloadGuard(List.of(first::get, second::get), Duration.ofMillis(200));
        try (LogCapture log = new LogCapture(OverloadGuard.class)) {
            assertThat(guard.refusesNewCall()).isFalse();
            second.set(Duration.ofMillis(350).toNanos());
            assertThat(guard.refusesNewCall()).isTrue();
            assertThat(guard.refusesNewCall()).isTrue();
            assertThat(guard.state()).isEqualTo(OverloadGuard.State.OVERLOADED);
            second.set(Duration.ofMillis(200).toNanos());
            assertThat(guard.refusesNewCall()).as("at the limit, not over it").isFalse();
            assertThat(guard.refused()).isEqualTo(2);
            assertThat(log.at(Level.WARN)).containsExactly(
                    "overloaded: an event loop runs 350 ms late (limit 200 ms); new calls get 503 until it catches up");
            assertThat(log.at(Level.INFO)).containsExactly("no longer overloaded: new calls are taken again (2 refused"
                    + " so far)");
        }
    }
}
