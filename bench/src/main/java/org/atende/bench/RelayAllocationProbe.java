package org.atende.bench;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
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
import org.atende.media.session.DigitSource;
import org.atende.media.session.MediaClock;
import org.atende.media.session.MediaContext;
import org.atende.media.session.MediaCounters;
import org.atende.media.session.MediaLeg;
import org.atende.media.session.MediaSession;
import org.atende.media.session.RtpPortPool;
import org.atende.sip.transport.NettyTransports;

/**
 * Heap allocated by the media event loop per packet relayed, socket I/O included: the part of the per-packet
 * cost that {@link MediaPathBenchmark} leaves out. JMH cannot show it: its threads are not Netty event-loop
 * threads, and Netty's pooled buffers and recyclers behave differently off the loop.
 *
 * <p>Two media legs on one event loop (native epoll where available, as the engine uses), bridged by a
 * {@link MediaSession}; two phones send 20 ms PCMA packets, in turn, to their leg and each packet is read back
 * from the other leg by the other phone (ping-pong, so nothing queues or drops; both ways, as in a call where
 * both phones speak, so that both legs latch onto their phone). The figure is the loop thread's allocated bytes
 * ({@code ThreadMXBean}) over the measured packets, divided by their count; it includes the media clock's
 * 20 ms ticks, which {@code idle} shows alone (same duration, no packets).
 *
 * <pre>java -cp bench/target/benchmarks.jar org.atende.bench.RelayAllocationProbe [relay|transcode] [PACKETS]</pre>
 *
 * Add {@code -Dio.netty.leakDetection.level=disabled} to see the share of Netty's sampled leak detector.
 */
public final class RelayAllocationProbe {

    private static final int PAYLOAD = 160;

    private RelayAllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean transcode = args.length > 0 && args[0].equals("transcode");
        int packets = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        NettyTransports transports = NettyTransports.best();
        EventLoopGroup group = transports.newGroup(1, new DefaultThreadFactory("media-probe"));
        EventLoop loop = group.next();
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramChannel caller = DatagramChannel.open(); DatagramChannel callee = DatagramChannel.open()) {
            caller.bind(new InetSocketAddress(lo, 0));
            callee.bind(new InetSocketAddress(lo, 0));
            caller.socket().setSoTimeout(1000);
            callee.socket().setSoTimeout(1000);
            int callerPort = ((InetSocketAddress) caller.getLocalAddress()).getPort();
            int calleePort = ((InetSocketAddress) callee.getLocalAddress()).getPort();
            MediaLeg[] legs = loop.submit(() -> {
                MediaContext ctx = new MediaContext(loop, transports.datagramChannelFactory(),
                        PooledByteBufAllocator.DEFAULT, new RtpPortPool(40000, 40099), new MediaClock(loop),
                        new MediaCounters(), lo, lo.getHostAddress(), Duration.ofMinutes(10));
                MediaLeg a = MediaLeg.open(ctx, "caller");
                MediaLeg b = MediaLeg.open(ctx, "callee");
                a.configure(media(Codec.PCMA, 8, lo, callerPort));
                b.configure(transcode ? media(Codec.PCMU, 0, lo, calleePort) : media(Codec.PCMA, 8, lo, calleePort));
                MediaSession session = new MediaSession(ctx, "probe", new MediaSession.Listener() {
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
            long loopThread = loop.submit(() -> Thread.currentThread().getId()).get();
            Peer peer = new Peer(caller, callee, new InetSocketAddress(lo, legs[0].localPort()),
                    new InetSocketAddress(lo, legs[1].localPort()), transcode ? 0 : 8);

            peer.pingPong(packets / 2); // warm-up: JIT, pools, recyclers
            long t0 = System.nanoTime();
            long a0 = allocated(loopThread);
            int lost = peer.pingPong(packets);
            long a1 = allocated(loopThread);
            long elapsed = System.nanoTime() - t0;
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(elapsed));
            long a2 = allocated(loopThread);
            System.out.printf("%s %s: %d packets in %.1f s, %d lost; loop thread allocated %.1f B/packet"
                            + " (idle loop over the same time: %d B = %.1f B/packet); leak detection %s%n",
                    transcode ? "transcode PCMA->PCMU" : "relay PCMA", transports.name(), packets,
                    elapsed / 1e9, lost, (a1 - a0) / (double) packets, a2 - a1, (a2 - a1) / (double) packets,
                    io.netty.util.ResourceLeakDetector.getLevel());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static NegotiatedMedia media(Codec codec, int pt, InetAddress address, int port) {
        return new NegotiatedMedia(0, codec, pt, OptionalInt.empty(), address.getHostAddress(), port,
                OptionalInt.empty(), Direction.SENDRECV, OptionalInt.empty(), false);
    }

    private static long allocated(long threadId) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(threadId);
    }

    /** The two phones: each sends to its leg in turn and reads what the other leg relays. */
    private static final class Peer {
        private final DatagramChannel caller;
        private final DatagramChannel callee;
        private final InetSocketAddress callerLeg;
        private final InetSocketAddress calleeLeg;
        private final ByteBuffer out = ByteBuffer.allocateDirect(12 + PAYLOAD);
        private final java.net.DatagramPacket received = new java.net.DatagramPacket(new byte[2048], 2048);
        /** The callee phone's payload type: PCMU (0) when transcoding. */
        private final int calleePt;
        private int seq = 1;
        private long ts = 160;

        Peer(DatagramChannel caller, DatagramChannel callee, InetSocketAddress callerLeg, InetSocketAddress calleeLeg,
             int calleePt) {
            this.caller = caller;
            this.callee = callee;
            this.callerLeg = callerLeg;
            this.calleeLeg = calleeLeg;
            this.calleePt = calleePt;
        }

        /** Sends {@code n} packets one at a time, each after the previous came out; returns how many did not. */
        int pingPong(int n) throws IOException {
            int lost = 0;
            for (int i = 0; i < n; i++) {
                boolean fromCaller = (i & 1) == 0;
                out.clear();
                out.put((byte) 0x80).put((byte) (fromCaller ? 8 : calleePt)).putShort((short) seq++).putInt((int) ts)
                        .putInt(fromCaller ? 0x0BADCAFE : 0x0CA11EE);
                ts += PAYLOAD;
                for (int k = 0; k < PAYLOAD; k++) {
                    out.put((byte) (0xD5 ^ (k + i)));
                }
                out.flip();
                (fromCaller ? caller : callee).send(out, fromCaller ? callerLeg : calleeLeg);
                try {
                    (fromCaller ? callee : caller).socket().receive(received);
                } catch (SocketTimeoutException e) {
                    lost++;
                }
            }
            return lost;
        }
    }
}
