package org.atende.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.NegotiatedMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * What the event loop allocates per relayed packet, socket reads and writes included, on the transport the
 * engine runs on Linux (epoll), with Netty's pooled allocator as the engine has it: two bridged legs, two phones
 * sending in turn, each packet read back from the other leg before the next is sent (so nothing queues). The
 * figure is the loop thread's allocated bytes ({@code ThreadMXBean}) over the measured packets. It does not
 * depend on timing: the run is bounded in packets, and in time only as a safeguard on a starved machine.
 */
@EnabledIf("io.netty.channel.epoll.Epoll#isAvailable")
class RelayAllocationTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int PAYLOAD = 160;
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;

    private EventLoopGroup group;
    private EventLoop loop;
    private DatagramChannel phoneA;
    private DatagramChannel phoneB;
    private MediaSession session;
    private ResourceLeakDetector.Level leakDetection;

    @BeforeEach
    void start() throws Exception {
        // the paranoid level the tests run at records every buffer access: off while measuring, as in production
        leakDetection = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        phoneA = phone();
        phoneB = phone();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (session != null) {
                loop.submit(session::close).get(5, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            phoneA.close();
            phoneB.close();
        } finally {
            ResourceLeakDetector.setLevel(leakDetection);
        }
    }

    @Test
    void aLatchedRelayAllocatesNextToNothingPerPacketOnTheLoop() throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemoryEnabled());
        MediaLeg[] legs = loop.submit(() -> {
            MediaContext ctx = new MediaContext(loop, EpollDatagramChannel::new, PooledByteBufAllocator.DEFAULT,
                    new RtpPortPool(44000, 44999), new MediaClock(loop), new MediaCounters(), LOOPBACK,
                    LOOPBACK.getHostAddress(), Duration.ofMinutes(10));
            MediaLeg a = MediaLeg.open(ctx, "A");
            MediaLeg b = MediaLeg.open(ctx, "B");
            a.configure(pcma(phoneA));
            b.configure(pcma(phoneB));
            session = new MediaSession(ctx, "allocation", new MediaSession.Listener() {
                @Override
                public void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source) {
                }

                @Override
                public void onMediaTimeout(MediaLeg leg) {
                }
            });
            session.setCaller(a);
            session.setOther(b);
            session.bridge();
            return new MediaLeg[] {a, b};
        }).get(5, TimeUnit.SECONDS);
        long loopThread = loop.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
        PingPong calls = new PingPong(new InetSocketAddress(LOOPBACK, legs[0].localPort()),
                new InetSocketAddress(LOOPBACK, legs[1].localPort()));

        calls.run(WARM_UP, System.nanoTime() + TimeUnit.SECONDS.toNanos(60)); // JIT, pools, recyclers
        assertThat(loop.submit(() -> legs[0].connectedPeer() != null && legs[1].connectedPeer() != null)
                .get(5, TimeUnit.SECONDS)).as("both legs settled on their phones and connected").isTrue();
        long before = threads.getThreadAllocatedBytes(loopThread);
        int packets = calls.run(MEASURED, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        long allocated = threads.getThreadAllocatedBytes(loopThread) - before;

        assertThat(packets).as("packets measured before the time bound").isGreaterThanOrEqualTo(1_000);
        assertThat(calls.lost).as("packets not relayed").isLessThanOrEqualTo(packets / 100);
        // before the legs connected their sockets this was 176 B: the DatagramPacket and sender address built
        // per read, the DatagramPacket and the address conversion per write
        assertThat(allocated / (double) packets).as("bytes allocated on the loop per relayed packet (%d over %d)",
                allocated, packets).isLessThan(32);
    }

    private static DatagramChannel phone() throws Exception {
        DatagramChannel phone = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        phone.socket().setSoTimeout(1000);
        return phone;
    }

    private static NegotiatedMedia pcma(DatagramChannel phone) throws Exception {
        return new NegotiatedMedia(0, Codec.PCMA, 8, OptionalInt.empty(), LOOPBACK.getHostAddress(),
                ((InetSocketAddress) phone.getLocalAddress()).getPort(), OptionalInt.empty(), Direction.SENDRECV,
                OptionalInt.empty(), false);
    }

    /** The two phones speaking in turn, each packet read back from the other leg before the next goes out. */
    private final class PingPong {
        private final InetSocketAddress legA;
        private final InetSocketAddress legB;
        private final ByteBuffer out = ByteBuffer.allocateDirect(12 + PAYLOAD);
        private final java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[2048], 2048);
        private int seq = 1;
        private long ts = PAYLOAD;
        private int lost;

        PingPong(InetSocketAddress legA, InetSocketAddress legB) {
            this.legA = legA;
            this.legB = legB;
        }

        /** Relays up to {@code n} packets, stopping early at {@code deadline}; returns how many were sent. */
        int run(int n, long deadline) throws Exception {
            lost = 0;
            int sent = 0;
            while (sent < n && System.nanoTime() < deadline) {
                boolean fromA = (sent & 1) == 0;
                out.clear();
                out.put((byte) 0x80).put((byte) 8).putShort((short) seq++).putInt((int) ts)
                        .putInt(fromA ? 0x0A : 0x0B);
                ts += PAYLOAD;
                for (int k = 0; k < PAYLOAD; k++) {
                    out.put((byte) (0xD5 ^ k));
                }
                out.flip();
                (fromA ? phoneA : phoneB).send(out, fromA ? legA : legB);
                sent++;
                try {
                    (fromA ? phoneB : phoneA).socket().receive(in);
                } catch (SocketTimeoutException e) {
                    lost++;
                }
            }
            return sent;
        }
    }
}
