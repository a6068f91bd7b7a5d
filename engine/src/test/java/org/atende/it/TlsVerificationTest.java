package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client TLS checks the carrier's certificate by default (RFC 5922): a carrier whose certificate names another host
 * gets no INVITE, and the caller hears the failure; with {@code verify_server: false} the same carrier is called.
 */
class TlsVerificationTest {

    @TempDir
    Path data;

    @Test
    void aCarrierWhoseCertificateNamesAnotherHostIsNotCalled() throws Exception {
        try (TestUa carrier = TestUa.listeningTls("carrier", null, "wronghost");
             Engine engine = start(carrier, true);
             TestUa caller = new TestUa("5511987654321", new InetSocketAddress("127.0.0.1",
                     engine.listenPoints().get(0).port()));
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call = new UacCall(caller, "08001234573");
            var ok = call.answered(rtp); // the flow answers, then routes out
            SIPRequest bye = caller.expectRequest("BYE", 15);
            UacCall.answerInDialog(caller, bye, null);
            carrier.expectSilence(200);
            assertThat(ok.getStatusCode()).isEqualTo(200);
            assertThat(engine.openSipConnections()).as("no TLS connection kept to the carrier").isZero();
        }
    }

    @Test
    void withVerificationOffTheSameCarrierIsCalled() throws Exception {
        try (TestUa carrier = TestUa.listeningTls("carrier", null, "wronghost");
             Engine engine = start(carrier, false);
             TestUa caller = new TestUa("5511987654321", new InetSocketAddress("127.0.0.1",
                     engine.listenPoints().get(0).port()));
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call = new UacCall(caller, "08001234573");
            call.invite(null, TestUa.SDP.replace("40000", Integer.toString(rtp.getLocalPort())));
            SIPRequest invite = carrier.expectRequest("INVITE", 10);
            assertThat(invite.getTopmostVia().getTransport()).isEqualToIgnoringCase("TLS");
            new UasCall(carrier, invite).respond(486, "Busy Here", null);
            carrier.expectRequest("ACK");
        }
    }

    private Engine start(TestUa carrier, boolean verify) throws Exception {
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.withExternalRoute(EngineFixture.yamlWithTls(port, EngineFixture.freePort(), data,
                        "MD5").replace("  tls: { ca_certificates: ", "  tls: { verify_server: " + verify + ", ca_certificates: "),
                "sip:127.0.0.1:" + carrier.port() + ";transport=tls");
        return Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
    }
}
