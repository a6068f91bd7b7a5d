package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * B2BUA call flows over real UDP sockets on loopback: two registered phones, a caller and a callee, and
 * the carrier trunk. Each test asserts the SIP messages each side sees.
 */
class CallFlowTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;

    TestUa caller;
    TestUa callee;

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

    @BeforeEach
    void phones() throws Exception {
        caller = new TestUa("1002", server);
        callee = new TestUa("1003", server);
        assertThat(caller.register("demo1002", 300).getStatusCode()).isEqualTo(200);
        assertThat(callee.register("demo1003", 300).getStatusCode()).isEqualTo(200);
    }

    @AfterEach
    void unregister() throws Exception {
        caller.register("demo1002", 0);
        callee.register("demo1003", 0);
        caller.close();
        callee.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (engine.activeCalls() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(engine.activeCalls()).as("calls left behind").isZero();
    }

    private UasCall establish(UacCall call) throws Exception {
        call.invite("demo1002", TestUa.SDP);
        SIPRequest invite = callee.expectRequest("INVITE");
        UasCall uas = new UasCall(callee, invite);
        uas.respond(180, "Ringing", null);
        caller.expectResponse(180);
        uas.respond(200, "OK", TestUa.SDP.replace("40000", "50000"));
        SIPResponse ok = caller.expectResponse(200);
        String answer = new String(ok.getRawContent(), StandardCharsets.UTF_8);
        assertThat(answer).as("media anchored: the caller talks to Atende, not to the callee")
                .doesNotContain("m=audio 50000").contains("o=atende ").contains("a=rtpmap:0 PCMU/8000")
                .containsPattern("m=audio 1\\d{4} RTP/AVP 0 101");
        call.ack(ok, "");
        callee.expectRequest("ACK");
        return uas;
    }

    @Test
    void callerReachesCalleeAndHangsUp() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        call.invite("demo1002", TestUa.SDP);
        SIPRequest invite = callee.expectRequest("INVITE");
        assertThat(invite.getFrom().getAddress().getURI().toString()).isEqualTo("sip:1002@127.0.0.1");
        assertThat(invite.getCallId().getCallId()).as("B2BUA: a new Call-ID on the callee leg").isNotEqualTo(call.callId);
        assertThat(invite.getRequestURI().toString()).contains(":" + callee.port());
        String offer = new String(invite.getRawContent(), StandardCharsets.UTF_8);
        assertThat(offer).as("Atende's own offer, the caller's codec first")
                .contains("o=atende ").containsPattern("m=audio 1\\d{4} RTP/AVP 0 8 101").doesNotContain("40000");
        assertThat(invite.getHeader("Proxy-Authorization")).as("credentials never leave Atende").isNull();

        UasCall uas = new UasCall(callee, invite);
        uas.respond(180, "Ringing", null);
        SIPResponse ringing = caller.expectResponse(180);
        uas.respond(200, "OK", TestUa.SDP);
        SIPResponse ok = caller.expectResponse(200);
        assertThat(ok.getToTag()).isEqualTo(ringing.getToTag());
        call.ack(ok, "");
        callee.expectRequest("ACK");

        call.bye();
        SIPRequest bye = callee.expectRequest("BYE");
        UacCall.answerInDialog(callee, bye, null);
        caller.expectResponse(200);
        callee.expectSilence(300);
        assertThat(callee.duplicates()).as("no retransmissions after the ACK").isZero();
    }

    @Test
    void calleeHangsUp() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        UasCall uas = establish(call);
        uas.bye();
        SIPRequest bye = caller.expectRequest("BYE");
        assertThat(bye.getCallId().getCallId()).isEqualTo(call.callId);
        UacCall.answerInDialog(caller, bye, null);
        callee.expectResponse(200);
    }

    @Test
    void callerCancelsWhileRinging() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        call.invite("demo1002", TestUa.SDP);
        SIPRequest invite = callee.expectRequest("INVITE");
        UasCall uas = new UasCall(callee, invite);
        uas.respond(180, "Ringing", null);
        caller.expectResponse(180);

        call.cancel();
        SIPResponse cancelOk = caller.expectResponse(200);
        assertThat(cancelOk.getCSeq().getMethod()).isEqualTo("CANCEL");
        SIPResponse terminated = caller.expectResponse(487);
        call.sendAckForFailure(terminated);

        SIPRequest cancel = callee.expectRequest("CANCEL");
        UacCall.answerInDialog(callee, cancel, null);
        uas.respond(487, "Request Terminated", null);
        SIPRequest ack = callee.expectRequest("ACK");
        assertThat(ack.getTopmostVia().getBranch()).isEqualTo(invite.getTopmostVia().getBranch());
    }

    @Test
    void busyCalleeGives486() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        call.invite("demo1002", TestUa.SDP);
        UasCall uas = new UasCall(callee, callee.expectRequest("INVITE"));
        uas.respond(486, "Busy Here", null);
        callee.expectRequest("ACK");
        SIPResponse busy = caller.expectResponse(486);
        call.sendAckForFailure(busy);
    }

    @Test
    void unregisteredExtensionGives480AndUnknownGives404() throws Exception {
        UacCall toUnregistered = new UacCall(caller, "1004");
        toUnregistered.invite("demo1002", TestUa.SDP);
        toUnregistered.sendAckForFailure(caller.expectResponse(480));

        UacCall toUnknown = new UacCall(caller, "1999");
        toUnknown.invite("demo1002", TestUa.SDP);
        toUnknown.sendAckForFailure(caller.expectResponse(404));
    }

    @Test
    void reinviteForHoldIsAnsweredOnTheCallersLegAlone() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        establish(call);
        String hold = TestUa.SDP.replace("a=sendrecv", "a=sendonly").replace("o=- 1 1", "o=- 1 2");
        call.reinvite(hold);
        SIPResponse ok = caller.expectResponse(200);
        String answer = new String(ok.getRawContent(), StandardCharsets.UTF_8);
        assertThat(answer).contains("a=recvonly").contains("o=atende ");
        assertThat(answer).as("the o= version moves on when our SDP changes").containsPattern("o=atende \\d+ 2 ");
        call.ack(ok, "");
        callee.expectSilence(300); // anchored: the callee's leg is not disturbed

        call.reinvite(TestUa.SDP.replace("o=- 1 1", "o=- 1 3")); // resume
        SIPResponse resumed = caller.expectResponse(200);
        assertThat(new String(resumed.getRawContent(), StandardCharsets.UTF_8)).contains("a=sendrecv");
        call.ack(resumed, "");

        call.reinvite(TestUa.SDP.replace("RTP/AVP 0 8 101", "RTP/AVP 18").replace("o=- 1 1", "o=- 1 4"));
        assertThat(caller.expectResponse(488).getStatusCode()).as("G.729 only: refused, old media kept").isEqualTo(488);
        call.ackReinviteFailure();
        call.bye();
        UacCall.answerInDialog(callee, callee.expectRequest("BYE"), null);
        caller.expectResponse(200);
    }

    @Test
    void wrongPasswordIsChallengedAgain() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        call.invite("wrong-password", TestUa.SDP);
        SIPResponse again = caller.expectResponse(407);
        call.sendAckForFailure(again);
        callee.expectSilence(300);
    }

    @Test
    void trunkCallToTollFreeNumberNeedsNoAuthAndUsesAssertedIdentity() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1001", server)) {
            assertThat(agent.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "+558001234567")
                    .headers("P-Asserted-Identity: <sip:+5511987654321@carrier.example>\r\n");
            call.invite(null, TestUa.SDP);
            SIPRequest invite = agent.expectRequest("INVITE");
            assertThat(invite.getFrom().getAddress().getURI().toString()).startsWith("sip:+5511987654321@");
            UasCall uas = new UasCall(agent, invite);
            uas.respond(200, "OK", TestUa.SDP);
            SIPResponse ok = carrier.expectResponse(200);
            call.ack(ok, "");
            agent.expectRequest("ACK");
            call.bye();
            UacCall.answerInDialog(agent, agent.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            agent.register("demo1001", 0);
        }
    }

    @Test
    void tollFreeNumberFromAnotherAddressIsForbiddenWithoutRevealingNumbers() throws Exception {
        try (TestUa stranger = new TestUa("stranger", server, "127.0.0.2")) {
            UacCall known = new UacCall(stranger, "08001234567").from("carrier.example");
            known.invite(null, TestUa.SDP);
            SIPResponse forKnown = stranger.expectResponse(403);
            known.sendAckForFailure(forKnown);
            UacCall unknown = new UacCall(stranger, "08009999999").from("carrier.example");
            unknown.invite(null, TestUa.SDP);
            SIPResponse forUnknown = stranger.expectResponse(403);
            unknown.sendAckForFailure(forUnknown);
            assertThat(forUnknown.getReasonPhrase()).isEqualTo(forKnown.getReasonPhrase());
            UacCall claimingOurDomain = new UacCall(stranger, "08001234567");
            claimingOurDomain.invite(null, TestUa.SDP);
            SIPResponse challenged = stranger.expectResponse(407);
            claimingOurDomain.sendAckForFailure(challenged);
        }
    }

    @Test
    void optionsIsAnsweredWithCapabilities() throws Exception {
        caller.sendMessage("OPTIONS sip:127.0.0.1:" + server.getPort() + " SIP/2.0\r\n" + caller.via(caller.newBranch())
                + "From: <sip:1002@127.0.0.1>;tag=o1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: opt-1@test\r\n"
                + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nAccept: application/sdp\r\n", "");
        SIPResponse ok = caller.expectResponse(200);
        assertThat(ok.getHeaders("Allow")).toIterable().isNotEmpty();
        assertThat(ok.toString()).contains("INVITE").contains("REGISTER").contains("application/sdp").contains("Supported:");
    }

    @Test
    void malformedRequestGets400AndServiceContinues() throws Exception {
        caller.send("INVITE sip:1003@127.0.0.1 SIP/2.0\r\n" + caller.via(caller.newBranch())
                + "From: <sip:1002@127.0.0.1>;tag=m1\r\nTo: <sip:1003@127.0.0.1>\r\nCall-ID: bad-1@test\r\n"
                + "CSeq: 1 INVITE\r\nCSeq: 2 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        caller.expectResponse(400);
        long refusedBefore = engine.malformedMessages();
        caller.send("\u0000\u0001garbage\r\n\r\n");
        caller.expectSilence(200);
        assertThat(engine.malformedMessages()).as("garbage is dropped and counted").isGreaterThan(refusedBefore);
        callerReachesCalleeAndHangsUp();
    }

    @Test
    void inDialogRequestForUnknownDialogGets481() throws Exception {
        caller.sendMessage("BYE sip:1003@127.0.0.1 SIP/2.0\r\n" + caller.via(caller.newBranch())
                + "From: <sip:1002@127.0.0.1>;tag=x1\r\nTo: <sip:1003@127.0.0.1>;tag=nope\r\nCall-ID: none@test\r\n"
                + "CSeq: 5 BYE\r\nMax-Forwards: 70\r\n", "");
        caller.expectResponse(481);
    }
}
