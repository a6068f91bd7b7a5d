package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.atende.media.rtp.RtpHeader;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.NegotiatedMedia;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet cost of Atende's own media classes on a bridged call, socket read aside: one 20 ms PCMA packet
 * handed to the caller leg as its RTP handler hands it ({@code MediaLeg.onRtp}: parse, latch, SRTP, statistics,
 * demux, the media session's bridge) and, in {@code relayToSocket}, relayed to the other leg and written to
 * its NIO socket ({@code sendto} on loopback, to a peer that never reads: the kernel drops what overflows).
 * {@code receiveOnly} stops at the session: the legs are not bridged, so no syscall is in the figure.
 *
 * <p>The legs live on a {@link ManualIoEventLoop} owned by the JMH thread, so the benchmark thread is their event
 * loop, as the engine's loop thread would be. In package {@code org.atende.media.session} for
 * {@code MediaLeg.onRtp}, which is package-private. {@code codec=PCMU} makes the other leg PCMU: the bridge then
 * transcodes. {@code transport} picks the socket: {@code NIO} (never connected) or {@code EPOLL}, the engine's on
 * Linux, where a leg settled on its phone writes on a connected socket. Before measuring, phone B sends the
 * other leg one packet, as a phone speaking would, so that that leg has latched onto it.
 * <pre>java -jar bench/target/benchmarks.jar LegRelayBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LegRelayBenchmark {

    private static final int FRAME = 160;
    private static final int PCMA = 8;

    @Param({"PCMA"})
    public String codec;

    @Param({"NIO", "EPOLL"})
    public String transport;

    private ManualIoEventLoop loop;
    private DatagramChannel phoneA;
    private DatagramChannel phoneB;
    private InetSocketAddress phoneAddress;
    private MediaSession session;
    private MediaSession unbridged;
    private MediaLeg legA;
    private MediaLeg lone;
    private ByteBuf packet;
    private int seq = 1;
    private long ts = FRAME;
    private long now = 1_000_000_000L;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean epoll = transport.equals("EPOLL");
        loop = new ManualIoEventLoop(Thread.currentThread(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        InetAddress lo = InetAddress.getLoopbackAddress();
        phoneA = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        phoneB = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
        phoneAddress = (InetSocketAddress) phoneA.getLocalAddress();
        int portB = ((InetSocketAddress) phoneB.getLocalAddress()).getPort();
        ChannelFactory<? extends io.netty.channel.socket.DatagramChannel> channels =
                epoll ? EpollDatagramChannel::new : NioDatagramChannel::new;
        MediaContext ctx = new MediaContext(loop, channels, PooledByteBufAllocator.DEFAULT,
                new RtpPortPool(42000, 42099), new MediaClock(loop), new MediaCounters(), lo, lo.getHostAddress(),
                Duration.ofMinutes(10));
        legA = MediaLeg.open(ctx, "caller");
        MediaLeg legB = MediaLeg.open(ctx, "callee");
        lone = MediaLeg.open(ctx, "lone");
        legA.configure(media(Codec.PCMA, PCMA, lo, phoneAddress.getPort()));
        lone.configure(media(Codec.PCMA, PCMA, lo, phoneAddress.getPort()));
        legB.configure(codec.equals("PCMU") ? media(Codec.PCMU, 0, lo, portB) : media(Codec.PCMA, PCMA, lo, portB));
        session = new MediaSession(ctx, "bench", new Quiet());
        session.setCaller(legA);
        session.setOther(legB);
        session.bridge();
        unbridged = new MediaSession(ctx, "bench-unbridged", new Quiet());
        unbridged.setCaller(lone);
        packet = PooledByteBufAllocator.DEFAULT.directBuffer(RtpHeader.FIXED_HEADER_LENGTH + FRAME);
        packet.writeByte(0x80).writeByte(PCMA).writeShort(0).writeInt(0).writeInt(0x0BAD_CAFE);
        for (int i = 0; i < FRAME; i++) {
            packet.writeByte(0xD5 ^ i);
        }
        loop.runNow();
        // phone B speaks once: the other leg latches onto it (and on epoll connects its socket to it)
        ByteBuffer fromB = ByteBuffer.allocate(RtpHeader.FIXED_HEADER_LENGTH + FRAME);
        fromB.put((byte) 0x80).put((byte) (codec.equals("PCMU") ? 0 : PCMA)).putShort((short) 1).putInt(160)
                .putInt(0x0B0B0B0B).put(new byte[FRAME]).flip();
        phoneB.send(fromB, new InetSocketAddress(lo, legB.localPort()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (legB.packetsReceived() == 0 && System.nanoTime() < deadline) {
            loop.run(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (legB.packetsReceived() == 0) {
            throw new IllegalStateException("the other leg never received phone B's packet");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        session.close();
        unbridged.close();
        loop.runNow();
        packet.release();
        phoneA.close();
        phoneB.close();
        loop.shutdown();
        loop.runNow();
    }

    /** The next packet of the stream lands in the buffer (stand-in for the socket read). */
    private void next() {
        seq = (seq + 1) & 0xFFFF;
        ts = (ts + FRAME) & 0xFFFF_FFFFL;
        now += 20_000_000L;
        packet.setShort(2, seq);
        packet.setInt(4, (int) ts);
    }

    @Benchmark
    public long relayToSocket() {
        next();
        legA.onRtp(packet, phoneAddress, now);
        return session.relayedPackets();
    }

    @Benchmark
    public long receiveOnly() {
        next();
        lone.onRtp(packet, phoneAddress, now);
        return lone.packetsReceived();
    }

    private static NegotiatedMedia media(Codec codec, int pt, InetAddress address, int port) {
        return new NegotiatedMedia(0, codec, pt, OptionalInt.empty(), address.getHostAddress(), port,
                OptionalInt.empty(), Direction.SENDRECV, OptionalInt.empty(), false);
    }

    private static final class Quiet implements MediaSession.Listener {
        @Override
        public void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source) {
        }

        @Override
        public void onMediaTimeout(MediaLeg leg) {
        }
    }
}
