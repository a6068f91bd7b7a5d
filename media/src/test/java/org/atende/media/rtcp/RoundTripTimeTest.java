package org.atende.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RoundTripTimeTest {

    @Test
    void rfc3550Figure2Example() {
        // A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000 (5.250 s)
        assertThat(RoundTripTime.compute(0xb7108000L, 0xb7052000L, 0x00054000L)).isEqualTo(0x0006_2000L);
        RoundTripTime rtt = new RoundTripTime();
        assertThat(rtt.onReportBlock(0xb7052000L, 0x00054000L, 0xb7108000L)).isTrue();
        assertThat(rtt.lastMillis()).isEqualTo(6125.0);
    }

    @Test
    void ntpTimestampOfTheRfcExample() {
        // 10 Nov 1995 11:33:25.125 UTC is ntp_sec 0xb44db705, ntp_frac 0x20000000
        long ntp = NtpTime.of(Instant.parse("1995-11-10T11:33:25.125Z"));
        assertThat(ntp).isEqualTo(0xb44db705_20000000L);
        assertThat(NtpTime.middle32(ntp)).isEqualTo(0xb7052000L);
        Clock clock = Clock.fixed(Instant.parse("1995-11-10T11:33:36.500Z"), ZoneOffset.UTC);
        assertThat(NtpTime.middle32(NtpTime.now(clock))).isEqualTo(0xb7108000L);
    }

    @Test
    void shortUnitConversions() {
        assertThat(NtpTime.nanosToShortUnits(5_250_000_000L)).isEqualTo(0x0005_4000L);
        assertThat(NtpTime.nanosToShortUnits(1_000_000L)).isEqualTo(65); // 65.536 truncated
        assertThat(NtpTime.shortUnitsToMillis(0x0006_2000L)).isEqualTo(6125.0);
    }

    @Test
    void computesAcrossTheWrapOfTheMiddle32Bits() {
        // our SR at middle32 0xffff:f000, the report arrives 0.5 s later after a 0.25 s hold
        assertThat(RoundTripTime.compute(0x0000_7000L, 0xffff_f000L, 0x0000_4000L)).isEqualTo(0x4000L);
    }

    @Test
    void noSampleWithoutLsrAndNegativeResultsAreRejected() {
        RoundTripTime rtt = new RoundTripTime();
        assertThat(rtt.onReportBlock(0, 0, 0xb7108000L)).isFalse();
        assertThat(rtt.rejected()).isZero();
        assertThat(rtt.onReportBlock(0xb7052000L, 0x000F0000L, 0xb7108000L)).isFalse(); // DLSR longer than A − LSR
        assertThat(rtt.rejected()).isEqualTo(1);
        assertThat(rtt.samples()).isZero();
        assertThat(rtt.lastMillis()).isNaN();
        assertThat(rtt.averageMillis()).isNaN();
    }

    @Test
    void averageAndMaximum() {
        RoundTripTime rtt = new RoundTripTime();
        rtt.onReportBlock(0x1000_0000L, 0, 0x1000_0000L + 6554); // ~100 ms
        rtt.onReportBlock(0x2000_0000L, 0, 0x2000_0000L + 19661); // ~300 ms
        assertThat(rtt.samples()).isEqualTo(2);
        assertThat(rtt.averageMillis()).isCloseTo(200, within(0.1));
        assertThat(rtt.maxMillis()).isCloseTo(300, within(0.1));
        assertThat(rtt.lastMillis()).isCloseTo(300, within(0.1));
    }
}
