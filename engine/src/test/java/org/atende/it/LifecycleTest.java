package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.atende.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine lifecycle: registrations survive a restart; a graceful stop refuses new calls and ends active ones. */
class LifecycleTest {

    @TempDir
    Path data;

    @Test
    void registrationsSurviveARestart() throws Exception {
        int port = EngineFixture.freePort();
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        try (TestUa callee = new TestUa("1003", server); TestUa caller = new TestUa("1002", server)) {
            Engine first = EngineFixture.start(port, data);
            assertThat(callee.register("demo1003", 600).getStatusCode()).isEqualTo(200);
            first.stop();

            try (Engine second = EngineFixture.start(port, data)) {
                UacCall call = new UacCall(caller, "1003");
                call.invite("demo1002", TestUa.SDP);
                SIPRequest invite = callee.expectRequest("INVITE");
                new UasCall(callee, invite).respond(486, "Busy Here", null);
                callee.expectRequest("ACK");
                call.sendAckForFailure(caller.expectResponse(486));
            }
        }
    }

    @Test
    void gracefulStopRefusesNewCallsAndEndsActiveOnes() throws Exception {
        int port = EngineFixture.freePort();
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        Engine engine = EngineFixture.start(port, data);
        try (TestUa caller = new TestUa("1002", server); TestUa callee = new TestUa("1003", server);
             TestUa late = new TestUa("1004", server)) {
            callee.register("demo1003", 300);
            UacCall call = new UacCall(caller, "1003");
            call.invite("demo1002", TestUa.SDP);
            UasCall uas = new UasCall(callee, callee.expectRequest("INVITE"));
            uas.respond(200, "OK", TestUa.SDP);
            SIPResponse ok = caller.expectResponse(200);
            call.ack(ok, "");
            callee.expectRequest("ACK");

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(engine::stop);
            SIPRequest byeToCaller = caller.expectRequest("BYE");
            SIPRequest byeToCallee = callee.expectRequest("BYE");

            UacCall refused = new UacCall(late, "1003");
            refused.invite(null, TestUa.SDP);
            SIPResponse unavailable = late.expectResponse(503);
            assertThat(unavailable.getHeader("Retry-After")).isNotNull();
            refused.sendAckForFailure(unavailable);

            UacCall.answerInDialog(caller, byeToCaller, null);
            UacCall.answerInDialog(callee, byeToCallee, null);
            stopping.get();
            assertThat(engine.awaitTermination(Duration.ofSeconds(1))).isTrue();
        }
    }
}
