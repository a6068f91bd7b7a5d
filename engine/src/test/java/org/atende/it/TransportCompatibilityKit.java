package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same loopback calls over each SIP transport, in both directions: phones registered over the transport call
 * each other (Atende receives an INVITE over it and sends one over it), and Atende places a call to a carrier over
 * it — a destination it has no connection to yet — reuses that connection for the next call, and opens a new one
 * when the carrier has closed it. Each subclass names the transport; the engine listens on UDP, TCP and TLS at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TransportCompatibilityKit {

    private Engine engine;
    private InetSocketAddress server;
    private TestUa carrier;

    /** The transport under test. */
    abstract Transport transport();

    @BeforeAll
    void startEngine(@TempDir Path data) throws Exception {
        int port = EngineFixture.freePort();
        int tlsPort = EngineFixture.freePort();
        InetSocketAddress plain = new InetSocketAddress("127.0.0.1", port);
        InetSocketAddress tls = new InetSocketAddress("127.0.0.1", tlsPort);
        server = transport() == Transport.TLS ? tls : plain;
        carrier = TestUa.over(transport(), "carrier", server, true);
        String proxy = "sip:127.0.0.1:" + carrier.port()
                + (transport() == Transport.UDP ? "" : ";transport=" + transport().uriParameter());
        String yaml = EngineFixture.withExternalRoute(EngineFixture.yamlWithTls(port, tlsPort, data, "MD5"), proxy);
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
    }

    @AfterAll
    void stopEngine() {
        carrier.close();
        engine.stop();
    }

    @Test
    void phonesOnTheTransportCallEachOtherBothWays() throws Exception {
        try (TestUa a = TestUa.over(transport(), "1002", server, false);
             TestUa b = TestUa.over(transport(), "1004", server, false)) {
            assertThat(a.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            assertThat(b.register("demo1004", 300).getStatusCode()).isEqualTo(200);

            call(a, b, "1004", "demo1002", true);
            call(b, a, "1002", "demo1004", false);

            assertThat(transport().reliable() ? a.duplicates() + b.duplicates() : 0)
                    .as("nothing retransmitted over a reliable transport").isZero();
            a.register("demo1002", 0);
            b.register("demo1004", 0);
        }
    }

    /** {@code from} calls {@code to}; the caller hangs up when {@code callerHangsUp}, else the callee. */
    private void call(TestUa from, TestUa to, String number, String password, boolean callerHangsUp)
            throws Exception {
        UacCall call = new UacCall(from, number);
        call.invite(password, TestUa.SDP);
        SIPRequest invite = to.expectRequest("INVITE");
        assertThat(invite.getTopmostVia().getTransport()).isEqualToIgnoringCase(transport().viaName());
        UasCall uas = new UasCall(to, invite);
        uas.respond(180, "Ringing", null);
        from.expectResponse(180);
        uas.respond(200, "OK", TestUa.SDP);
        SIPResponse ok = from.expectResponse(200);
        advertisesCapabilities(invite);
        advertisesCapabilities(ok);
        call.ack(ok, "");
        to.expectRequest("ACK");
        if (callerHangsUp) {
            call.bye();
            UacCall.answerInDialog(to, to.expectRequest("BYE"), null);
            from.expectResponse(200);
        } else {
            uas.bye();
            UacCall.answerInDialog(from, from.expectRequest("BYE"), null);
            to.expectResponse(200);
        }
    }

    /** An INVITE or its 2xx says what else the peer may send in the dialog (RFC 3261 §20.5, §20.37). */
    private static void advertisesCapabilities(gov.nist.javax.sip.message.SIPMessage m) {
        java.util.List<String> allowed = new java.util.ArrayList<>();
        m.getHeaders("Allow").forEachRemaining(h -> allowed.add(((javax.sip.header.AllowHeader) h).getMethod()));
        assertThat(allowed).as(m.getFirstLine()).contains("INVITE", "ACK", "BYE", "CANCEL", "UPDATE", "INFO");
        assertThat(m.getHeader("Supported")).as(m.getFirstLine()).isNotNull();
    }

    @Test
    void callsToACarrierOpenAConnectionReuseItAndReconnectAfterTheCarrierClosesIt() throws Exception {
        int acceptedBefore = carrier.acceptedConnections();
        externalCall();
        externalCall();
        if (transport().stream()) {
            assertThat(carrier.acceptedConnections() - acceptedBefore)
                    .as("Atende opened one connection to the carrier and reused it").isEqualTo(1);
            int open = engine.openSipConnections();
            carrier.dropConnections();
            // a message racing the close would be lost in TCP itself: wait until Atende saw the connection go
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (engine.openSipConnections() >= open && System.nanoTime() < deadline) {
                java.util.concurrent.TimeUnit.MILLISECONDS.sleep(10); // no event to wait on from outside the engine
            }
            assertThat(engine.openSipConnections()).as("Atende noticed the carrier closed").isLessThan(open);
            externalCall();
            assertThat(carrier.acceptedConnections() - acceptedBefore)
                    .as("a new connection once the carrier closed the first").isEqualTo(2);
        }
    }

    /** A trunk caller (UDP) enters the flow that routes to the carrier; the carrier answers; the caller hangs up. */
    private void externalCall() throws Exception {
        try (TestUa caller = new TestUa("5511987654321", new InetSocketAddress("127.0.0.1",
                     ((InetSocketAddress) plainServer()).getPort()));
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call = new UacCall(caller, "08001234573");
            call.invite(null, TestUa.SDP.replace("40000", Integer.toString(rtp.getLocalPort())));
            SIPRequest invite = carrier.expectRequest("INVITE", 10);
            assertThat(invite.getRequestURI().toString()).startsWith("sip:+551140000000@127.0.0.1:" + carrier.port());
            assertThat(invite.getTopmostVia().getTransport()).isEqualToIgnoringCase(transport().viaName());
            UasCall uas = new UasCall(carrier, invite);
            uas.respond(200, "OK", TestUa.SDP);
            carrier.expectRequest("ACK");
            SIPResponse ok = caller.expectResponse(200);
            call.ack(ok, "");
            call.bye();
            UacCall.answerInDialog(carrier, carrier.expectRequest("BYE"), null);
            caller.expectResponse(200);
        }
    }

    private InetSocketAddress plainServer() {
        return transport() == Transport.TLS ? new InetSocketAddress("127.0.0.1", engine.listenPoints().get(0).port())
                : server;
    }
}
