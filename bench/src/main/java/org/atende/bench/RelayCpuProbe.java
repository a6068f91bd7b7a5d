package org.atende.bench;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * The event loop's CPU per relayed packet under a call load, without SIP and without SIPp: {@code CALLS} bridged
 * PCMA calls on one event loop (native epoll where available, as the engine uses), each with two phones (plain
 * UDP sockets on loopback) that each send a 20 ms packet every 20 ms, as in {@code run-media-bench.sh}; one driver
 * thread paces the phones and drains what the legs relay. The figure is the loop thread's CPU time
 * ({@code ThreadMXBean}: user and system, so the {@code recv}/{@code send} syscalls and the loopback delivery they
 * do are in it) over the packets it relayed in the measured seconds. Unlike the SIPp bench it leaves out the SIP
 * stack and SIPp's raw sockets (whose per-packet cost the kernel charges to whoever sends on loopback, see
 * README-media.md section 5), and CPU time per packet moves less with the machine's load than a share of a core.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.atende.bench.RelayCpuProbe [CALLS] [SECONDS] [WARM_UP_SECONDS]</pre>
 */
public final class RelayCpuProbe {

    private static final int PAYLOAD = 160;
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(20);

    private RelayCpuProbe() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        NettyTransports transports = NettyTransports.best();
        EventLoopGroup group = transports.newGroup(1, new DefaultThreadFactory("media-probe"));
        EventLoop loop = group.next();
        InetAddress lo = InetAddress.getLoopbackAddress();
        DatagramChannel[] phones = new DatagramChannel[2 * calls];
        InetSocketAddress[] legs = new InetSocketAddress[2 * calls];
        try {
            for (int i = 0; i < phones.length; i++) {
                phones[i] = DatagramChannel.open().bind(new InetSocketAddress(lo, 0));
                phones[i].configureBlocking(false);
            }
            MediaSession[] sessions = loop.submit(() -> {
                MediaContext ctx = new MediaContext(loop, transports.datagramChannelFactory(),
                        PooledByteBufAllocator.DEFAULT, new RtpPortPool(46000, 46000 + 4 * calls + 99),
                        new MediaClock(loop), new MediaCounters(), lo, lo.getHostAddress(), Duration.ofMinutes(10));
                MediaSession[] made = new MediaSession[calls];
                for (int c = 0; c < calls; c++) {
                    MediaLeg a = MediaLeg.open(ctx, "caller-" + c);
                    MediaLeg b = MediaLeg.open(ctx, "callee-" + c);
                    a.configure(pcma(lo, phones[2 * c]));
                    b.configure(pcma(lo, phones[2 * c + 1]));
                    legs[2 * c] = new InetSocketAddress(lo, a.localPort());
                    legs[2 * c + 1] = new InetSocketAddress(lo, b.localPort());
                    made[c] = new MediaSession(ctx, "probe-" + c, new Quiet());
                    made[c].setCaller(a);
                    made[c].setOther(b);
                    made[c].bridge();
                }
                return made;
            }).get(30, TimeUnit.SECONDS);
            long loopThread = loop.submit(() -> Thread.currentThread().getId()).get();
            Phones driver = new Phones(phones, legs);

            driver.run(TimeUnit.SECONDS.toNanos(warmUp)); // JIT, pools, latching
            long cpu0 = cpu(loopThread);
            long relayed0 = relayed(loop, sessions);
            long t0 = System.nanoTime();
            driver.run(TimeUnit.SECONDS.toNanos(seconds));
            long elapsed = System.nanoTime() - t0;
            long cpu = cpu(loopThread) - cpu0;
            long relayed = relayed(loop, sessions) - relayed0;
            System.out.printf("%d calls %s, %d s: %d packets relayed (%.0f/s), %d sent, %d received back; loop thread"
                            + " CPU %.1f %% of a core, %.2f us per relayed packet; late ticks %d; leak detection %s%n",
                    calls, transports.name(), seconds, relayed, relayed * 1e9 / elapsed, driver.sent, driver.received,
                    100.0 * cpu / elapsed, cpu / 1e3 / Math.max(1, relayed), driver.late,
                    io.netty.util.ResourceLeakDetector.getLevel());
            loop.submit(() -> {
                for (MediaSession s : sessions) {
                    s.close();
                }
            }).get(30, TimeUnit.SECONDS);
        } finally {
            for (DatagramChannel p : phones) {
                if (p != null) {
                    p.close();
                }
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static long relayed(EventLoop loop, MediaSession[] sessions) throws Exception {
        return loop.submit(() -> {
            long n = 0;
            for (MediaSession s : sessions) {
                n += s.relayedPackets();
            }
            return n;
        }).get(30, TimeUnit.SECONDS);
    }

    private static long cpu(long threadId) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
    }

    private static NegotiatedMedia pcma(InetAddress address, DatagramChannel phone) throws Exception {
        return new NegotiatedMedia(0, Codec.PCMA, 8, OptionalInt.empty(), address.getHostAddress(),
                ((InetSocketAddress) phone.getLocalAddress()).getPort(), OptionalInt.empty(), Direction.SENDRECV,
                OptionalInt.empty(), false);
    }

    /** Every phone sends one packet per 20 ms tick to its leg; what comes back is drained and counted. */
    private static final class Phones {
        private final DatagramChannel[] phones;
        private final InetSocketAddress[] legs;
        private final ByteBuffer out = ByteBuffer.allocateDirect(12 + PAYLOAD);
        private final ByteBuffer in = ByteBuffer.allocateDirect(2048);
        private final int[] seq;
        private long sent;
        private long received;
        private long late;
        private long ts;

        Phones(DatagramChannel[] phones, InetSocketAddress[] legs) {
            this.phones = phones;
            this.legs = legs;
            this.seq = new int[phones.length];
        }

        void run(long duration) throws Exception {
            long start = System.nanoTime();
            long next = start;
            while (next - start < duration) {
                ts += PAYLOAD;
                for (int i = 0; i < phones.length; i++) {
                    out.clear();
                    out.put((byte) 0x80).put((byte) 8).putShort((short) seq[i]++).putInt((int) ts).putInt(0x1000 + i);
                    for (int k = 0; k < PAYLOAD; k++) {
                        out.put((byte) (0xD5 ^ k));
                    }
                    out.flip();
                    phones[i].send(out, legs[i]);
                    sent++;
                }
                next += TICK;
                do {
                    drain();
                    long wait = next - System.nanoTime();
                    if (wait <= 0) {
                        if (wait < -TICK) {
                            late++;
                        }
                        break;
                    }
                    LockSupport.parkNanos(Math.min(wait, 1_000_000));
                } while (true);
            }
            drain();
        }

        private void drain() throws Exception {
            for (DatagramChannel phone : phones) {
                in.clear();
                while (phone.receive(in) != null) {
                    received++;
                    in.clear();
                }
            }
        }
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
