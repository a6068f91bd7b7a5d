package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trunk whose carrier wants Atende to register: Atende registers with digest to a scripted carrier registrar,
 * and the carrier's call to the registered Contact reaches the extension the dialled number maps to.
 */
class TrunkRegistrationTest {

    @TempDir
    Path data;

    @Test
    void registersToTheCarrierAndTakesItsCallsToTheRegisteredContact() throws Exception {
        int port = EngineFixture.freePort();
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1001", server)) {
            String yaml = """
                    demo: true
                    server:
                      domain: 127.0.0.1
                      listen:
                        - { transport: udp, address: 127.0.0.1, port: %d }
                      data_dir: %s
                    extensions:
                      - { number: "1001", password: demo1001 }
                    trunks:
                      - name: operadora
                        numbers: ["0800 123 4567"]
                        registration:
                          registrar: sip:127.0.0.1:%d
                          username: atende-trunk
                          password: ${TRUNK_PASSWORD}
                          expires: 600s
                    numbers:
                      - { number: "0800 123 4567", extension: "1001" }
                    """.formatted(port, data.toAbsolutePath(), carrier.port());
            try (Engine engine = Engine.start(ConfigLoader.parse(yaml, "trunk.yaml", Map.of("TRUNK_PASSWORD", "s3cret-trunk")))) {
                SIPRequest register = carrier.expectRequest("REGISTER");
                assertThat(register.getRequestURI().toString()).isEqualTo("sip:127.0.0.1:" + carrier.port());
                assertThat(register.getTo().getAddress().getURI().toString()).isEqualTo("sip:atende-trunk@127.0.0.1");
                carrier.sendResponse(register, 401, "Unauthorized", "c1",
                        "WWW-Authenticate: Digest realm=\"carrier.example\", nonce=\"n0nce1\", qop=\"auth\", algorithm=MD5\r\n", null);

                SIPRequest authorized = carrier.expectRequest("REGISTER");
                String credentials = authorized.getHeader("Authorization").toString();
                String ha1 = TestUa.md5("atende-trunk:carrier.example:s3cret-trunk");
                String ha2 = TestUa.md5("REGISTER:" + TestUa.param(credentials, "uri"));
                String expected = TestUa.md5(ha1 + ":n0nce1:" + TestUa.param(credentials, "nc") + ":"
                        + TestUa.param(credentials, "cnonce") + ":auth:" + ha2);
                assertThat(TestUa.param(credentials, "response")).as("digest computed with the trunk password").isEqualTo(expected);
                assertThat(credentials).doesNotContain("s3cret-trunk");
                String contact = authorized.getHeader("Contact").toString().trim();
                carrier.sendResponse(authorized, 200, "OK", "c1", contact.replace("\r\n", "") + ";expires=600\r\n", null);

                agent.register("demo1001", 300);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!"REGISTERED".equals(String.valueOf(engine.trunkRegistrationStates().get("operadora")))
                        && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(engine.trunkRegistrationStates()).containsEntry("operadora",
                        org.atende.trunk.TrunkRegistrationClient.State.REGISTERED);

                // the carrier calls the registered contact; the dialled number is in To
                String contactUri = authorized.getHeader("Contact").toString();
                String target = contactUri.substring(contactUri.indexOf('<') + 1, contactUri.indexOf('>'));
                carrier.sendMessage("INVITE " + target + " SIP/2.0\r\n" + carrier.via(carrier.newBranch())
                        + "From: <sip:+5511987654321@carrier.example>;tag=cf1\r\n"
                        + "To: <sip:+558001234567@carrier.example>\r\n"
                        + "Call-ID: trunk-call-1@carrier\r\nCSeq: 1 INVITE\r\n"
                        + "Contact: " + carrier.contact() + "\r\nMax-Forwards: 70\r\n"
                        + "Content-Type: application/sdp\r\n", TestUa.SDP);
                SIPRequest invite = agent.expectRequest("INVITE");
                assertThat(invite.getFrom().getAddress().getURI().toString()).startsWith("sip:+5511987654321@");
                new UasCall(agent, invite).respond(486, "Busy Here", null);
                agent.expectRequest("ACK");
                SIPResponse busy = carrier.expectResponse(486);
                assertThat(busy.getCallId().getCallId()).isEqualTo("trunk-call-1@carrier");

                // on stop Atende removes its registration
                Thread stopper = new Thread(engine::stop);
                stopper.start();
                SIPRequest unregister = carrier.expectRequest("REGISTER");
                assertThat(unregister.getExpires() == null ? unregister.toString() : String.valueOf(unregister.getExpires().getExpires()))
                        .contains("0");
                carrier.sendResponse(unregister, 200, "OK", "c1", null, null);
                stopper.join(10_000);
            }
        }
    }
}
