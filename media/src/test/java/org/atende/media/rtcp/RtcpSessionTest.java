package org.atende.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import java.time.Instant;
import java.util.function.IntPredicate;
import org.atende.media.quality.CodecImpairment;
import org.atende.media.quality.EModel;
import org.atende.media.quality.LegQuality;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two sessions, Atende's leg and a simulated peer, exchanging RTP and RTCP over a link with a fixed one-way
 * delay; both clocks are the same monotonic nanoseconds, and NTP is a fixed epoch plus those nanoseconds.
 */
class RtcpSessionTest {

    private static final long MS = 1_000_000L;
    private static final long ATENDE_SSRC = 0xA7E9DE00L;
    private static final long PEER_SSRC = 0x0BEE0BEEL;
    private static final long ONE_WAY = 40 * MS;
    private static final Instant EPOCH = Instant.parse("2024-05-01T12:00:00Z");

    private final RtcpBytes bytes = new RtcpBytes();
    private final RtcpSession atende = new RtcpSession(ATENDE_SSRC, "atende", CodecImpairment.G711_PLC, 20);
    private final RtcpSession peer = new RtcpSession(PEER_SSRC, "peer", CodecImpairment.G711_PLC, 20);

    @AfterEach
    void release() {
        bytes.close();
    }

    private static long ntp(long nanos) {
        return NtpTime.of(EPOCH.getEpochSecond() + nanos / 1_000_000_000L, (int) (nanos % 1_000_000_000L));
    }

    /** 20 ms of G.711 both ways for {@code packets} packets from time 0; the peer's packet i is lost if asked. */
    private void talk(int packets, IntPredicate peerPacketLost) {
        talk(0, packets, peerPacketLost);
    }

    /** Packets {@code from} (inclusive) to {@code to} (exclusive), packet i sent at i × 20 ms. */
    private void talk(int from, int to, IntPredicate peerPacketLost) {
        for (int i = from; i < to; i++) {
            long t = i * 20 * MS;
            atende.onRtpSent(160L * i, 160, t, 8000);
            peer.onRtpReceived(ATENDE_SSRC, i, 160L * i, t + ONE_WAY, 8000);
            peer.onRtpSent(5000 + 160L * i, 160, t, 8000);
            if (!peerPacketLost.test(i)) {
                atende.onRtpReceived(PEER_SSRC, 30000 + i, 5000 + 160L * i, t + ONE_WAY, 8000);
            }
        }
    }

    /** {@code from} writes a report at {@code t}; {@code to} reads it one link delay later. */
    private void report(RtcpSession from, RtcpSession to, long t) {
        ByteBuf datagram = bytes.empty();
        from.writeReport(datagram, ntp(t), t);
        assertThat(to.onRtcp(datagram, ntp(t + ONE_WAY), t + ONE_WAY)).isTrue();
    }

    @Test
    void exchangeGivesRoundTripLossJitterAndMos() {
        talk(250, i -> i % 20 == 10); // the peer's packets 10, 30, ..., 230 are lost: 12
        report(atende, peer, 5_000 * MS);  // our SR reaches the peer at 5.04 s
        report(peer, atende, 5_500 * MS);  // its SR, with LSR = ours and DLSR = 0.46 s, reaches us at 5.54 s

        assertThat(atende.roundTripTime().samples()).isEqualTo(1);
        assertThat(atende.roundTripTime().lastMillis()).isCloseTo(80, within(0.1));
        assertThat(peer.roundTripTime().samples()).as("our report had no LSR yet").isZero();

        LegQuality quality = atende.snapshot();
        assertThat(quality.packetsSent()).isEqualTo(250);
        // the first packet is the source's probation packet; 249 expected after it
        assertThat(quality.packetsReceived()).isEqualTo(249 - 12);
        assertThat(quality.packetsLost()).isEqualTo(12);
        assertThat(quality.lossPercent()).isCloseTo(12 * 100.0 / 249, within(1e-9));
        assertThat(quality.jitterMs()).isZero();
        assertThat(quality.rttMs()).isCloseTo(80, within(0.1));
        assertThat(quality.remoteLossPercent()).isZero();
        assertThat(quality.remoteJitterMs()).isZero();
        double inbound = EModel.DEFAULT.mos(40 + 20 + 20, quality.lossPercent(), CodecImpairment.G711_PLC);
        assertThat(quality.mos()).isCloseTo(inbound, within(0.01)).isBetween(3.7, 4.0);
    }

    @Test
    void secondRoundTripUsesThePeersEchoOfOurLatestReport() {
        talk(250, i -> false);
        report(atende, peer, 5_000 * MS);
        report(peer, atende, 5_100 * MS);
        talk(250, 500, i -> false); // a block is only sent about a source heard since the last report
        report(atende, peer, 10_000 * MS);
        report(peer, atende, 12_000 * MS);
        assertThat(atende.roundTripTime().samples()).isEqualTo(2);
        assertThat(atende.roundTripTime().averageMillis()).isCloseTo(80, within(0.1));
        // the peer measured too, from our second report's echo of its SR
        assertThat(peer.roundTripTime().samples()).isEqualTo(1);
        assertThat(peer.roundTripTime().lastMillis()).isCloseTo(80, within(0.1));
        assertThat(atende.snapshot().mos()).isCloseTo(EModel.DEFAULT.mos(80, 0, CodecImpairment.G711_PLC),
                within(0.01));
    }

    @Test
    void lossThePeerReportsOnOurStreamSetsTheMosWhenItIsTheWorseDirection() {
        for (int i = 0; i < 250; i++) {
            long t = i * 20 * MS;
            atende.onRtpSent(160L * i, 160, t, 8000);
            if (i % 5 != 3) { // 20 % of our packets lost on the way to the peer
                peer.onRtpReceived(ATENDE_SSRC, i, 160L * i, t + ONE_WAY, 8000);
            }
            atende.onRtpReceived(PEER_SSRC, i, 160L * i, t + ONE_WAY, 8000);
        }
        report(peer, atende, 5_000 * MS);
        LegQuality quality = atende.snapshot();
        assertThat(quality.lossPercent()).isZero();
        assertThat(quality.remoteLossPercent()).isCloseTo(20, within(0.5));
        assertThat(quality.mos()).isCloseTo(
                EModel.DEFAULT.mos(40, quality.remoteLossPercent(), CodecImpairment.G711_PLC), within(0.01));
        assertThat(quality.mos()).isLessThan(EModel.DEFAULT.mos(40, 0, CodecImpairment.G711_PLC));
    }

    @Test
    void byeFromThePeerIsNoticed() {
        talk(10, i -> false);
        ByteBuf datagram = bytes.empty();
        peer.writeBye(datagram, ntp(0), 200 * MS);
        assertThat(atende.byeReceived()).isFalse();
        assertThat(atende.onRtcp(datagram, ntp(240 * MS), 240 * MS)).isTrue();
        assertThat(atende.byeReceived()).isTrue();
    }

    @Test
    void malformedRtcpIsRefusedWithItsReason() {
        assertThat(atende.onRtcp(bytes.hex("80c90002 00000001"), ntp(0), 0)).isFalse();
        assertThat(atende.malformation()).isEqualTo(RtcpMalformation.LENGTH_OVERFLOW);
        assertThat(atende.reportsReceived()).isZero();
    }

    @Test
    void interleavedForeignSsrcIsIgnoredAndCounted() {
        for (int i = 0; i < 100; i++) {
            atende.onRtpReceived(PEER_SSRC, i, 160L * i, i * 20 * MS, 8000);
            atende.onRtpReceived(0xDDDD, 7 * i, 999L * i, i * 20 * MS, 8000); // never twice in a row
        }
        assertThat(atende.sourceSwitches()).isZero();
        assertThat(atende.foreignPackets()).isEqualTo(100);
        assertThat(atende.receptionStats().ssrc()).isEqualTo(PEER_SSRC);
        assertThat(atende.snapshot().packetsLost()).isZero();
    }

    @Test
    void newSourceTakesOverAndTheOldOneStaysInTheTotals() {
        for (int i = 0; i <= 100; i++) {
            if (i != 50) {
                atende.onRtpReceived(PEER_SSRC, i, 160L * i, i * 20 * MS, 8000);
            }
        }
        for (int i = 0; i <= 50; i++) {
            atende.onRtpReceived(0x5EC0, 9000 + i, 160L * i, (3000 + i * 20) * MS, 8000);
        }
        assertThat(atende.sourceSwitches()).isEqualTo(1);
        assertThat(atende.receptionStats().ssrc()).isEqualTo(0x5EC0);
        LegQuality quality = atende.snapshot();
        // old: 100 expected, 99 received; new: its first two packets go to the switch and probation, 49 after
        assertThat(quality.packetsLost()).isEqualTo(1);
        assertThat(quality.packetsReceived()).isEqualTo(99 + 49);
    }

    @Test
    void senderReportFromAnotherSsrcDoesNotSetOurLsr() {
        talk(10, i -> false);
        ByteBuf foreign = bytes.empty();
        RtcpWriter.writeSenderReport(foreign, 0xF00D, ntp(0), 0, 1, 1, null);
        assertThat(atende.onRtcp(foreign, ntp(0), 0)).isTrue();
        assertThat(atende.foreignSenderReports()).isEqualTo(1);
        ByteBuf ours = bytes.empty();
        atende.writeReport(ours, ntp(MS), MS);
        RtcpCompound compound = new RtcpCompound();
        assertThat(compound.read(ours)).isTrue();
        assertThat(compound.lastSenderReport(0)).isZero();
    }

    @Test
    void legThatCarriedNothingHasNoMos() {
        LegQuality quality = atende.snapshot();
        assertThat(quality.packetsSent()).isZero();
        assertThat(quality.mosKnown()).isFalse();
        assertThat(quality.rttKnown()).isFalse();
        assertThat(quality.lossPercent()).isZero();
    }
}
