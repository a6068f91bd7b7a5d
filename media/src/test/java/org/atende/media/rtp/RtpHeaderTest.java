package org.atende.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {

    private final List<ByteBuf> buffers = new ArrayList<>();

    private ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer(values.length);
        for (int v : values) {
            buf.writeByte(v);
        }
        buffers.add(buf);
        return buf;
    }

    private ByteBuf track(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    @AfterEach
    void releaseAll() {
        for (ByteBuf buf : buffers) {
            assertThat(buf.refCnt()).as("test still owns its buffer").isEqualTo(1);
            assertThat(buf.release()).isTrue();
        }
        buffers.clear();
    }

    private static RtpHeader valid(ByteBuf packet) {
        RtpParse parse = RtpHeader.parse(packet);
        assertThat(parse).isInstanceOf(RtpParse.Valid.class);
        return ((RtpParse.Valid) parse).header();
    }

    private static RtpMalformation malformed(ByteBuf packet) {
        RtpParse parse = RtpHeader.parse(packet);
        assertThat(parse).isInstanceOf(RtpParse.Malformed.class);
        return ((RtpParse.Malformed) parse).reason();
    }

    @Test
    void encodedPacketParsesBackWithPayloadInPlace() {
        ByteBuf payload = track(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5}));
        ByteBuf packet = track(RtpHeader.encode(ByteBufAllocator.DEFAULT, 0, true, 65535, 0xFFFF_FFF0L,
                0xDEAD_BEEFL, payload));

        RtpHeader h = valid(packet);

        assertThat(h.version()).isEqualTo(2);
        assertThat(h.marker()).isTrue();
        assertThat(h.payloadType()).isZero();
        assertThat(h.sequenceNumber()).isEqualTo(65535);
        assertThat(h.timestamp()).isEqualTo(0xFFFF_FFF0L);
        assertThat(h.ssrc()).isEqualTo(0xDEAD_BEEFL);
        assertThat(h.padding()).isFalse();
        assertThat(h.extension()).isFalse();
        assertThat(h.csrcCount()).isZero();
        assertThat(h.payloadOffset()).isEqualTo(12);
        assertThat(h.payloadLength()).isEqualTo(5);
        assertThat(packet.slice(h.payloadOffset(), h.payloadLength())).isEqualTo(payload);
        assertThat(packet.readerIndex()).isZero();
        assertThat(payload.readableBytes()).isEqualTo(5);
    }

    @Test
    void csrcsExtensionAndPaddingAreSkipped() {
        ByteBuf packet = bytes(
                0x80 | 0x20 | 0x10 | 2, 0x80 | 8, 0x12, 0x34,   // V=2 P X CC=2, M PT=8, seq
                0, 0, 0x01, 0x00,                               // ts 256
                0x11, 0x22, 0x33, 0x44,                         // ssrc
                0, 0, 0, 1,                                     // csrc 1
                0xFF, 0xFF, 0xFF, 0xFF,                         // csrc 2
                0xBE, 0xDE, 0, 1,                               // extension profile, 1 word
                9, 9, 9, 9,                                     // extension word
                0xA, 0xB, 0xC,                                  // payload
                0, 0, 3);                                       // 3 bytes of padding
        packet.readerIndex(0);

        RtpHeader h = valid(packet);

        assertThat(h.marker()).isTrue();
        assertThat(h.payloadType()).isEqualTo(8);
        assertThat(h.sequenceNumber()).isEqualTo(0x1234);
        assertThat(h.timestamp()).isEqualTo(256);
        assertThat(h.ssrc()).isEqualTo(0x11223344L);
        assertThat(h.csrcCount()).isEqualTo(2);
        assertThat(h.csrc(0)).isEqualTo(1);
        assertThat(h.csrc(1)).isEqualTo(0xFFFF_FFFFL);
        assertThat(h.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(h.extensionLengthWords()).isEqualTo(1);
        assertThat(h.extensionOffset()).isEqualTo(24);
        assertThat(h.paddingLength()).isEqualTo(3);
        assertThat(h.payloadOffset()).isEqualTo(28);
        assertThat(h.payloadLength()).isEqualTo(3);
        assertThat(packet.getByte(h.payloadOffset())).isEqualTo((byte) 0xA);
    }

    @Test
    void offsetsAreAbsoluteWhenTheReaderIndexIsNotZero() {
        ByteBuf packet = bytes(0xEE, 0xEE, 0x80, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 42);
        packet.readerIndex(2);

        RtpHeader h = valid(packet);

        assertThat(h.sequenceNumber()).isEqualTo(7);
        assertThat(h.payloadOffset()).isEqualTo(14);
        assertThat(h.payloadLength()).isEqualTo(1);
        assertThat(packet.readerIndex()).isEqualTo(2);
    }

    @Test
    void headerOnlyPacketHasEmptyPayload() {
        assertThat(valid(bytes(0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).payloadLength()).isZero();
    }

    @Test
    void everyLengthBelowTwelveIsTooShort() {
        for (int length = 0; length < 12; length++) {
            ByteBuf packet = track(Unpooled.buffer(length));
            if (length > 0) {
                packet.writeByte(0x80);
            }
            packet.writeZero(Math.max(0, length - 1));
            assertThat(malformed(packet)).as("length %d", length).isEqualTo(RtpMalformation.TOO_SHORT);
        }
    }

    @Test
    void versionsOtherThanTwoAreRejected() {
        for (int version : new int[] {0, 1, 3}) {
            assertThat(malformed(bytes(version << 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)))
                    .as("version %d", version).isEqualTo(RtpMalformation.BAD_VERSION);
        }
    }

    @Test
    void csrcCountBeyondTheBufferIsRejected() {
        // CC=2 needs 20 bytes; 19 given
        ByteBuf packet = track(Unpooled.buffer(19).writeByte(0x82).writeZero(18));
        assertThat(malformed(packet)).isEqualTo(RtpMalformation.CSRC_OVERFLOW);
        ByteBuf exact = track(Unpooled.buffer(20).writeByte(0x82).writeZero(19));
        assertThat(valid(exact).payloadLength()).isZero();
    }

    @Test
    void extensionBeyondTheBufferIsRejected() {
        ByteBuf noExtensionHeader = bytes(0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE);
        assertThat(malformed(noExtensionHeader)).isEqualTo(RtpMalformation.EXTENSION_OVERFLOW);
        ByteBuf lengthTooLong = bytes(0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 2, 1, 2, 3, 4, 5, 6, 7);
        assertThat(malformed(lengthTooLong)).isEqualTo(RtpMalformation.EXTENSION_OVERFLOW);
    }

    @Test
    void paddingCountOfZeroOrBeyondThePayloadIsRejected() {
        assertThat(malformed(bytes(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0)))
                .isEqualTo(RtpMalformation.BAD_PADDING);
        assertThat(malformed(bytes(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4)))
                .isEqualTo(RtpMalformation.BAD_PADDING);
        RtpHeader allPadding = valid(bytes(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3));
        assertThat(allPadding.payloadLength()).isZero();
        assertThat(allPadding.paddingLength()).isEqualTo(3);
    }

    @Test
    void rtcpPacketTypesOnAMultiplexedPortAreNotRtp() {
        for (int packetType = 200; packetType <= 204; packetType++) {
            // an RTCP RR/SR/... header: V=2, count, PT, length
            ByteBuf rtcp = bytes(0x81, packetType, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0);
            assertThat(malformed(rtcp)).as("RTCP %d", packetType).isEqualTo(RtpMalformation.RTCP_PAYLOAD_TYPE);
        }
        assertThat(valid(bytes(0x80, 0x80 | 77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).payloadType()).isEqualTo(77);
        assertThat(valid(bytes(0x80, 0x80 | 71, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).payloadType()).isEqualTo(71);
    }

    @Test
    void oneHeaderObjectIsReusedAcrossPackets() {
        RtpHeader header = new RtpHeader();
        assertThat(header.read(bytes(0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))).isFalse();
        assertThat(header.malformation()).isEqualTo(RtpMalformation.BAD_VERSION);
        assertThat(header.read(bytes(0x90, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 5))).isTrue();
        assertThat(header.malformation()).isNull();
        assertThat(header.extensionProfile()).isEqualTo(1);
        assertThat(header.read(bytes(0x80, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0))).isTrue();
        assertThat(header.extension()).isFalse();
        assertThat(header.extensionProfile()).isZero();
        assertThat(header.extensionOffset()).isEqualTo(-1);
        assertThat(header.sequenceNumber()).isEqualTo(10);
    }

    @Property(tries = 1000)
    void arbitraryBytesAreEitherValidOrMalformed(@ForAll("datagrams") byte[] datagram) {
        ByteBuf packet = Unpooled.buffer(datagram.length).writeBytes(datagram);
        try {
            RtpParse parse = RtpHeader.parse(packet);
            if (parse instanceof RtpParse.Valid v) {
                RtpHeader h = v.header();
                assertThat(h.payloadOffset()).isGreaterThanOrEqualTo(12);
                assertThat(h.payloadLength()).isNotNegative();
                assertThat(h.payloadOffset() + h.payloadLength() + h.paddingLength()).isEqualTo(datagram.length);
            } else {
                assertThat(((RtpParse.Malformed) parse).reason()).isNotNull();
            }
            assertThat(packet.readerIndex()).isZero();
        } finally {
            assertThat(packet.release()).isTrue();
        }
    }

    @Provide
    Arbitrary<byte[]> datagrams() {
        // bias the first byte towards version 2 so that the deeper checks are reached
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        return any.map(b -> {
            if (b.length > 0 && (b[b.length - 1] & 1) == 0) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
            }
            return b;
        });
    }
}
