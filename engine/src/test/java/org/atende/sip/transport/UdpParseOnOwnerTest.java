package org.atende.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A UDP datagram is parsed on the loop the sink names for its Call-ID, not on the loop whose socket received it,
 * so that one peer sending everything to one socket still spreads over the cores; the datagrams of one Call-ID
 * arrive in the order they were sent.
 */
class UdpParseOnOwnerTest {

    private EventLoopGroup group;
    private SipTransport transport;

    @AfterEach
    void close() {
        transport.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void eachCallIsParsedOnItsOwnLoopInArrivalOrder() throws Exception {
        NettyTransports netty = NettyTransports.best();
        group = netty.newGroup(2, new DefaultThreadFactory("udp-owner-test"));
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
        SipMessageSink sink = new SipMessageSink() {
            @Override
            public void onMessage(InboundMessage message) {
                String callId = message.message().getCallId().getCallId();
                boolean onOwner = owner(callId).inEventLoop();
                delivered.add(callId + " " + message.message().getCSeq().getSeqNumber() + (onOwner ? "" : " WRONG LOOP"));
            }

            @Override
            public Executor parserFor(String callId) {
                return owner(callId);
            }

            private EventExecutor owner(String callId) {
                return loops.get(callId.startsWith("a") ? 0 : 1);
            }
        };
        transport = new SipTransport(netty, group, sink, 65535, false);
        InetSocketAddress bound = (InetSocketAddress) transport.bind(Transport.UDP,
                new InetSocketAddress("127.0.0.1", 0), null).bound();

        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int cseq = 1; cseq <= 50; cseq++) {
                for (String callId : List.of("a-call", "b-call")) {
                    byte[] bytes = options(callId, cseq).getBytes(StandardCharsets.UTF_8);
                    peer.send(new DatagramPacket(bytes, bytes.length, bound));
                }
            }
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String line = delivered.poll(5, TimeUnit.SECONDS);
                assertThat(line).as("datagram %d delivered", i).isNotNull();
                (line.startsWith("a") ? a : b).add(line);
            }
            List<String> expectedA = new ArrayList<>();
            List<String> expectedB = new ArrayList<>();
            for (int cseq = 1; cseq <= 50; cseq++) {
                expectedA.add("a-call " + cseq);
                expectedB.add("b-call " + cseq);
            }
            assertThat(a).containsExactlyElementsOf(expectedA);
            assertThat(b).containsExactlyElementsOf(expectedB);
        }
    }

    private static String options(String callId, int cseq) {
        return "OPTIONS sip:atende@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-" + callId + "-" + cseq + "\r\n"
                + "From: <sip:peer@127.0.0.1>;tag=1\r\nTo: <sip:atende@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + cseq + " OPTIONS\r\nMax-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
