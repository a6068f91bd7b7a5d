package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.security.SecurityLog;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extensions dial external numbers through {@code dial_out.trunk} (a carrier played by a {@link TestUa}), under the
 * toll-fraud guard: a mobile number goes out, an international or premium one is refused with 403 unless the
 * extension is allowed, and an extension's calls at once are bounded. Each refusal is a security line.
 */
class DialOutTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static TestUa carrier;
    static LogCapture security;

    @BeforeAll
    static void start() throws Exception {
        int port = EngineFixture.freePort();
        server = new InetSocketAddress("127.0.0.1", port);
        carrier = new TestUa("carrier", server, "127.0.0.9");
        String yaml = EngineFixture.withExternalRoute(EngineFixture.yaml(port, data, "MD5"),
                "sip:127.0.0.9:" + carrier.port()) + """
                dial_out:
                  trunk: carrier
                  extension_max_calls: 1
                  extensions:
                    "1002": { allow: [national, mobile, international] }
                """;
        security = new LogCapture(SecurityLog.LOGGER);
        engine = Engine.start(ConfigLoader.parse(yaml, "dialout.yaml", Map.of()));
    }

    @AfterAll
    static void stop() {
        engine.stop();
        carrier.close();
        security.close();
    }

    @Test
    void aMobileNumberGoesOutThroughTheTrunkAndASecondCallAtOnceIsRefused() throws Exception {
        try (TestUa phone = new TestUa("1001", server)) {
            UacCall call = new UacCall(phone, "011987654321");
            call.invite("demo1001", TestUa.SDP);
            SIPRequest out = carrier.expectRequest("INVITE");
            assertThat(out.getRequestURI().toString()).startsWith("sip:011987654321@127.0.0.9");
            UasCall far = new UasCall(carrier, out);
            far.respond(200, "OK", TestUa.SDP.replace("40000", "50010"));
            SIPResponse ok = phone.expectResponse(200);
            call.ack(ok, "");
            carrier.expectRequest("ACK");

            UacCall second = new UacCall(phone, "011987654322");
            second.invite("demo1001", TestUa.SDP);
            SIPResponse refused = phone.expectResponse(403);
            second.sendAckForFailure(refused);
            assertThat(security.await(Level.WARN, "dial-out-refused caller=1001 number=01198765xxxx kind=mobile"
                    + " reason=extension-max-calls", Duration.ofSeconds(2))).isTrue();

            call.bye();
            UacCall.answerInDialog(carrier, carrier.expectRequest("BYE"), null);
            phone.expectResponse(200);
        }
    }

    @Test
    void internationalAndPremiumNumbersNeedAnAllow() throws Exception {
        try (TestUa phone = new TestUa("1003", server)) {
            for (String number : new String[] {"+23276123456", "09001234567"}) {
                UacCall call = new UacCall(phone, number);
                call.invite("demo1003", TestUa.SDP);
                SIPResponse refused = phone.expectResponse(403);
                call.sendAckForFailure(refused);
            }
        }
        assertThat(security.all()).contains(
                "dial-out-refused caller=1003 number=+2327612xxxx kind=international reason=not-allowed call-id="
                        + security.all().stream().filter(m -> m.contains("caller=1003 number=+232")).findFirst()
                        .orElseThrow().replaceAll(".*call-id=", ""));
        assertThat(security.all()).anyMatch(m -> m.startsWith(
                "dial-out-refused caller=1003 number=0900123xxxx kind=premium reason=not-allowed"));
        try (TestUa allowed = new TestUa("1002", server)) {
            UacCall call = new UacCall(allowed, "+23276123456");
            call.invite("demo1002", TestUa.SDP);
            SIPRequest out = carrier.expectRequest("INVITE");
            assertThat(out.getRequestURI().toString()).as("1002 may call abroad").contains("+23276123456@");
            UasCall far = new UasCall(carrier, out);
            far.respond(486, "Busy Here", null);
            carrier.expectRequest("ACK");
            SIPResponse busy = allowed.expectResponse(486);
            call.sendAckForFailure(busy);
        }
    }
}
