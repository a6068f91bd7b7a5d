package org.atende.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistrationTimingTest {

    @Test
    void refreshComesAfter80PercentButAtLeastFiveSecondsBeforeExpiry() {
        assertThat(RegistrationTiming.refreshDelay(Duration.ofSeconds(3600))).isEqualTo(Duration.ofSeconds(2880));
        assertThat(RegistrationTiming.refreshDelay(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(96));
        assertThat(RegistrationTiming.refreshDelay(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(15));
        assertThat(RegistrationTiming.refreshDelay(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void retryWaitStartsAt30SecondsAndDoublesUpToTenMinutes() {
        assertThat(RegistrationTiming.retryDelay(1, 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RegistrationTiming.retryDelay(2, 0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RegistrationTiming.retryDelay(3, 0)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RegistrationTiming.retryDelay(5, 0)).isEqualTo(Duration.ofSeconds(300));
        assertThat(RegistrationTiming.retryDelay(1, 0.5)).isEqualTo(Duration.ofSeconds(45));
        assertThat(RegistrationTiming.retryDelay(1_000, 0.999_999)).isLessThan(Duration.ofMinutes(10));
        assertThatThrownBy(() -> RegistrationTiming.retryDelay(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistrationTiming.retryDelay(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
