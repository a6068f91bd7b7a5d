package org.atende.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.atende.sip.auth.SipText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections Atende opens to a peer that listens on TCP (a phone whose Contact says transport=tcp). */
class SipTransportTcpTest {

    private EventLoopGroup group;
    private SipTransport transport;
    private final BlockingQueue<InboundMessage> inbound = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

    @BeforeEach
    void bind() throws Exception {
        NettyTransports netty = NettyTransports.best();
        group = netty.newGroup(1, new DefaultThreadFactory("tcp-test"));
        transport = new SipTransport(netty, group, inbound::add, 65535, false);
        transport.bind(Transport.TCP, new InetSocketAddress("127.0.0.1", 0), null);
    }

    @AfterEach
    void close() {
        transport.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void anOpenedConnectionCarriesTheRequestTheAnswerAndTheNextRequest() throws Exception {
        try (ServerSocket phone = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            phone.setSoTimeout(5000);
            Endpoint destination = new Endpoint(Transport.TCP,
                    new InetSocketAddress("127.0.0.1", phone.getLocalPort()));

            transport.send(options("1"), destination, failures::add);
            try (Socket connection = phone.accept()) {
                connection.setSoTimeout(5000);
                SIPRequest first = read(connection.getInputStream());
                assertThat(first.getCSeq().getSeqNumber()).isEqualTo(1);
                SIPResponse ok = first.createResponse(200, "OK");
                connection.getOutputStream().write(ok.encode().getBytes(StandardCharsets.UTF_8));

                InboundMessage answer = inbound.poll(5, TimeUnit.SECONDS);
                assertThat(answer).as("the answer read from the connection we opened").isNotNull();
                assertThat(answer.message()).isInstanceOf(SIPResponse.class);
                assertThat(answer.source().transport()).isEqualTo(destination.transport());
                assertThat(answer.source().address()).isEqualTo(destination.address());

                transport.send(options("2"), destination, failures::add);
                assertThat(read(connection.getInputStream()).getCSeq().getSeqNumber())
                        .as("the next request reuses the connection").isEqualTo(2);
            }
            phone.setSoTimeout(200);
            try (Socket second = phone.accept()) {
                throw new AssertionError("a second connection was opened: " + second);
            } catch (SocketTimeoutException expected) {
                // only one connection
            }
        }
        assertThat(failures).isEmpty();
    }

    private static SIPRequest options(String cseq) {
        return SipText.request("""
                OPTIONS sip:phone@127.0.0.1 SIP/2.0
                Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-tcp-%1$s
                Max-Forwards: 70
                From: <sip:atende@127.0.0.1>;tag=a%1$s
                To: <sip:phone@127.0.0.1>
                Call-ID: tcp-test-%1$s
                CSeq: %1$s OPTIONS
                Content-Length: 0

                """.formatted(cseq));
    }

    /** One message framed by Content-Length (OPTIONS here: no body). */
    private static SIPRequest read(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            assertThat(c).as("connection closed before a request arrived").isNotNegative();
            head.write(c);
            matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return (SIPRequest) new gov.nist.javax.sip.parser.StringMsgParser()
                .parseSIPMessage(head.toByteArray(), true, false, null);
    }
}
