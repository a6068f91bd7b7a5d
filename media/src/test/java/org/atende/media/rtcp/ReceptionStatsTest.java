package org.atende.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReceptionStatsTest {

    private static final long MS = 1_000_000L;
    private static final int RATE = 8000;
    private static final long SSRC = 0x11223344L;

    /** Packet {@code seq} of a 20 ms G.711 stream arriving on time plus {@code delayMs}. */
    private static boolean feed(ReceptionStats stats, int seq, double delayMs) {
        return stats.onRtp(seq & 0xFFFF, 160L * seq, seq * 20 * MS + (long) (delayMs * MS), RATE);
    }

    @Test
    void fractionLostFollowsA3Intervals() {
        ReceptionStats stats = new ReceptionStats(SSRC);
        feed(stats, 1000, 0); // probation
        feed(stats, 1001, 0); // validated: base 1001
        for (int seq = 1002; seq <= 1100; seq++) {
            if (seq % 10 != 5) { // loses 1005, 1015, ..., 1095: 10 of the 100 expected
                feed(stats, seq, 0);
            }
        }
        ReportBlock first = stats.nextReportBlock(3 * 1_000_000_000L);
        assertThat(first.fractionLost()).isEqualTo(25); // (10 << 8) / 100
        assertThat(first.cumulativeLost()).isEqualTo(10);
        assertThat(first.extendedHighestSequence()).isEqualTo(1100);
        assertThat(first.ssrc()).isEqualTo(SSRC);

        for (int seq = 1101; seq <= 1200; seq++) {
            feed(stats, seq, 0);
        }
        ReportBlock second = stats.nextReportBlock(6 * 1_000_000_000L);
        assertThat(second.fractionLost()).as("no loss in the second interval").isZero();
        assertThat(second.cumulativeLost()).isEqualTo(10);

        for (int seq = 1201; seq <= 1300; seq++) {
            if (seq > 1250) {
                feed(stats, seq, 0);
            }
        }
        assertThat(stats.nextReportBlock(9 * 1_000_000_000L).fractionLost()).isEqualTo(128); // 50 of 100
        assertThat(stats.totalExpected()).isEqualTo(300);
        assertThat(stats.totalLost()).isEqualTo(60);
    }

    @Test
    void duplicatesGiveZeroFractionNotNegative() {
        ReceptionStats stats = new ReceptionStats(SSRC);
        for (int seq = 0; seq <= 10; seq++) {
            feed(stats, seq, 0);
            feed(stats, seq, 1);
        }
        ReportBlock block = stats.nextReportBlock(0);
        assertThat(block.fractionLost()).isZero();
        assertThat(block.cumulativeLost()).isNegative();
    }

    @Test
    void jitterIsZeroForPerfectlyPacedArrivals() {
        ReceptionStats stats = new ReceptionStats(SSRC);
        for (int seq = 0; seq < 500; seq++) {
            feed(stats, seq, 35); // constant network delay is not jitter
        }
        assertThat(stats.jitter()).isZero();
        assertThat(stats.maxJitterMs()).isZero();
    }

    @Test
    void alternatingTenMillisecondDelayConvergesToTenMillisecondsJitter() {
        ReceptionStats stats = new ReceptionStats(SSRC);
        for (int seq = 0; seq < 500; seq++) {
            feed(stats, seq, seq % 2 == 0 ? 0 : 10); // |D| = 10 ms = 80 units for every pair
        }
        assertThat(stats.jitterMs()).isCloseTo(10.0, within(0.2));
        assertThat(stats.jitter()).isBetween(78L, 80L);
        assertThat(stats.maxJitterMs()).isLessThanOrEqualTo(10.0);
        assertThat(stats.meanJitterMs()).isBetween(9.0, 10.0); // includes the ramp up from 0
    }

    @Test
    void uniformRandomDelayGivesAThirdOfItsRangeAsJitter() {
        // D is the difference of two independent uniform [0, 30 ms] delays: E|D| = 30 / 3 = 10 ms
        SplittableRandom random = new SplittableRandom(42);
        ReceptionStats stats = new ReceptionStats(SSRC);
        double sum = 0;
        int samples = 0;
        for (int seq = 0; seq < 20_000; seq++) {
            feed(stats, seq, random.nextDouble(30));
            if (seq > 1000) {
                sum += stats.jitterMs();
                samples++;
            }
        }
        assertThat(sum / samples).isCloseTo(10.0, within(0.5));
    }

    @Test
    void timestampJumpRestartsJitterInsteadOfSpiking() {
        ReceptionStats stats = new ReceptionStats(SSRC);
        for (int seq = 0; seq < 100; seq++) {
            feed(stats, seq, 0);
        }
        // same SSRC, same sequence, but the RTP clock jumps by about 3 days (a media source switch)
        for (int seq = 100; seq < 200; seq++) {
            stats.onRtp(seq, 160L * seq + 2_000_000_000L, seq * 20 * MS, RATE);
        }
        assertThat(stats.timestampDiscontinuities()).isEqualTo(1);
        assertThat(stats.maxJitterMs()).isZero();
        assertThat(stats.jitter()).isZero();
    }

    @Test
    void sequenceRestartKeepsEarlierPacketsInTheTotals() {
        ReceptionStats stats = new ReceptionStats(SSRC);
        for (int seq = 0; seq <= 50; seq++) {
            if (seq != 20) {
                feed(stats, seq, 0);
            }
        }
        stats.nextReportBlock(0);
        assertThat(stats.totalLost()).isEqualTo(1);
        // the source restarts at 40000 and keeps going: the second packet confirms the restart
        for (int seq = 40000; seq <= 40010; seq++) {
            stats.onRtp(seq, 160L * seq, seq * 20 * MS, RATE);
        }
        assertThat(stats.totalExpected()).isEqualTo(50 + 10);
        assertThat(stats.totalReceived()).isEqualTo(49 + 10);
        ReportBlock block = stats.nextReportBlock(0);
        assertThat(block.fractionLost()).as("interval restarts with the source").isZero();
        assertThat(block.extendedHighestSequence()).isEqualTo(40010);
        assertThat(stats.invalidPackets()).isEqualTo(2); // the first probation packet and 40000
    }

    @Test
    void blockEchoesTheLastSenderReportWithTheTimeHeld() {
        ReceptionStats stats = new ReceptionStats(SSRC);
        for (int seq = 0; seq <= 10; seq++) {
            feed(stats, seq, 0);
        }
        assertThat(stats.nextReportBlock(0).lastSenderReport()).isZero();
        feed(stats, 11, 0);
        stats.onSenderReport(0xb7052000L, 7_000 * MS);
        ReportBlock block = stats.nextReportBlock(12_250 * MS);
        assertThat(block.lastSenderReport()).isEqualTo(0xb7052000L);
        assertThat(block.delaySinceLastSenderReport()).isEqualTo(0x0005_4000L); // 5.25 s
    }

    @Test
    void noBlockWhileOnProbation() {
        ReceptionStats stats = new ReceptionStats(SSRC);
        assertThat(feed(stats, 7, 0)).isFalse();
        assertThat(stats.hasReportBlock()).isFalse();
        assertThat(feed(stats, 8, 0)).isTrue();
        assertThat(stats.hasReportBlock()).isTrue();
    }

    @Test
    void cumulativeLossIsClampedTo24Bits() {
        assertThat(ReportBlock.clampCumulativeLost(10_000_000)).isEqualTo(0x7FFFFF);
        assertThat(ReportBlock.clampCumulativeLost(-10_000_000)).isEqualTo(-0x800000);
        assertThat(ReportBlock.clampCumulativeLost(-5)).isEqualTo(-5);
    }
}
