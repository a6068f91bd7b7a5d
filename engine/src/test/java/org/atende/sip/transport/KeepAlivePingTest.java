package org.atende.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.atende.sip.auth.SipText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 5626 §4.4.1 CRLF keep-alive on a TCP connection Atende opened (to a phone listening on TCP): a ping after the
 * writer-idle interval (200 ms here), the connection kept while the peer answers pongs, closed when it does not.
 */
class KeepAlivePingTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration PONG_TIMEOUT = Duration.ofMillis(600);

    private EventLoopGroup group;
    private SipTransport transport;
    private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

    @BeforeEach
    void bind() throws Exception {
        NettyTransports netty = NettyTransports.best();
        group = netty.newGroup(1, new DefaultThreadFactory("keepalive-test"));
        transport = new SipTransport(netty, group, m -> { }, 65535, false);
        transport.bind(Transport.TCP, new InetSocketAddress("127.0.0.1", 0), null);
        transport.keepAlive(INTERVAL, PONG_TIMEOUT);
    }

    @AfterEach
    void close() {
        transport.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void aPeerAnsweringPongsKeepsTheConnectionAtendeOpened() throws Exception {
        try (ServerSocket phone = listen(); Socket connection = open(phone)) {
            InputStream in = connection.getInputStream();
            long firstPing = 0;
            for (int ping = 1; ping <= 5; ping++) { // four intervals of 200 ms: well past the 600 ms timeout
                assertThat(readPing(in)).as("ping %d", ping).isEqualTo("\r\n\r\n");
                if (ping == 1) {
                    firstPing = System.nanoTime();
                }
                connection.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
                connection.getOutputStream().flush();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - firstPing)).as("pings went on past the pong timeout")
                    .isGreaterThan(PONG_TIMEOUT);
            assertThat(transport.openConnections()).isEqualTo(1);
            assertThat(transport.keepAliveFailureCount()).isZero();
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aPeerThatNeverAnswersAPingIsDisconnectedAfterThePongTimeout() throws Exception {
        try (ServerSocket phone = listen(); Socket connection = open(phone)) {
            InputStream in = connection.getInputStream();
            assertThat(readPing(in)).isEqualTo("\r\n\r\n");
            long pinged = System.nanoTime();
            connection.setSoTimeout((int) PONG_TIMEOUT.toMillis() * 5);
            assertThat(in.read()).as("nothing but the close after the unanswered ping").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - pinged)).as("closed once the pong was overdue")
                    .isGreaterThanOrEqualTo(PONG_TIMEOUT.minusMillis(50));
            assertThat(transport.keepAliveFailureCount()).isEqualTo(1);
        }
    }

    private static ServerSocket listen() throws Exception {
        ServerSocket phone = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        phone.setSoTimeout(5000);
        return phone;
    }

    /** Atende opens a connection to {@code phone} by sending it an OPTIONS, which is read off here. */
    private Socket open(ServerSocket phone) throws Exception {
        Endpoint destination = new Endpoint(Transport.TCP, new InetSocketAddress("127.0.0.1", phone.getLocalPort()));
        transport.send(SipText.request("""
                OPTIONS sip:phone@127.0.0.1 SIP/2.0
                Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-keepalive
                Max-Forwards: 70
                From: <sip:atende@127.0.0.1>;tag=a1
                To: <sip:phone@127.0.0.1>
                Call-ID: keepalive-test
                CSeq: 1 OPTIONS
                Content-Length: 0

                """), destination, failures::add);
        Socket connection = phone.accept();
        connection.setSoTimeout(5000);
        InputStream in = connection.getInputStream();
        int matched = 0;
        for (int read = 0; matched < 4 && read < 4096; read++) {
            int c = in.read();
            assertThat(c).as("connection closed before the OPTIONS arrived").isNotNegative();
            matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        assertThat(matched).as("the OPTIONS' header section ended").isEqualTo(4);
        return connection;
    }

    /** The next four bytes: a ping is CRLF CRLF. */
    private static String readPing(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            int c = in.read();
            assertThat(c).as("connection closed while a ping was expected").isNotNegative();
            bytes.write(c);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
