package org.atende.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.atende.config.DnsConfig;
import org.atende.sip.transport.NettyTransports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host names resolved without blocking the loop, against DNS servers on loopback sockets. */
class HostResolverTest {

    private final NettyTransports netty = NettyTransports.best();
    private EventLoopGroup group;
    private EventLoop loop;
    private DnsServer server;
    private HostResolver resolver;

    @BeforeEach
    void start() throws Exception {
        group = netty.newGroup(1, new DefaultThreadFactory("dns-test"));
        loop = group.next();
    }

    @AfterEach
    void stop() {
        if (resolver != null) {
            resolver.close();
        }
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private HostResolver resolver(Duration timeout) {
        resolver = new HostResolver(new DnsConfig(List.of(server.address()), timeout), loop,
                netty.datagramChannelFactory(), netty.socketChannelFactory());
        return resolver;
    }

    @Test
    void aNameIsAskedOfTheConfiguredServer() throws Exception {
        server = new DnsServer(InetAddress.getByName("192.0.2.77"));
        CompletableFuture<InetAddress> address = resolver(Duration.ofSeconds(5)).resolve("carrier.test");

        assertThat(address.get(5, TimeUnit.SECONDS)).isEqualTo(InetAddress.getByName("192.0.2.77"));
        assertThat(server.queries.get()).isPositive();
        assertThat(resolver.inFlight()).isZero();
    }

    @Test
    void literalsAndHostsFileNamesNeedNoServer() throws Exception {
        server = new DnsServer(null);
        HostResolver r = resolver(Duration.ofSeconds(5));

        assertThat(r.resolve("198.51.100.4")).isCompletedWithValue(InetAddress.getByName("198.51.100.4"));
        assertThat(r.resolve("[2001:db8::4]")).isCompletedWithValue(InetAddress.getByName("2001:db8::4"));
        assertThat(r.resolve("localhost").get(5, TimeUnit.SECONDS).isLoopbackAddress())
                .as("/etc/hosts").isTrue();
        assertThat(server.queries.get()).isZero();
    }

    @Test
    void aServerThatNeverAnswersFailsTheLookUpAfterTheTimeoutWhileTheLoopRunsOn() throws Exception {
        server = new DnsServer(null);
        long started = System.nanoTime();
        CompletableFuture<InetAddress> stalled = resolver(Duration.ofMillis(1500)).resolve("carrier.test");
        assertThat(server.firstQuery.await(5, TimeUnit.SECONDS)).as("the server was asked").isTrue();

        // the resolver's own loop keeps serving other work while the look-up waits
        for (int i = 0; i < 20; i++) {
            long before = System.nanoTime();
            loop.submit(() -> { }).get(1, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(500);
        }
        assertThat(stalled).isNotDone();

        assertThatThrownBy(() -> stalled.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnknownHostException.class).hasMessageContaining("carrier.test");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(1000L, 5000L);
        assertThat(resolver.inFlight()).isZero();
    }

    @Test
    void closingFailsTheLookUpsUnderWayAndLaterOnes() throws Exception {
        server = new DnsServer(null);
        CompletableFuture<InetAddress> stalled = resolver(Duration.ofSeconds(30)).resolve("carrier.test");
        assertThat(server.firstQuery.await(5, TimeUnit.SECONDS)).isTrue();

        resolver.close();

        assertThatThrownBy(() -> stalled.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(UnknownHostException.class);
        assertThat(resolver.resolve("other.test")).isCompletedExceptionally();
        assertThat(resolver.inFlight()).isZero();
    }

    /**
     * A DNS server on a loopback UDP socket: answers every A question with {@code answer}, other questions with no
     * records; with no answer it never replies at all (a server that stalls).
     */
    static final class DnsServer implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicInteger queries = new AtomicInteger();
        final CountDownLatch firstQuery = new CountDownLatch(1);
        private final InetAddress answer;
        private final Thread reader;

        DnsServer(InetAddress answer) throws IOException {
            this.answer = answer;
            this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            this.reader = new Thread(this::serve, "dns-server");
            reader.setDaemon(true);
            reader.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }

        private void serve() {
            byte[] buffer = new byte[1500];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (IOException e) {
                    return;
                }
                queries.incrementAndGet();
                firstQuery.countDown();
                if (answer != null) {
                    byte[] reply = reply(Arrays.copyOf(packet.getData(), packet.getLength()), answer);
                    try {
                        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            }
        }

        /** The query's ID and question, with one A record for an A question (RFC 1035 §4.1). */
        static byte[] reply(byte[] query, InetAddress answer) {
            int end = 12;
            while (query[end] != 0) {
                end += (query[end] & 0xff) + 1;
            }
            end += 1 + 4; // the root label, QTYPE, QCLASS
            int qtype = ((query[end - 4] & 0xff) << 8) | (query[end - 3] & 0xff);
            boolean a = qtype == 1 && answer.getAddress().length == 4;
            ByteBuffer out = ByteBuffer.allocate(end + 16);
            out.put(query, 0, 2).putShort((short) 0x8180).putShort((short) 1).putShort((short) (a ? 1 : 0))
                    .putShort((short) 0).putShort((short) 0);
            out.put(query, 12, end - 12);
            if (a) {
                out.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4)
                        .put(answer.getAddress());
            }
            return Arrays.copyOf(out.array(), out.position());
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
