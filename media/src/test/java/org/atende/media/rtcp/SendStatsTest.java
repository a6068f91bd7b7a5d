package org.atende.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendStatsTest {

    @Test
    void countsPacketsAndPayloadOctets() {
        SendStats sent = new SendStats();
        assertThat(sent.sentSinceLastReport()).isFalse();
        assertThat(sent.rtpTimestampAt(123)).isZero();
        sent.onRtpSent(0, 160, 0, 8000);
        sent.onRtpSent(160, 160, 20_000_000, 8000);
        assertThat(sent.packetsSent()).isEqualTo(2);
        assertThat(sent.octetsSent()).isEqualTo(320);
        assertThat(sent.sentSinceLastReport()).isTrue();
        sent.onReportWritten();
        assertThat(sent.sentSinceLastReport()).isFalse();
        assertThat(sent.packetsSent()).as("counts are cumulative").isEqualTo(2);
    }

    @Test
    void rtpTimestampIsExtrapolatedToTheReportTimeAndWraps() {
        SendStats sent = new SendStats();
        sent.onRtpSent(0xFFFF_FF00L, 160, 10_000_000_000L, 8000);
        assertThat(sent.rtpTimestampAt(10_000_000_000L)).isEqualTo(0xFFFF_FF00L);
        // 2.5 s later: 20000 ticks on, past the 32-bit wrap
        assertThat(sent.rtpTimestampAt(12_500_000_000L)).isEqualTo((0xFFFF_FF00L + 20_000) & 0xFFFF_FFFFL);
        // a report time before the last packet (clock read earlier) does not go backwards
        assertThat(sent.rtpTimestampAt(9_000_000_000L)).isEqualTo(0xFFFF_FF00L);
    }
}
