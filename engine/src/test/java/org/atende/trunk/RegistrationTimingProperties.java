package org.atende.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class RegistrationTimingProperties {

    @Property(tries = 500)
    void refreshFallsInTheSecondHalfAndBeforeExpiry(@ForAll @IntRange(min = 1, max = 1_000_000) int seconds) {
        Duration granted = Duration.ofSeconds(seconds);
        Duration delay = RegistrationTiming.refreshDelay(granted);
        assertThat(delay).isGreaterThanOrEqualTo(granted.dividedBy(2)).isLessThan(granted);
        if (seconds >= 10) {
            assertThat(granted.minus(delay)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
    }

    @Property(tries = 500)
    void retryWaitIsBetweenHalfAndAllOfTheCeiling(@ForAll @IntRange(min = 1, max = 100) int failures,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double unit) {
        long ceiling = Math.min(600_000L, 30_000L << Math.min(failures, 10));
        Duration wait = RegistrationTiming.retryDelay(failures, unit);
        assertThat(wait.toMillis()).isBetween(ceiling / 2, ceiling);
        assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(30)).isLessThanOrEqualTo(Duration.ofMinutes(10));
    }
}
