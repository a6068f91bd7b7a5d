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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 4028 session timers on anchored calls, with short intervals (min_se 2 s) so that expiry happens within the
 * test: a caller that asked to refresh and stops is hung up; one that refreshes stays; Atende refreshes a callee
 * that asked it to, and a refresh answered 481 ends the call; an interval below Min-SE gets 422.
 */
class SessionTimerTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("  shutdown_grace: 3s\n", "  shutdown_grace: 3s\n  session_timers: { expires: 4s, min_se: 2s }\n");
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
        engine.addCallObserver(records);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    private static final String TIMER_3S = "Session-Expires: 3;refresher=uac\r\nSupported: timer\r\n";

    @Test
    void aCallerThatAskedToRefreshAndNeverDoesIsHungUp() throws Exception {
        try (TestUa caller = new TestUa("5511911110001", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call = new UacCall(caller, "08000000043").headers(TIMER_3S);
            long answeredAt = System.nanoTime();
            SIPResponse ok = call.answered(rtp); // the echo test answers
            assertThat(ok.getHeader("Session-Expires").toString()).contains("3;refresher=uac");
            assertThat(ok.getHeader("Require").toString()).contains("timer");
            SIPRequest bye = caller.expectRequest("BYE", 6);
            long afterMs = (System.nanoTime() - answeredAt) / 1_000_000;
            assertThat(afterMs).as("ended at the interval less a third (2 s), not before").isBetween(1_500L, 4_500L);
            UacCall.answerInDialog(caller, bye, null);
            assertThat(records.await(r -> r.caller().equals("5511911110001")).endReason())
                    .isEqualTo("session timer expired on the caller leg");
        }
    }

    @Test
    void aCallerThatRefreshesStaysUntilItStops() throws Exception {
        try (TestUa caller = new TestUa("5511911110002", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call = new UacCall(caller, "08000000043").headers(TIMER_3S);
            call.answered(rtp);
            for (int i = 0; i < 4; i++) { // 4 refreshes, 1 s apart: 4 s, past the 3 s interval
                caller.expectSilence(1_000);
                call.sendInDialog("UPDATE", "Session-Expires: 3;refresher=uac\r\n", "");
                SIPResponse refreshed = caller.expectResponse(200);
                assertThat(refreshed.getHeader("Session-Expires").toString()).contains("3;refresher=uac");
            }
            SIPRequest bye = caller.expectRequest("BYE", 6); // then it stops refreshing
            UacCall.answerInDialog(caller, bye, null);
            assertThat(records.await(r -> r.caller().equals("5511911110002")).endReason())
                    .isEqualTo("session timer expired on the caller leg");
        }
    }

    @Test
    void atendeRefreshesACalleeThatAskedItToAndARefreshAnswered481EndsTheCall() throws Exception {
        try (TestUa caller = new TestUa("1002", server); TestUa callee = new TestUa("1004", server)) {
            caller.register("demo1002", 300);
            callee.register("demo1004", 300);
            UacCall call = new UacCall(caller, "1004");
            call.invite("demo1002", TestUa.SDP);
            SIPRequest invite = callee.expectRequest("INVITE");
            assertThat(invite.getHeader("Session-Expires").toString()).as("Atende asks for its interval").contains("4");
            assertThat(invite.getHeader("Supported").toString()).contains("timer");
            UasCall uas = new UasCall(callee, invite);
            callee.sendResponse(invite, 200, "OK", uas.tag, "Session-Expires: 2;refresher=uac\r\nRequire: timer\r\n"
                    + "Allow: INVITE, ACK, CANCEL, BYE, UPDATE\r\n", TestUa.SDP);
            callee.expectRequest("ACK");
            call.ack(caller.expectResponse(200), "");

            SIPRequest first = callee.expectRequest("UPDATE", 3); // at half the interval
            assertThat(first.getHeader("Session-Expires").toString()).contains("2;refresher=uac");
            UacCall.answerInDialog(callee, first, null);
            SIPRequest second = callee.expectRequest("UPDATE", 3);
            callee.sendResponse(second, 481, "Call/Transaction Does Not Exist", null, null, null);
            UacCall.answerInDialog(caller, caller.expectRequest("BYE", 5), null);
            UacCall.answerInDialog(callee, callee.expectRequest("BYE", 5), null); // RFC 4028 §10: BYE after a 481
            assertThat(records.await(r -> r.caller().equals("1002")).endReason())
                    .isEqualTo("session refresh failed on the callee leg: 481");
            caller.register("demo1002", 0);
            callee.register("demo1004", 0);
        }
    }

    @Test
    void anIntervalBelowMinSeGets422() throws Exception {
        try (TestUa caller = new TestUa("5511911110003", server)) {
            UacCall call = new UacCall(caller, "08000000043").headers("Session-Expires: 1\r\nSupported: timer\r\n");
            call.invite(null, TestUa.SDP);
            SIPResponse brief = caller.expectResponse(422);
            assertThat(brief.getHeader("Min-SE").toString()).contains("2");
            call.sendAckForFailure(brief);
        }
    }
}
