package org.atende.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.atende.media.codec.G711;
import org.atende.media.pipeline.Node;
import org.atende.media.pipeline.NodeStats;
import org.atende.media.pipeline.Observer;
import org.atende.media.pipeline.Packet;
import org.atende.media.rtp.RtpHeader;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.NegotiatedMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session's receive and send trees over real UDP sockets on loopback: where each packet went, node by node. */
class MediaPipelineTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EventLoopGroup group;
    private EventLoop loop;
    private MediaContext ctx;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        ctx = new MediaContext(loop, NioDatagramChannel::new, ByteBufAllocator.DEFAULT, new RtpPortPool(41000, 41999),
                new MediaClock(loop), new MediaCounters(), LOOPBACK, "127.0.0.1", Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private DatagramSocket peer() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        s.setSoTimeout(2000);
        closeables.add(s);
        return s;
    }

    private static NegotiatedMedia media(Codec codec, int pt, int remotePort) {
        return new NegotiatedMedia(0, codec, pt, OptionalInt.of(101), "127.0.0.1", remotePort, OptionalInt.empty(),
                Direction.SENDRECV, OptionalInt.empty(), false);
    }

    private MediaSession bridged(NegotiatedMedia a, NegotiatedMedia b) throws Exception {
        return onLoop(() -> {
            MediaSession session = new MediaSession(ctx, "pipeline-call", new MediaSession.Listener() {
                @Override
                public void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source) {
                }

                @Override
                public void onMediaTimeout(MediaLeg leg) {
                }
            });
            MediaLeg legA = MediaLeg.open(ctx, "A");
            legA.configure(a);
            MediaLeg legB = MediaLeg.open(ctx, "B");
            legB.configure(b);
            session.setCaller(legA);
            session.setOther(legB);
            session.bridge();
            return session;
        });
    }

    private static byte[] rtp(int pt, int seq, byte[] payload) {
        var buf = RtpHeader.encode(ByteBufAllocator.DEFAULT, pt, false, seq, 160L * seq, 0x1234,
                Unpooled.wrappedBuffer(payload));
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private static void send(DatagramSocket from, int toPort, byte[] data) throws Exception {
        from.send(new DatagramPacket(data, data.length, new InetSocketAddress(LOOPBACK, toPort)));
    }

    private static int receive(DatagramSocket s) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return p.getData()[1] & 0x7F;
    }

    private static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + 3 * i);
        }
        return b;
    }

    private static void assertCounts(Map<String, NodeStats> stats, String node, long in, long out, long dropped) {
        assertThat(stats).containsKey(node);
        NodeStats s = stats.get(node);
        assertThat(new long[] {s.packetsIn(), s.packetsOut(), s.packetsDropped()}).as(node)
                .containsExactly(in, out, dropped);
    }

    @Test
    void nodeStatsShowWhereEveryPacketWasDroppedOrDelivered() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket phoneB = peer();
        DatagramSocket stranger = peer();
        MediaSession s = bridged(media(Codec.PCMA, 8, phoneA.getLocalPort()), media(Codec.PCMA, 8, phoneB.getLocalPort()));
        int portA = onLoop(() -> s.caller().localPort());

        send(phoneA, portA, rtp(8, 1, payload(160, 1)));
        assertThat(receive(phoneB)).isEqualTo(8); // latched onto phone A, relayed
        send(stranger, portA, rtp(8, 2, payload(160, 2)));
        send(phoneA, portA, new byte[] {(byte) 0x80, 8}); // too short for RTP
        send(phoneA, portA, rtp(13, 3, new byte[] {40})); // comfort noise: not agreed
        send(phoneA, portA, rtp(101, 4, new byte[] {1, 0, 0, (byte) 160}));
        assertThat(receive(phoneB)).isEqualTo(101);
        send(phoneA, portA, rtp(8, 5, payload(160, 5)));
        assertThat(receive(phoneB)).isEqualTo(8);

        Map<String, NodeStats> stats = onLoop(s::nodeStats);
        assertCounts(stats, "caller.receive.rtp-parse", 6, 5, 1);
        assertCounts(stats, "caller.receive.source-latch", 5, 4, 1);
        assertThat(stats).doesNotContainKey("caller.receive.srtp-decrypt"); // plain RTP: not in the tree
        assertCounts(stats, "caller.receive.rtp-stats", 4, 4, 0);
        assertCounts(stats, "caller.receive.payload-type", 4, 3, 1);
        assertCounts(stats, "caller.receive.audio.reception-stats", 2, 2, 0);
        assertThat(stats).doesNotContainKey("caller.receive.audio.inband-dtmf"); // not switched on
        assertCounts(stats, "caller.receive.audio.audio-out", 2, 2, 0);
        assertCounts(stats, "caller.receive.telephone-event.rfc4733-dtmf", 1, 1, 0);
        assertCounts(stats, "caller.receive.telephone-event.event-out", 1, 1, 0);
        assertCounts(stats, "caller.session.audio.recorder-tap", 2, 2, 0);
        assertCounts(stats, "caller.session.audio.bridge", 2, 2, 0);
        assertCounts(stats, "caller.session.telephone-event.event-bridge", 1, 1, 0);
        assertCounts(stats, "other.send.srtp-encrypt", 3, 3, 0);
        assertCounts(stats, "other.send.rtp-socket", 3, 3, 0);
        assertCounts(stats, "other.receive.rtp-parse", 0, 0, 0);
        assertThat(stats.get("caller.receive.payload-type").kind()).isEqualTo(Node.Kind.DEMUXER);
        assertThat(onLoop(() -> new long[] {s.caller().malformedPackets(), s.caller().strangerPackets(),
                s.caller().ignoredPackets(), s.relayedPackets()})).containsExactly(1, 1, 1, 2);
        onLoop(() -> {
            s.close();
            return null;
        });
    }

    /** In place, in the clear: decrypting only counts, and fails on a packet whose first payload byte is 0. */
    private static final class FakeSrtp implements PacketProtection {
        @Override
        public boolean protectRtp(io.netty.buffer.ByteBuf packet) {
            return true;
        }

        @Override
        public boolean unprotectRtp(io.netty.buffer.ByteBuf packet) {
            return packet.getByte(packet.readerIndex() + RtpHeader.FIXED_HEADER_LENGTH) != 0;
        }

        @Override
        public boolean protectRtcp(io.netty.buffer.ByteBuf packet) {
            return true;
        }

        @Override
        public boolean unprotectRtcp(io.netty.buffer.ByteBuf packet) {
            return true;
        }
    }

    @Test
    void srtpDecryptAndInbandDtmfAreInTheTreeOnlyWhileSwitchedOn() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket phoneB = peer();
        MediaSession s = bridged(media(Codec.PCMA, 8, phoneA.getLocalPort()), media(Codec.PCMA, 8, phoneB.getLocalPort()));
        int portA = onLoop(() -> {
            s.caller().setProtection(new FakeSrtp());
            s.caller().detectInbandDigits(true);
            return s.caller().localPort();
        });
        send(phoneA, portA, rtp(8, 1, payload(160, 1)));
        assertThat(receive(phoneB)).isEqualTo(8);
        send(phoneA, portA, rtp(8, 2, new byte[160])); // fails "authentication"
        send(phoneA, portA, rtp(8, 3, payload(160, 3)));
        assertThat(receive(phoneB)).isEqualTo(8);

        Map<String, NodeStats> stats = onLoop(s::nodeStats);
        assertThat(stats.keySet()).containsSubsequence("caller.receive.source-latch", "caller.receive.srtp-decrypt",
                "caller.receive.rtp-stats");
        assertThat(stats.keySet()).containsSubsequence("caller.receive.audio.reception-stats",
                "caller.receive.audio.inband-dtmf", "caller.receive.audio.audio-out");
        assertCounts(stats, "caller.receive.srtp-decrypt", 3, 2, 1);
        assertCounts(stats, "caller.receive.audio.inband-dtmf", 2, 2, 0);
        assertCounts(stats, "caller.receive.audio.audio-out", 2, 2, 0);
        assertThat(onLoop(() -> s.caller().protectionFailures())).isEqualTo(1);

        stats = onLoop(() -> {
            s.caller().setProtection(null);
            s.caller().detectInbandDigits(false);
            return s.nodeStats();
        });
        assertThat(stats).doesNotContainKeys("caller.receive.srtp-decrypt", "caller.receive.audio.inband-dtmf");
        send(phoneA, portA, rtp(8, 4, new byte[160])); // plain again: nothing to fail
        assertThat(receive(phoneB)).isEqualTo(8);
        assertCounts(onLoop(s::nodeStats), "caller.receive.audio.audio-out", 3, 3, 0);
        onLoop(() -> {
            s.close();
            return null;
        });
    }

    @Test
    void aTapAddedToALegSeesItsAudioDecodedOnceBeforeTheBridgeTranscodesIt() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket phoneB = peer();
        MediaSession s = bridged(media(Codec.PCMU, 0, phoneA.getLocalPort()), media(Codec.PCMA, 8, phoneB.getLocalPort()));
        List<short[]> heard = new ArrayList<>();
        onLoop(() -> {
            s.addTap(s.caller(), new Observer("fork") {
                @Override
                protected void observe(Packet p) {
                    s.caller().decode(p);
                    heard.add(java.util.Arrays.copyOf(p.pcm(), p.samples()));
                }
            });
            return null;
        });
        int portA = onLoop(() -> s.caller().localPort());
        byte[] ulaw = payload(160, 7);
        send(phoneA, portA, rtp(0, 1, ulaw));
        assertThat(receive(phoneB)).isEqualTo(8); // transcoded to PCMA
        short[] expected = new short[160];
        G711.decodeUlaw(ulaw, 0, 160, expected, 0);
        List<short[]> seen = onLoop(() -> List.copyOf(heard));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).containsExactly(expected);

        Map<String, NodeStats> stats = onLoop(s::nodeStats);
        assertThat(stats.keySet()).containsSubsequence("caller.session.audio.recorder-tap",
                "caller.session.audio.fork", "caller.session.audio.bridge");
        assertCounts(stats, "caller.session.audio.fork", 1, 1, 0);
        assertCounts(stats, "caller.session.audio.bridge", 1, 1, 0);
        assertThat(onLoop(s::transcodedPackets)).isEqualTo(1);
        onLoop(() -> {
            s.close();
            return null;
        });
    }
}
