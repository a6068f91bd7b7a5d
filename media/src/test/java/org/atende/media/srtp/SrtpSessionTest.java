package org.atende.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SrtpSessionTest {

    // libsrtp test/srtp_driver.c, srtp_validate(): the default policy (AES_CM_128_HMAC_SHA1_80), SSRC 0xcafebabe.
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] LIBSRTP_KEY_SALT = HEX.parseHex(
            "e1f97a0d3e018be0d64fa32c06de4139" + "0ec675ad498afeebb6960b3aabe6");
    private static final byte[] SRTP_PLAINTEXT = HEX.parseHex(
            "800f1234decafbadcafebabe" + "abababababababababababababababab");
    private static final byte[] SRTP_CIPHERTEXT = HEX.parseHex(
            "800f1234decafbadcafebabe" + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb");
    private static final byte[] RTCP_PLAINTEXT = HEX.parseHex(
            "81c8000bcafebabe" + "abababababababababababababababab");
    /** libsrtp numbers its first SRTCP packet 1 ({@code 80000001}: E flag and index); jitsi-srtp starts at 0. */
    private static final byte[] SRTCP_CIPHERTEXT = HEX.parseHex(
            "81c8000bcafebabe" + "7128035be487b9bdbef89041f977a5a8" + "80000001" + "993e08cd54d6c1230798");

    private static final byte[] KEY_A = key(1);
    private static final byte[] KEY_B = key(2);

    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseBuffers() {
        for (ByteBuf b : buffers) {
            assertThat(b.release()).as("buffer released exactly once").isTrue();
        }
    }

    static byte[] key(int seed) {
        byte[] k = new byte[SrtpSuite.KEY_SALT_LENGTH];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i * 7);
        }
        return k;
    }

    private ByteBuf buffer(byte[] bytes, boolean direct) {
        ByteBuf b = direct ? Unpooled.directBuffer(bytes.length) : Unpooled.buffer(bytes.length);
        b.writeBytes(bytes);
        buffers.add(b);
        return b;
    }

    static byte[] rtp(int seq, int ssrc, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = 0;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        int ts = seq * 160;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    private static byte[] payload(int seq) {
        byte[] payload = new byte[160];
        Arrays.fill(payload, (byte) seq);
        payload[0] = (byte) (seq >> 8);
        return payload;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void protectRtpMatchesLibsrtpReferenceCiphertext(boolean direct) {
        SrtpSession sender = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, LIBSRTP_KEY_SALT, KEY_B);
        ByteBuf packet = buffer(SRTP_PLAINTEXT, direct);
        assertThat(sender.protectRtp(packet)).isTrue();
        assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(SRTP_CIPHERTEXT);
        assertThat(sender.copiedPackets()).isEqualTo(direct ? 1 : 0);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unprotectRtpOfLibsrtpReferenceGivesPlaintext(boolean direct) {
        SrtpSession receiver = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, LIBSRTP_KEY_SALT);
        ByteBuf packet = buffer(SRTP_CIPHERTEXT, direct);
        assertThat(receiver.unprotectRtp(packet)).isTrue();
        assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(SRTP_PLAINTEXT);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void protectRtcpMatchesLibsrtpReferenceForIndexOne(boolean direct) {
        SrtpSession sender = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, LIBSRTP_KEY_SALT, KEY_B);
        assertThat(sender.protectRtcp(buffer(RTCP_PLAINTEXT, direct))).isTrue(); // index 0
        ByteBuf second = buffer(RTCP_PLAINTEXT, direct);
        assertThat(sender.protectRtcp(second)).isTrue(); // index 1
        assertThat(ByteBufUtil.getBytes(second)).isEqualTo(SRTCP_CIPHERTEXT);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unprotectRtcpOfLibsrtpReferenceGivesPlaintext(boolean direct) {
        SrtpSession receiver = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, LIBSRTP_KEY_SALT);
        ByteBuf packet = buffer(SRTCP_CIPHERTEXT, direct);
        assertThat(receiver.unprotectRtcp(packet)).isTrue();
        assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(RTCP_PLAINTEXT);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void roundTripAcrossSequenceNumberWrap(SrtpSuite suite) {
        SrtpSession alice = new SrtpSession(suite, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(suite, KEY_B, KEY_A);
        for (int i = 0; i < 40; i++) {
            int seq = (65_520 + i) & 0xFFFF;
            byte[] plain = rtp(seq, 0x1234_5678, payload(seq));
            ByteBuf packet = buffer(plain, i % 2 == 0);
            assertThat(alice.protectRtp(packet)).isTrue();
            assertThat(packet.readableBytes()).isEqualTo(plain.length + suite.rtpAuthTagLength());
            assertThat(Arrays.copyOfRange(ByteBufUtil.getBytes(packet), 12, plain.length))
                    .as("payload is encrypted").isNotEqualTo(payload(seq));
            assertThat(bob.unprotectRtp(packet)).as("seq %d", seq).isTrue();
            assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(plain);
        }
        assertThat(bob.authFailures() + bob.replayed() + bob.malformed()).isZero();
    }

    @Test
    void reorderedPacketAfterWrapStillAuthenticates() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, KEY_A);
        List<ByteBuf> sent = new ArrayList<>();
        for (int seq : new int[] {65_534, 65_535, 0, 1}) {
            ByteBuf p = buffer(rtp(seq, 7, payload(seq)), false);
            assertThat(alice.protectRtp(p)).isTrue();
            sent.add(p);
        }
        // deliver 65534, 0, 1, then the late 65535 (ROC of the late packet is one less than the receiver's)
        assertThat(bob.unprotectRtp(sent.get(0))).isTrue();
        assertThat(bob.unprotectRtp(sent.get(2))).isTrue();
        assertThat(bob.unprotectRtp(sent.get(3))).isTrue();
        assertThat(bob.unprotectRtp(sent.get(1))).isTrue();
        assertThat(ByteBufUtil.getBytes(sent.get(1))).isEqualTo(rtp(65_535, 7, payload(65_535)));
    }

    @Test
    void tamperedByteFailsAuthenticationAndLeavesStreamUsable() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_32, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_32, KEY_B, KEY_A);
        ByteBuf packet = buffer(rtp(100, 9, payload(100)), false);
        assertThat(alice.protectRtp(packet)).isTrue();
        byte[] good = ByteBufUtil.getBytes(packet);

        ByteBuf tampered = buffer(good, false);
        tampered.setByte(40, tampered.getByte(40) ^ 0x01);
        int writer = tampered.writerIndex();
        assertThat(bob.unprotectRtp(tampered)).isFalse();
        assertThat(tampered.writerIndex()).as("indices untouched on failure").isEqualTo(writer);
        assertThat(bob.authFailures()).isEqualTo(1);

        assertThat(bob.unprotectRtp(buffer(good, false))).isTrue();
    }

    @Test
    void replayedPacketIsRejected() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, KEY_A);
        ByteBuf packet = buffer(rtp(5, 9, payload(5)), true);
        assertThat(alice.protectRtp(packet)).isTrue();
        byte[] wire = ByteBufUtil.getBytes(packet);

        assertThat(bob.unprotectRtp(buffer(wire, true))).isTrue();
        assertThat(bob.unprotectRtp(buffer(wire, true))).isFalse();
        assertThat(bob.replayed()).isEqualTo(1);
        assertThat(bob.authFailures()).isZero();
    }

    @Test
    void packetOlderThanTheReplayWindowIsRejected() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, KEY_A);
        byte[] first = null;
        for (int seq = 1000; seq < 1100; seq++) {
            ByteBuf p = buffer(rtp(seq, 9, payload(seq)), false);
            assertThat(alice.protectRtp(p)).isTrue();
            if (seq == 1000) {
                first = ByteBufUtil.getBytes(p);
            } else {
                assertThat(bob.unprotectRtp(p)).isTrue();
            }
        }
        assertThat(bob.unprotectRtp(buffer(first, false))).as("never received, but 99 behind").isFalse();
        assertThat(bob.replayed()).isEqualTo(1);
    }

    @Test
    void wrongKeyFailsAuthentication() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_A, KEY_B);
        SrtpSession eve = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, key(3));
        ByteBuf rtpPacket = buffer(rtp(1, 9, payload(1)), false);
        ByteBuf rtcpPacket = buffer(RTCP_PLAINTEXT, false);
        assertThat(alice.protectRtp(rtpPacket)).isTrue();
        assertThat(alice.protectRtcp(rtcpPacket)).isTrue();
        assertThat(eve.unprotectRtp(rtpPacket)).isFalse();
        assertThat(eve.unprotectRtcp(rtcpPacket)).isFalse();
        assertThat(eve.authFailures()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void rtcpRoundTripAppendsIndexAndTenByteTag(SrtpSuite suite) {
        SrtpSession alice = new SrtpSession(suite, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(suite, KEY_B, KEY_A);
        for (int i = 0; i < 3; i++) {
            ByteBuf packet = buffer(RTCP_PLAINTEXT, i == 1);
            assertThat(alice.protectRtcp(packet)).isTrue();
            assertThat(packet.readableBytes()).isEqualTo(RTCP_PLAINTEXT.length + 4 + 10);
            assertThat(packet.getInt(RTCP_PLAINTEXT.length)).as("E flag and index").isEqualTo(0x8000_0000 | i);
            byte[] wire = ByteBufUtil.getBytes(packet);
            assertThat(bob.unprotectRtcp(packet)).isTrue();
            assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(RTCP_PLAINTEXT);
            assertThat(bob.unprotectRtcp(buffer(wire, false))).as("SRTCP replay").isFalse();
        }
        assertThat(bob.replayed()).isEqualTo(3);
    }

    @Test
    void tooShortPacketsAreCountedAsMalformed() {
        SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, KEY_A);
        assertThat(bob.unprotectRtp(buffer(Arrays.copyOf(SRTP_CIPHERTEXT, 21), false))).isFalse();
        assertThat(bob.unprotectRtcp(buffer(Arrays.copyOf(SRTCP_CIPHERTEXT, 21), false))).isFalse();
        assertThat(bob.unprotectRtp(buffer(new byte[0], true))).isFalse();
        assertThat(bob.malformed()).isEqualTo(3);
        assertThat(bob.authFailures()).isZero();
    }

    @Test
    void truncatedReferencePacketIsNeverAccepted() {
        for (int len = SRTP_CIPHERTEXT.length - 1; len >= 0; len--) {
            SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, LIBSRTP_KEY_SALT);
            assertThat(bob.unprotectRtp(buffer(Arrays.copyOf(SRTP_CIPHERTEXT, len), false))).as("len %d", len)
                    .isFalse();
        }
        for (int len = SRTCP_CIPHERTEXT.length - 1; len >= 0; len--) {
            SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, LIBSRTP_KEY_SALT);
            assertThat(bob.unprotectRtcp(buffer(Arrays.copyOf(SRTCP_CIPHERTEXT, len), false))).as("len %d", len)
                    .isFalse();
        }
    }

    @Test
    void protectFailsWithoutThrowingWhenTheBufferCannotGrow() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_A, KEY_B);
        byte[] plain = rtp(1, 9, payload(1));
        ByteBuf fixed = Unpooled.buffer(plain.length, plain.length).writeBytes(plain);
        buffers.add(fixed);
        assertThat(alice.protectRtp(fixed)).isFalse();
        assertThat(ByteBufUtil.getBytes(fixed)).as("untouched").isEqualTo(plain);

        ByteBuf readOnly = buffer(plain, false).asReadOnly();
        assertThat(alice.protectRtp(readOnly)).isFalse();
        assertThat(alice.protectFailures()).isEqualTo(2);
    }

    @Test
    void protectGrowsAHeapBufferWithNoRoom() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, LIBSRTP_KEY_SALT, KEY_B);
        ByteBuf exact = Unpooled.buffer(SRTP_PLAINTEXT.length).writeBytes(SRTP_PLAINTEXT);
        buffers.add(exact);
        assertThat(exact.writableBytes()).isZero();
        assertThat(alice.protectRtp(exact)).isTrue();
        assertThat(ByteBufUtil.getBytes(exact)).isEqualTo(SRTP_CIPHERTEXT);
    }

    @Test
    void packetInTheMiddleOfALargerBufferLeavesItsNeighboursAlone() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, LIBSRTP_KEY_SALT, KEY_B);
        SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, LIBSRTP_KEY_SALT);
        ByteBuf big = Unpooled.buffer(200);
        buffers.add(big);
        big.writeZero(50).writeBytes(SRTP_PLAINTEXT).writerIndex(200);
        big.setIndex(50, 50 + SRTP_PLAINTEXT.length);
        big.setBytes(50 + SRTP_PLAINTEXT.length, new byte[150 - SRTP_PLAINTEXT.length]);
        assertThat(alice.protectRtp(big)).isTrue();
        assertThat(big.readerIndex()).isEqualTo(50);
        assertThat(ByteBufUtil.getBytes(big)).isEqualTo(SRTP_CIPHERTEXT);
        assertThat(bob.unprotectRtp(big)).isTrue();
        assertThat(ByteBufUtil.getBytes(big)).isEqualTo(SRTP_PLAINTEXT);
        for (int i = 0; i < 50; i++) {
            assertThat(big.getByte(i)).isZero();
        }
        for (int i = 50 + SRTP_CIPHERTEXT.length; i < 200; i++) {
            assertThat(big.getByte(i)).as("byte %d", i).isZero();
        }
    }

    @Test
    void forgedPacketsFromUnknownSsrcsDoNotEvictKnownStreams() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_B, KEY_A);
        List<byte[]> firstOfEach = new ArrayList<>();
        for (int ssrc = 1; ssrc <= SrtpSession.MAX_SSRCS; ssrc++) {
            ByteBuf p = buffer(rtp(10, ssrc, payload(10)), false);
            assertThat(alice.protectRtp(p)).isTrue();
            firstOfEach.add(ByteBufUtil.getBytes(p));
            assertThat(bob.unprotectRtp(p)).isTrue();
        }
        for (int forged = 1000; forged < 1100; forged++) {
            byte[] garbage = rtp(10, forged, payload(forged));
            assertThat(bob.unprotectRtp(buffer(Arrays.copyOf(garbage, garbage.length + 10), false))).isFalse();
        }
        assertThat(bob.authFailures()).isEqualTo(100);
        for (byte[] old : firstOfEach) {
            assertThat(bob.unprotectRtp(buffer(old, false))).as("still known, so a replay").isFalse();
        }
        assertThat(bob.replayed()).isEqualTo(SrtpSession.MAX_SSRCS);
    }

    @Test
    void sendingTheSameSequenceNumberTwiceIsRefused() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_A, KEY_B);
        assertThat(alice.protectRtp(buffer(rtp(7, 9, payload(7)), false))).isTrue();
        assertThat(alice.protectRtp(buffer(rtp(7, 9, payload(8)), false))).as("would reuse key stream").isFalse();
        assertThat(alice.protectFailures()).isEqualTo(1);
    }

    @Test
    void closedSessionRefusesEverything() {
        SrtpSession alice = new SrtpSession(SrtpSuite.AES_CM_128_HMAC_SHA1_80, KEY_A, KEY_B);
        alice.close();
        assertThat(alice.protectRtp(buffer(rtp(7, 9, payload(7)), false))).isFalse();
        assertThat(alice.unprotectRtcp(buffer(SRTCP_CIPHERTEXT, false))).isFalse();
    }

    @Test
    void preloadRunsTheSelfTest() {
        SrtpSession.preload();
    }
}
