package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phones on TCP (requests to them reuse their connection) and an extension registered from two devices. */
class TcpAndForkingTest {

    static final String COMPLETED_ELSEWHERE = "Reason: SIP;cause=200;text=\"Call completed elsewhere\"\r\n";

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        engine = EngineFixture.start(port, data);
        server = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @Test
    void tcpPhoneCallsTcpPhoneOverTheirOwnConnections() throws Exception {
        try (TestUa caller = TestUa.overTcp("1002", server); TestUa callee = TestUa.overTcp("1003", server)) {
            assertThat(caller.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            SIPResponse registered = callee.register("demo1003", 300);
            assertThat(registered.getStatusCode()).isEqualTo(200);
            assertThat(registered.toString()).contains("transport=tcp");

            UacCall call = new UacCall(caller, "1003");
            call.invite("demo1002", TestUa.SDP);
            SIPRequest invite = callee.expectRequest("INVITE");
            assertThat(invite.getTopmostVia().getTransport()).isEqualToIgnoringCase("TCP");
            UasCall uas = new UasCall(callee, invite);
            uas.respond(180, "Ringing", null);
            caller.expectResponse(180);
            uas.respond(200, "OK", TestUa.SDP);
            SIPResponse ok = caller.expectResponse(200);
            call.ack(ok, "");
            callee.expectRequest("ACK");
            uas.bye();
            UacCall.answerInDialog(caller, caller.expectRequest("BYE"), null);
            callee.expectResponse(200);
            assertThat(caller.duplicates() + callee.duplicates()).as("no retransmissions over TCP").isZero();
            caller.register("demo1002", 0);
            callee.register("demo1003", 0);
        }
    }

    @Test
    void callForksToEveryContactAndCancelsTheOthersOnAnswer() throws Exception {
        try (TestUa caller = new TestUa("1002", server); TestUa desk = new TestUa("1004", server);
             TestUa mobile = new TestUa("1004", server)) {
            caller.register("demo1002", 300);
            desk.register("demo1004", 300);
            SIPResponse both = mobile.register("demo1004", 300);
            assertThat(both.getHeaders("Contact")).toIterable().hasSize(2);

            UacCall call = new UacCall(caller, "1004");
            call.invite("demo1002", TestUa.SDP);
            SIPRequest toDesk = desk.expectRequest("INVITE");
            SIPRequest toMobile = mobile.expectRequest("INVITE");
            UasCall deskCall = new UasCall(desk, toDesk);
            UasCall mobileCall = new UasCall(mobile, toMobile);
            deskCall.respond(180, "Ringing", null);
            mobileCall.respond(180, "Ringing", null);
            caller.expectResponse(180);

            mobileCall.respond(200, "OK", TestUa.SDP);
            SIPResponse ok = caller.expectResponse(200);
            call.ack(ok, "");
            mobile.expectRequest("ACK");

            SIPRequest cancel = desk.expectRequest("CANCEL");
            assertThat(cancel.getHeader("Reason")).as("RFC 3326: the desk logs no missed call").hasToString(COMPLETED_ELSEWHERE);
            UacCall.answerInDialog(desk, cancel, null);
            deskCall.respond(487, "Request Terminated", null);
            desk.expectRequest("ACK");

            call.bye();
            SIPRequest bye = mobile.expectRequest("BYE");
            assertThat(bye.getHeader("Reason")).as("the caller hung up").isNull();
            UacCall.answerInDialog(mobile, bye, null);
            caller.expectResponse(200);
            desk.expectSilence(200);
            caller.register("demo1002", 0);
            desk.register("demo1004", 0);
            mobile.register("demo1004", 0);
        }
    }

    /** The caller gives up while both contacts ring: each gets a CANCEL without Reason, and logs a missed call. */
    @Test
    void aCallerCancellingCancelsEveryForkWithoutCompletedElsewhere() throws Exception {
        try (TestUa caller = new TestUa("1002", server); TestUa desk = new TestUa("1004", server);
             TestUa mobile = new TestUa("1004", server)) {
            caller.register("demo1002", 300);
            desk.register("demo1004", 300);
            mobile.register("demo1004", 300);

            UacCall call = new UacCall(caller, "1004");
            call.invite("demo1002", TestUa.SDP);
            UasCall deskCall = new UasCall(desk, desk.expectRequest("INVITE"));
            UasCall mobileCall = new UasCall(mobile, mobile.expectRequest("INVITE"));
            deskCall.respond(180, "Ringing", null);
            mobileCall.respond(180, "Ringing", null);
            caller.expectResponse(180);
            call.cancel();
            caller.expectResponse(200);
            call.sendAckForFailure(caller.expectResponse(487));

            for (TestUa phone : List.of(desk, mobile)) {
                SIPRequest cancel = phone.expectRequest("CANCEL");
                assertThat(cancel.getHeader("Reason")).as("a missed call").isNull();
                UacCall.answerInDialog(phone, cancel, null);
            }
            deskCall.respond(487, "Request Terminated", null);
            mobileCall.respond(487, "Request Terminated", null);
            desk.expectRequest("ACK");
            mobile.expectRequest("ACK");
            caller.register("demo1002", 0);
            desk.register("demo1004", 0);
            mobile.register("demo1004", 0);
        }
    }

    /**
     * Both forks answer, the second crossing our CANCEL; it gets ACK and BYE (RFC 3261 §13.2.2.4). Its own BYE, crossing ours, names its own
     * To tag: it must not end the call the first fork answered (dialogs are Call-ID plus both tags).
     */
    @Test
    void aLosingForksByeDoesNotEndTheAnsweredCall() throws Exception {
        try (TestUa caller = new TestUa("1002", server); TestUa desk = new TestUa("1004", server);
             TestUa mobile = new TestUa("1004", server)) {
            caller.register("demo1002", 300);
            desk.register("demo1004", 300);
            mobile.register("demo1004", 300);

            UacCall call = new UacCall(caller, "1004");
            call.invite("demo1002", TestUa.SDP);
            UasCall deskCall = new UasCall(desk, desk.expectRequest("INVITE"));
            UasCall mobileCall = new UasCall(mobile, mobile.expectRequest("INVITE"));
            mobileCall.respond(180, "Ringing", null); // a CANCEL waits for a provisional (RFC 3261 §9.1)
            caller.expectResponse(180);
            deskCall.respond(200, "OK", TestUa.SDP);
            SIPResponse ok = caller.expectResponse(200);
            call.ack(ok, "");
            desk.expectRequest("ACK");
            // the mobile's 200 crosses Atende's CANCEL (sent once the desk answered)
            SIPRequest cancel = mobile.expectRequest("CANCEL");
            assertThat(cancel.getHeader("Reason")).hasToString(COMPLETED_ELSEWHERE);
            UacCall.answerInDialog(mobile, cancel, null);
            mobileCall.respond(200, "OK", TestUa.SDP);

            mobile.expectRequest("ACK");
            SIPRequest released = mobile.expectRequest("BYE");
            assertThat(released.getHeader("Reason")).hasToString(COMPLETED_ELSEWHERE);
            mobileCall.bye(); // the losing fork hangs up too, in its own dialog
            UacCall.answerInDialog(mobile, released, null);
            SIPResponse answer = mobile.expectResponse(481);
            assertThat(answer.getCSeq().getMethod()).isEqualTo("BYE");
            caller.expectSilence(500);
            desk.expectSilence(0);

            call.bye();
            UacCall.answerInDialog(desk, desk.expectRequest("BYE"), null);
            caller.expectResponse(200);
            caller.register("demo1002", 0);
            desk.register("demo1004", 0);
            mobile.register("demo1004", 0);
        }
    }
}
