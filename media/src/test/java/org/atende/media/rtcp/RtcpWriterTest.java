package org.atende.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtcpWriterTest {

    private static final long OUR_SSRC = 0xCAFEBABEL;
    private static final long PEER_SSRC = 0x12345678L;
    private static final long NTP = 0xe020a2a952a53fc0L;
    private static final long SECOND = 1_000_000_000L;

    private final RtcpBytes bytes = new RtcpBytes();
    private final RtcpCompound compound = new RtcpCompound();

    @AfterEach
    @AfterTry
    void release() {
        bytes.close();
    }

    /** A reception with a validated peer source at seq 1..10, arriving every 20 ms. */
    private static ReceptionStats receptionOfTenPackets() {
        ReceptionStats reception = new ReceptionStats(PEER_SSRC);
        for (int seq = 0; seq <= 10; seq++) {
            reception.onRtp(seq, seq * 160L, seq * 20_000_000L, 8000);
        }
        return reception;
    }

    @Test
    void senderReportRoundTripsThroughTheReader() {
        ByteBuf out = bytes.empty();
        ReportBlock block = new ReportBlock(PEER_SSRC, 25, -3, 0x1_0005L, 42, 0xa2a952a5L, 0x0005_4000L);
        RtcpWriter.writeSenderReport(out, OUR_SSRC, NTP, 0xfffffff0L, 0x1_0000_0007L, 1234, block);
        assertThat(out.readableBytes()).isEqualTo(52);
        assertThat(compound.read(out)).isTrue();
        assertThat(compound.isSenderReport()).isTrue();
        assertThat(compound.ssrc()).isEqualTo(OUR_SSRC);
        assertThat(compound.ntpTimestamp()).isEqualTo(NTP);
        assertThat(compound.rtpTimestamp()).isEqualTo(0xfffffff0L);
        assertThat(compound.senderPacketCount()).as("wraps at 32 bits").isEqualTo(7);
        assertThat(compound.senderOctetCount()).isEqualTo(1234);
        assertThat(compound.reportBlockCount()).isEqualTo(1);
        assertThat(compound.reportBlock(0)).isEqualTo(block);
    }

    @Test
    void reportWithoutRtpSentIsReceiverReportWithBlockAndCname() {
        ByteBuf out = bytes.empty();
        RtcpWriter writer = new RtcpWriter(OUR_SSRC, "abc");
        int written = writer.writeReport(out, new SendStats(), receptionOfTenPackets(), NTP, 11 * 20_000_000L);
        // RR: 8 + 24; SDES: 8 + 2 + 3 + 3 nulls
        assertThat(written).isEqualTo(32 + 16).isEqualTo(out.readableBytes());
        assertThat(HexFormat.of().formatHex(RtcpBytes.toArray(out.slice(32, 16))))
                .isEqualTo("81ca0003" + "cafebabe" + "0103" + "616263" + "000000");
        assertThat(compound.read(out)).isTrue();
        assertThat(compound.isSenderReport()).isFalse();
        assertThat(compound.packetCount()).isEqualTo(2);
        assertThat(compound.reportBlock(0)).isEqualTo(new ReportBlock(PEER_SSRC, 0, 0, 10, 0, 0, 0));
    }

    @Test
    void reportAfterSendingIsSenderReportThenReceiverReportWhenSilent() {
        RtcpWriter writer = new RtcpWriter(OUR_SSRC, "atende@example");
        SendStats sent = new SendStats();
        for (int i = 0; i < 50; i++) {
            sent.onRtpSent(1000 + i * 160L, 160, i * 20_000_000L, 8000);
        }
        ByteBuf first = bytes.empty();
        writer.writeReport(first, sent, null, NTP, SECOND);
        assertThat(compound.read(first)).isTrue();
        assertThat(compound.isSenderReport()).isTrue();
        assertThat(compound.senderPacketCount()).isEqualTo(50);
        assertThat(compound.senderOctetCount()).isEqualTo(8000);
        // last packet at 0.98 s with ts 1000 + 49*160; 20 ms later the clock is one frame on
        assertThat(compound.rtpTimestamp()).isEqualTo(1000 + 50 * 160);
        assertThat(compound.reportBlockCount()).isZero();

        ByteBuf second = bytes.empty();
        writer.writeReport(second, sent, null, NTP, 6 * SECOND);
        assertThat(compound.read(second)).isTrue();
        assertThat(compound.isSenderReport()).as("nothing sent since the SR").isFalse();
    }

    @Test
    void noBlockForASourceSilentSinceTheLastReport() {
        RtcpWriter writer = new RtcpWriter(OUR_SSRC, "x");
        ReceptionStats reception = receptionOfTenPackets();
        ByteBuf first = bytes.empty();
        writer.writeReport(first, new SendStats(), reception, NTP, SECOND);
        assertThat(compound.read(first)).isTrue();
        assertThat(compound.reportBlockCount()).isEqualTo(1);
        ByteBuf second = bytes.empty();
        writer.writeReport(second, new SendStats(), reception, NTP, 2 * SECOND);
        assertThat(compound.read(second)).isTrue();
        assertThat(compound.reportBlockCount()).isZero();
    }

    @Test
    void byeVariantEndsWithByeForOurSsrc() {
        ByteBuf out = bytes.empty();
        int written = new RtcpWriter(OUR_SSRC, "x").writeBye(out, new SendStats(), null, NTP, 0);
        assertThat(written).isEqualTo(8 + 12 + 8);
        assertThat(HexFormat.of().formatHex(RtcpBytes.toArray(out.slice(20, 8)))).isEqualTo("81cb0001cafebabe");
        assertThat(compound.read(out)).isTrue();
        assertThat(compound.hasBye()).isTrue();
        assertThat(compound.packetCount()).isEqualTo(3);
    }

    @Test
    void writesAtTheWriterIndexWithoutTouchingWhatIsBefore() {
        ByteBuf out = bytes.empty();
        out.writeInt(0x01020304);
        int written = new RtcpWriter(OUR_SSRC, "x").writeReport(out, new SendStats(), null, NTP, 0);
        assertThat(out.getInt(0)).isEqualTo(0x01020304);
        assertThat(out.readableBytes()).isEqualTo(4 + written);
        assertThat(compound.read(out.skipBytes(4))).isTrue();
    }

    @Test
    void cnameMustFitTheItemLength() {
        assertThatThrownBy(() -> new RtcpWriter(1, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtcpWriter(1, "x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 100)
    void everyCnameLengthGivesAValidWordAlignedCompound(@ForAll @IntRange(min = 1, max = 255) int length) {
        ByteBuf out = bytes.empty();
        String cname = "c".repeat(length);
        new RtcpWriter(OUR_SSRC, cname).writeReport(out, new SendStats(), null, NTP, 0);
        assertThat(out.readableBytes() % 4).isZero();
        assertThat(compound.read(out)).as(String.valueOf(compound.malformation())).isTrue();
        int sdes = 8; // after the empty RR
        assertThat((int) out.getUnsignedByte(sdes + 9)).isEqualTo(length);
        assertThat(out.toString(sdes + 10, length, StandardCharsets.UTF_8)).isEqualTo(cname);
        assertThat(out.getByte(sdes + 10 + length)).as("terminating null").isZero();
    }
}
