package org.atende.acd.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link HandleTimes} and {@link AbandonRate}: rings of the last N, with a minimum below which they say nothing. */
class HistoryTest {

    @Test
    void handleTimesKeepTheLastCapacityCalls() {
        HandleTimes h = new HandleTimes(3, 2);
        h.record(Duration.ofSeconds(100));
        assertThat(h.enough()).isFalse();
        h.record(Duration.ofSeconds(200));
        assertThat(h.enough()).isTrue();
        assertThat(h.meanSeconds()).isEqualTo(150);
        h.record(Duration.ofSeconds(300));
        h.record(Duration.ofSeconds(400)); // 100 drops out
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.meanSeconds()).isEqualTo(300);
        assertThat(h.sortedSeconds()).containsExactly(200, 300, 400);
    }

    @Test
    void handleTimesRefuseANegativeTimeAndAMinimumOverTheCapacity() {
        assertThatThrownBy(() -> new HandleTimes(10, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HandleTimes().record(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHangUpRateIsTheHangUpsPerSecondWaited() {
        AbandonRate r = new AbandonRate(4, 3);
        r.answered(Duration.ofSeconds(60));
        r.abandoned(Duration.ofSeconds(30));
        assertThat(r.perSecond()).isEmpty();
        r.answered(Duration.ofSeconds(10));
        assertThat(r.perSecond().getAsDouble()).isCloseTo(1 / 100.0, within(1e-12));
        r.abandoned(Duration.ofSeconds(100));
        r.answered(Duration.ofSeconds(0)); // the 60 s answered drops out
        assertThat(r.perSecond().getAsDouble()).isCloseTo(2 / 140.0, within(1e-12));
    }

    @Test
    void noHangUpRateWhenNobodyWaited() {
        AbandonRate r = new AbandonRate(10, 2);
        r.answered(Duration.ZERO);
        r.answered(Duration.ZERO);
        assertThat(r.perSecond()).isEmpty();
    }
}
