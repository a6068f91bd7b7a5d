package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine with two UDP listeners (127.0.0.1 and 127.0.0.3, as a host with two addresses): a response leaves from
 * the socket its request arrived on (RFC 3261 §18.2.2), and a call's Contact names the listener it came in on.
 */
class MultiHomedTest {

    @TempDir
    static Path data;

    static Engine engine;
    static int port;

    @BeforeAll
    static void startEngine() throws Exception {
        port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("  data_dir:", "    - { transport: udp, address: 127.0.0.3, port: " + port + " }\n  data_dir:");
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @Test
    void aResponseLeavesFromTheAddressItsRequestReached() throws Exception {
        for (String address : new String[] {"127.0.0.3", "127.0.0.1"}) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                socket.setSoTimeout(5000);
                String options = "OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-mh-" + address + ";rport\r\n"
                        + "From: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:127.0.0.1>\r\n"
                        + "Call-ID: mh-" + address + "@test\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                byte[] bytes = options.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(address, port)));
                DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
                socket.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
                        .startsWith("SIP/2.0 200");
                assertThat(reply.getSocketAddress()).as("the 200 to a request sent to " + address)
                        .isEqualTo(new InetSocketAddress(address, port));
            }
        }
    }

    /**
     * On epoll a UDP listener is one socket per event loop sharing the port (SO_REUSEPORT); the kernel spreads
     * sources over them. Requests from many source ports are each answered, from the listener's address.
     */
    @Test
    void requestsFromManySourcesAreAllAnsweredFromTheListenersAddress() throws Exception {
        for (int i = 0; i < 24; i++) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                socket.setSoTimeout(5000);
                String options = "OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-many-" + i + "\r\n"
                        + "From: <sip:probe@127.0.0.1>;tag=m" + i + "\r\nTo: <sip:127.0.0.1>\r\n"
                        + "Call-ID: many-" + i + "@test\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                byte[] bytes = options.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
                DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
                socket.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
                        .startsWith("SIP/2.0 200");
                assertThat(reply.getSocketAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", port));
            }
        }
    }

    @Test
    void theAnswerToACallNamesTheListenerTheCallCameIn() throws Exception {
        try (TestUa caller = new TestUa("1002", new InetSocketAddress("127.0.0.3", port));
             TestUa callee = new TestUa("1004", new InetSocketAddress("127.0.0.1", port))) {
            caller.register("demo1002", 300);
            callee.register("demo1004", 300);
            UacCall call = new UacCall(caller, "1004");
            call.invite("demo1002", TestUa.SDP);
            UasCall uas = UasCall.answer(callee, 40002);
            var ok = caller.expectResponse(200);
            assertThat(ok.getHeader("Contact").toString()).contains("@127.0.0.3:" + port);
            call.ack(ok, "");
            call.bye();
            UacCall.answerInDialog(callee, callee.expectRequest("BYE"), null);
            caller.expectResponse(200);
            assertThat(uas.invite.getTopmostVia().getHost()).as("the callee's leg went out through its own listener")
                    .isEqualTo("127.0.0.1");
            caller.register("demo1002", 0);
            callee.register("demo1004", 0);
        }
    }
}
