package org.atende.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtcpCompoundTest {

    /**
     * A real SR + SDES compound (browser capture, from pion/rtcp issue #447, sender_report_test.go "with
     * extension"): SR with no report blocks, then an SDES with a 16-byte CNAME and two null octets.
     */
    static final String REAL_SR_SDES = """
            80c80006 2b7ec0c5 e020a2a9 52a53fc0 2e48a552 00000046 0000121d
            81ca0006 2b7ec0c5 01104c63 49667a58 6f6e446f 72645365 57360000
            """;

    /**
     * A real RR + SDES + BYE + PLI + RRR + APP compound from a packet dump (pion/rtcp packet_test.go
     * realPacket): one report block, CNAME of 38 bytes, and feedback and APP packets we skip.
     */
    static final String REAL_RR_SDES_BYE = """
            81c90007 902f9e2e bc5e9a40 00000000 000046e1 00000111 09f36432 00024a79
            81ca000c 902f9e2e 0126 7b396330 30656239 322d3161 66622d39 6434392d
            61343764 2d393166 36346565 65363966 357d 00000000
            81cb0001 902f9e2e
            81ce0002 902f9e2e 902f9e2e
            85cd0002 902f9e2e 902f9e2e
            80cc0003 4baae1ab 4e414d45 41424344
            """;

    /** RR with one block whose cumulative loss is negative (0xFFFFFE = −2), fraction 0x40. */
    static final String RR_NEGATIVE_LOSS = "81c90007 00000001 00000002 40fffffe 0001ffff 00000050 00000000 00000000";

    private final RtcpBytes bytes = new RtcpBytes();
    private final RtcpCompound compound = new RtcpCompound();

    @AfterEach
    @AfterTry
    void release() {
        bytes.close();
    }

    private RtcpMalformation refused(String hex) {
        ByteBuf packet = bytes.hex(hex);
        assertThat(compound.read(packet)).as("read " + hex).isFalse();
        assertThat(compound.reportBlockCount()).isZero();
        assertThat(compound.isSenderReport()).isFalse();
        return compound.malformation();
    }

    @Test
    void realSenderReportWithSdesYieldsSenderInfo() {
        ByteBuf packet = bytes.hex(REAL_SR_SDES);
        assertThat(compound.read(packet)).isTrue();
        assertThat(compound.malformation()).isNull();
        assertThat(compound.packetCount()).isEqualTo(2);
        assertThat(compound.isSenderReport()).isTrue();
        assertThat(compound.ssrc()).isEqualTo(0x2b7ec0c5L);
        assertThat(compound.ntpTimestamp()).isEqualTo(0xe020a2a952a53fc0L);
        assertThat(compound.ntpMiddle32()).isEqualTo(0xa2a952a5L);
        assertThat(compound.rtpTimestamp()).isEqualTo(0x2e48a552L);
        assertThat(compound.senderPacketCount()).isEqualTo(70);
        assertThat(compound.senderOctetCount()).isEqualTo(4637);
        assertThat(compound.reportBlockCount()).isZero();
        assertThat(compound.hasBye()).isFalse();
        assertThat(packet.readerIndex()).isZero();
        assertThat(packet.readableBytes()).isEqualTo(56);
    }

    @Test
    void realReceiverReportCompoundYieldsBlockAndBye() {
        assertThat(compound.read(bytes.hex(REAL_RR_SDES_BYE))).isTrue();
        assertThat(compound.packetCount()).isEqualTo(6);
        assertThat(compound.isSenderReport()).isFalse();
        assertThat(compound.ssrc()).isEqualTo(0x902f9e2eL);
        assertThat(compound.ntpTimestamp()).isZero();
        assertThat(compound.reportBlockCount()).isEqualTo(1);
        assertThat(compound.reportBlock(0)).isEqualTo(
                new ReportBlock(0xbc5e9a40L, 0, 0, 0x46e1, 273, 0x09f36432L, 150137));
        assertThat(compound.indexOfReportBlock(0xbc5e9a40L)).isZero();
        assertThat(compound.indexOfReportBlock(0x902f9e2eL)).isEqualTo(-1);
        assertThat(compound.hasBye()).isTrue();
    }

    @Test
    void cumulativeLostIsSignExtendedFrom24Bits() {
        assertThat(compound.read(bytes.hex(RR_NEGATIVE_LOSS))).isTrue();
        assertThat(compound.cumulativeLost(0)).isEqualTo(-2);
        assertThat(compound.fractionLost(0)).isEqualTo(64);
        assertThat(compound.extendedHighestSequence(0)).isEqualTo(0x1ffffL);
        assertThat(compound.jitter(0)).isEqualTo(80);
    }

    @Test
    void readsOnlyTheReadableBytes() {
        ByteBuf packet = bytes.hex("ffff " + REAL_SR_SDES + " ffff");
        packet.readerIndex(2).writerIndex(packet.writerIndex() - 2);
        assertThat(compound.read(packet)).isTrue();
        assertThat(compound.ssrc()).isEqualTo(0x2b7ec0c5L);
        assertThat(packet.readerIndex()).isEqualTo(2);
    }

    @Test
    void tooShortIsRefused() {
        assertThat(refused("")).isEqualTo(RtcpMalformation.TOO_SHORT);
        assertThat(refused("80c9 0001 0000 01")).isEqualTo(RtcpMalformation.TOO_SHORT);
    }

    @Test
    void wrongVersionIsRefusedInAnyPacket() {
        assertThat(refused("40c90001 00000001")).isEqualTo(RtcpMalformation.BAD_VERSION);
        assertThat(refused("c0c90001 00000001")).isEqualTo(RtcpMalformation.BAD_VERSION);
        assertThat(refused("80c90001 00000001 41ca0000")).isEqualTo(RtcpMalformation.BAD_VERSION);
    }

    @Test
    void compoundMustStartWithSenderOrReceiverReport() {
        assertThat(refused("81ca0001 00000001")).isEqualTo(RtcpMalformation.FIRST_NOT_REPORT);
        assertThat(refused("81cb0001 00000001")).isEqualTo(RtcpMalformation.FIRST_NOT_REPORT);
        // an RTP packet with PT 0 arriving on the RTCP port
        assertThat(refused("80000001 00000000 00000001")).isEqualTo(RtcpMalformation.FIRST_NOT_REPORT);
    }

    @Test
    void lengthPastTheDatagramIsRefused() {
        assertThat(refused("80c90002 00000001")).isEqualTo(RtcpMalformation.LENGTH_OVERFLOW);
        assertThat(refused("80c90001 00000001 81ca0006 00000001")).isEqualTo(RtcpMalformation.LENGTH_OVERFLOW);
    }

    @Test
    void lengthsMustAddUpExactly() {
        assertThat(refused("80c90001 00000001 00")).isEqualTo(RtcpMalformation.TRAILING_BYTES);
        assertThat(refused("80c90001 00000001 81ca00")).isEqualTo(RtcpMalformation.TRAILING_BYTES);
        // a length short of the datagram leaves bytes that do not parse as a version-2 packet
        assertThat(refused("80c90000 00000001")).isEqualTo(RtcpMalformation.REPORT_COUNT_OVERFLOW);
    }

    @Test
    void paddingOnlyInTheLastPacket() {
        assertThat(refused("a0c90002 00000001 00000004 81ca0000")).isEqualTo(RtcpMalformation.PADDING_NOT_LAST);
        ByteBuf lastPadded = bytes.hex("80c90001 00000001 a1cb0002 00000001 00000004");
        assertThat(compound.read(lastPadded)).isTrue();
        assertThat(compound.hasBye()).isTrue();
        ByteBuf onlyPacketPadded = bytes.hex("a0c90002 00000001 00000004");
        assertThat(compound.read(onlyPacketPadded)).isTrue();
    }

    @Test
    void paddingCountMustBeSane() {
        assertThat(refused("a0c90002 00000001 00000000")).isEqualTo(RtcpMalformation.BAD_PADDING);
        assertThat(refused("a0c90002 00000001 0000000d")).isEqualTo(RtcpMalformation.BAD_PADDING);
        // padding that eats into the SSRC leaves no room for the RR's fixed part
        assertThat(refused("a0c90001 00000004")).isEqualTo(RtcpMalformation.REPORT_COUNT_OVERFLOW);
    }

    @Test
    void reportCountExceedingTheLengthIsRefused() {
        assertThat(refused("81c90001 00000001")).isEqualTo(RtcpMalformation.REPORT_COUNT_OVERFLOW);
        assertThat(refused("80c80001 00000001")).isEqualTo(RtcpMalformation.REPORT_COUNT_OVERFLOW);
        // real SR with its count raised to 1 (pion's "bad count in header")
        assertThat(refused(REAL_SR_SDES.replaceFirst("80c8", "81c8"))).isEqualTo(RtcpMalformation.REPORT_COUNT_OVERFLOW);
        // a second RR claiming two blocks but holding one
        assertThat(refused("80c90001 00000001 82c90007 00000001 " + "00000000 ".repeat(6)))
                .isEqualTo(RtcpMalformation.REPORT_COUNT_OVERFLOW);
    }

    @Test
    void byeSourceCountExceedingTheLengthIsRefused() {
        assertThat(refused("80c90001 00000001 82cb0001 00000001")).isEqualTo(RtcpMalformation.SOURCE_COUNT_OVERFLOW);
    }

    @Test
    void unknownPacketTypesAndProfileExtensionsAreSkipped() {
        // RR with 4 bytes of profile extension, then an XR (207) we do not read
        assertThat(compound.read(bytes.hex("80c90002 00000001 deadbeef 80cf0001 00000001"))).isTrue();
        assertThat(compound.packetCount()).isEqualTo(2);
        assertThat(compound.reportBlockCount()).isZero();
    }

    @Test
    void aFailedReadLeavesNothingOfThePreviousPacket() {
        assertThat(compound.read(bytes.hex(REAL_RR_SDES_BYE))).isTrue();
        assertThat(compound.read(bytes.hex("80c90001"))).isFalse();
        assertThat(compound.hasBye()).isFalse();
        assertThat(compound.reportBlockCount()).isZero();
        assertThat(compound.ssrc()).isZero();
        assertThat(compound.read(bytes.hex(REAL_SR_SDES))).isTrue();
        assertThat(compound.malformation()).isNull();
    }

    @Test
    void blocksBeyondThirtyOneAreCountedNotStored() {
        StringBuilder hex = new StringBuilder("9fc900bb 00000001"); // RR with 31 blocks: (8 + 31*24)/4 - 1 = 187
        for (int i = 1; i <= 31; i++) {
            hex.append(String.format(" %08x 00000000 00000000 00000000 00000000 00000000", i));
        }
        hex.append(" 82c9000d 00000001"); // another RR with 2 blocks
        hex.append(" 00000020 00000000 00000000 00000000 00000000 00000000");
        hex.append(" 00000021 00000000 00000000 00000000 00000000 00000000");
        assertThat(compound.read(bytes.hex(hex.toString()))).isTrue();
        assertThat(compound.reportBlockCount()).isEqualTo(31);
        assertThat(compound.skippedReportBlocks()).isEqualTo(2);
        assertThat(compound.reportBlockSsrc(30)).isEqualTo(31);
    }

    @Property(tries = 2000)
    void arbitraryBytesNeverThrow(@ForAll("datagrams") byte[] datagram) {
        ByteBuf packet = bytes.wrap(datagram);
        boolean valid = compound.read(packet);
        assertThat(valid).isEqualTo(compound.malformation() == null);
        if (valid) {
            for (int i = 0; i < compound.reportBlockCount(); i++) {
                compound.reportBlock(i); // in range by construction
            }
        }
        assertThat(packet.readerIndex()).isZero();
        assertThat(packet.writerIndex()).isEqualTo(datagram.length);
    }

    /** Random bytes, and real compounds with a few bytes changed (which get past the first checks). */
    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        Arbitrary<byte[]> mutated = Arbitraries.of(REAL_SR_SDES, REAL_RR_SDES_BYE, RR_NEGATIVE_LOSS)
                .map(hex -> java.util.HexFormat.of().parseHex(hex.replaceAll("\\s+", "")))
                .flatMap(real -> Arbitraries.integers().between(0, real.length - 1).list().ofMaxSize(4)
                        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size())
                                .map(values -> {
                                    byte[] copy = real.clone();
                                    for (int i = 0; i < positions.size(); i++) {
                                        copy[positions.get(i)] = values.get(i);
                                    }
                                    return copy;
                                })));
        return Arbitraries.oneOf(random, mutated);
    }

    @Property(tries = 300)
    void truncationIsRefusedExceptAtAPacketBoundary(@ForAll @IntRange(min = 0, max = 132) int keep) {
        byte[] real = java.util.HexFormat.of().parseHex(REAL_RR_SDES_BYE.replaceAll("\\s+", ""));
        assertThat(real).hasSize(132);
        boolean boundary = Set.of(32, 84, 92, 104, 116, 132).contains(keep);
        assertThat(compound.read(bytes.wrap(Arrays.copyOf(real, keep)))).as("keep %d", keep).isEqualTo(boundary);
    }
}
