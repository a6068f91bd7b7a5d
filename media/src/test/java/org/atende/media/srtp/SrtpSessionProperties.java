package org.atende.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SrtpSessionProperties {

    private static final byte[] KEY_A = SrtpSessionTest.key(1);
    private static final byte[] KEY_B = SrtpSessionTest.key(2);

    private static ByteBuf wrap(byte[] bytes, boolean direct) {
        ByteBuf b = direct ? Unpooled.directBuffer(bytes.length) : Unpooled.buffer(bytes.length);
        return b.writeBytes(bytes);
    }

    private static long rejected(SrtpSession s) {
        return s.authFailures() + s.replayed() + s.malformed();
    }

    @Property(tries = 500)
    void garbageIsNeverAcceptedAndNeverThrows(@ForAll @Size(max = 300) byte[] garbage, @ForAll boolean looksLikeRtp,
                                              @ForAll boolean direct, @ForAll boolean rtcp,
                                              @ForAll SrtpSuite suite) {
        if (looksLikeRtp && garbage.length > 0) {
            garbage[0] = (byte) (0x80 | (garbage[0] & 0x3F));
        }
        SrtpSession bob = new SrtpSession(suite, KEY_B, KEY_A);
        ByteBuf packet = wrap(garbage, direct);
        try {
            boolean accepted = rtcp ? bob.unprotectRtcp(packet) : bob.unprotectRtp(packet);
            assertThat(accepted).isFalse();
            assertThat(rejected(bob)).as("counted once").isEqualTo(1);
            assertThat(packet.readerIndex()).isZero();
            assertThat(packet.writerIndex()).isEqualTo(garbage.length);
        } finally {
            packet.release();
        }
    }

    @Property(tries = 300)
    void anySingleBitFlipInAProtectedPacketIsRejected(@ForAll @Size(max = 200) byte[] payload,
                                                      @ForAll @IntRange(max = 65_535) int seq, @ForAll int ssrc,
                                                      @ForAll @IntRange(max = 10_000) int bitSeed,
                                                      @ForAll boolean rtcp, @ForAll SrtpSuite suite) {
        SrtpSession alice = new SrtpSession(suite, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(suite, KEY_B, KEY_A);
        byte[] plain = rtcp ? rtcp(ssrc, payload) : SrtpSessionTest.rtp(seq, ssrc, payload);
        ByteBuf packet = wrap(plain, false);
        try {
            assertThat(rtcp ? alice.protectRtcp(packet) : alice.protectRtp(packet)).isTrue();
            int bit = bitSeed % (packet.readableBytes() * 8);
            packet.setByte(bit / 8, packet.getByte(bit / 8) ^ (1 << (bit % 8)));
            assertThat(rtcp ? bob.unprotectRtcp(packet) : bob.unprotectRtp(packet)).isFalse();
            assertThat(rejected(bob)).isEqualTo(1);
        } finally {
            packet.release();
        }
    }

    @Property(tries = 200)
    void protectThenUnprotectGivesBackThePacket(@ForAll @Size(max = 1200) byte[] payload,
                                                @ForAll @IntRange(max = 65_535) int seq, @ForAll int ssrc,
                                                @ForAll boolean direct, @ForAll boolean rtcp,
                                                @ForAll SrtpSuite suite) {
        SrtpSession alice = new SrtpSession(suite, KEY_A, KEY_B);
        SrtpSession bob = new SrtpSession(suite, KEY_B, KEY_A);
        byte[] plain = rtcp ? rtcp(ssrc, payload) : SrtpSessionTest.rtp(seq, ssrc, payload);
        ByteBuf packet = wrap(plain, direct);
        try {
            assertThat(rtcp ? alice.protectRtcp(packet) : alice.protectRtp(packet)).isTrue();
            assertThat(rtcp ? bob.unprotectRtcp(packet) : bob.unprotectRtp(packet)).isTrue();
            assertThat(ByteBufUtil.getBytes(packet)).isEqualTo(plain);
        } finally {
            packet.release();
        }
    }

    /** An RTCP receiver report header (version 2, PT 201) with the payload after it. */
    private static byte[] rtcp(int ssrc, byte[] payload) {
        byte[] p = new byte[8 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) 201;
        int words = (p.length + 3) / 4 - 1;
        p[2] = (byte) (words >> 8);
        p[3] = (byte) words;
        p[4] = (byte) (ssrc >> 24);
        p[5] = (byte) (ssrc >> 16);
        p[6] = (byte) (ssrc >> 8);
        p[7] = (byte) ssrc;
        System.arraycopy(payload, 0, p, 8, payload.length);
        return p;
    }
}
