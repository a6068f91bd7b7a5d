package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.atende.call.CallLeg;
import org.atende.call.CallObserver;
import org.atende.call.CallRecord;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.media.codec.G711;
import org.atende.media.session.DigitSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the B2BUA handles media, over real UDP on loopback: direct media when both extensions allow it, 503 when
 * the RTP port range is exhausted, the RTP timeout, delayed offer, SIP INFO digits, refused offers, and the codec
 * each leg gets (relayed untouched whenever the legs share one; issue 9). The engine has a range of two port
 * pairs (one anchored call) and a 5 s RTP timeout.
 */
class MediaAnchoringTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static final List<CallRecord> ended = new CopyOnWriteArrayList<>();
    static final List<String> digits = new CopyOnWriteArrayList<>();

    TestUa caller;
    TestUa callee;
    TestUa direct;

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("  shutdown_grace: 3s\n",
                        "  shutdown_grace: 3s\n  media: { address: 127.0.0.1, rtp_ports: \"31000-31003\", rtp_timeout: 5s }\n")
                .replace("{ number: \"1001\", password: demo1001 }", "{ number: \"1001\", password: demo1001, direct_media: true }")
                .replace("{ number: \"1002\", password: demo1002 }", "{ number: \"1002\", password: demo1002, direct_media: true }");
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
        engine.addCallObserver(new CallObserver() {
            @Override
            public void onDigit(String callId, CallLeg.Side side, char digit, int durationMs, DigitSource source) {
                digits.add(digit + " " + side + " " + source + " " + durationMs);
            }

            @Override
            public void onCallEnded(CallRecord record) {
                ended.add(record);
            }
        });
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @BeforeEach
    void phones() throws Exception {
        ended.clear();
        digits.clear();
        caller = new TestUa("1002", server);
        callee = new TestUa("1003", server);
        direct = new TestUa("1001", server);
        assertThat(caller.register("demo1002", 300).getStatusCode()).isEqualTo(200);
        assertThat(callee.register("demo1003", 300).getStatusCode()).isEqualTo(200);
        assertThat(direct.register("demo1001", 300).getStatusCode()).isEqualTo(200);
    }

    @AfterEach
    void unregister() throws Exception {
        caller.register("demo1002", 0);
        callee.register("demo1003", 0);
        direct.register("demo1001", 0);
        caller.close();
        callee.close();
        direct.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((engine.activeCalls() > 0 || engine.rtpPortsInUse() > 0) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(engine.activeCalls()).as("calls left behind").isZero();
        assertThat(engine.rtpPortsInUse()).as("RTP ports left behind").isZero();
    }

    private UasCall establish(UacCall call, TestUa to) throws Exception {
        call.invite("demo1002", TestUa.SDP);
        UasCall uas = new UasCall(to, to.expectRequest("INVITE"));
        uas.respond(200, "OK", TestUa.SDP.replace("40000", "50000"));
        SIPResponse ok = caller.expectResponse(200);
        call.ack(ok, "");
        to.expectRequest("ACK");
        return uas;
    }

    private static String body(gov.nist.javax.sip.message.SIPMessage m) {
        return m.getRawContent() == null ? "" : new String(m.getRawContent(), StandardCharsets.UTF_8);
    }

    private void hangUp(UacCall call, TestUa to) throws Exception {
        call.bye();
        UacCall.answerInDialog(to, to.expectRequest("BYE"), null);
        caller.expectResponse(200);
    }

    @Test
    void extensionsThatBothAllowDirectMediaKeepTheirSdp() throws Exception {
        UacCall call = new UacCall(caller, "1001");
        call.invite("demo1002", TestUa.SDP);
        SIPRequest invite = direct.expectRequest("INVITE");
        assertThat(body(invite)).as("direct media: the caller's SDP untouched").isEqualTo(TestUa.SDP);
        assertThat(engine.rtpPortsInUse()).isZero();
        UasCall uas = new UasCall(direct, invite);
        uas.respond(200, "OK", TestUa.SDP.replace("40000", "50000"));
        SIPResponse ok = caller.expectResponse(200);
        assertThat(body(ok)).contains("m=audio 50000");
        call.ack(ok, "");
        direct.expectRequest("ACK");
        hangUp(call, direct);
    }

    @Test
    void noFreeRtpPortGives503AndHangupGivesThePortsBack() throws Exception {
        UacCall first = new UacCall(caller, "1003");
        establish(first, callee);
        assertThat(engine.rtpPortsInUse()).isEqualTo(2);

        UacCall second = new UacCall(caller, "1003");
        second.invite("demo1002", TestUa.SDP);
        SIPResponse unavailable = caller.expectResponse(503);
        second.sendAckForFailure(unavailable);
        callee.expectSilence(300);
        assertThat(engine.mediaCounters().portExhausted.sum()).isPositive();

        hangUp(first, callee);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (engine.rtpPortsInUse() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(engine.rtpPortsInUse()).isZero();
    }

    @Test
    void callWhoseMediaStopsIsHungUpAndRecordedAsSuch() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        establish(call, callee);
        // nobody sends RTP: after the 5 s timeout (checked once a second) both parties get a BYE
        SIPRequest byeToCaller = caller.expectRequest("BYE", 9);
        SIPRequest byeToCallee = callee.expectRequest("BYE", 2);
        UacCall.answerInDialog(caller, byeToCaller, null);
        UacCall.answerInDialog(callee, byeToCallee, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (ended.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).endReason()).startsWith("RTP timeout on");
        assertThat(engine.mediaCounters().rtpTimeouts.sum()).isPositive();
    }

    @Test
    void delayedOfferGetsOurOfferInThe200AndTheAnswerInTheAck() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        call.invite("demo1002", "");
        SIPRequest invite = callee.expectRequest("INVITE");
        assertThat(body(invite)).as("Atende offers to the callee anyway").contains("o=atende ").contains("m=audio 3100");
        UasCall uas = new UasCall(callee, invite);
        uas.respond(200, "OK", TestUa.SDP.replace("RTP/AVP 0 8 101", "RTP/AVP 8 101"));
        callee.expectRequest("ACK");
        SIPResponse ok = caller.expectResponse(200);
        assertThat(body(ok)).as("our offer to the caller, the callee's codec first")
                .containsPattern("m=audio 3100\\d RTP/AVP 8 0 101");
        call.ack(ok, TestUa.SDP.replace("RTP/AVP 0 8 101", "RTP/AVP 8 101"));
        callee.expectSilence(200);
        assertThat(engine.activeCalls()).isEqualTo(1);
        hangUp(call, callee);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (ended.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(ended).isNotEmpty();
        assertThat(ended.get(0).endReason()).isEqualTo("BYE from caller");
    }

    /** RFC 3261 §14.2 and RFC 6337: an offer arriving while ours awaits its answer (in the ACK) is glare. */
    @Test
    void aReinviteWhileOurOfferAwaitsItsAnswerGets491() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        establish(call, callee);
        call.reinvite(""); // no SDP: our offer comes in the 200, the answer is owed in the ACK
        SIPResponse offer = caller.expectResponse(200);
        assertThat(body(offer)).contains("m=audio");
        call.reinvite(TestUa.SDP.replace("o=- 1 1", "o=- 1 2"));
        caller.expectResponse(491);
        call.ackReinviteFailure();
        call.ack(offer, TestUa.SDP.replace("o=- 1 1", "o=- 1 2"));
        call.reinvite(TestUa.SDP.replace("o=- 1 1", "o=- 1 3"));
        SIPResponse taken = caller.expectResponse(200);
        assertThat(body(taken)).as("once answered, a new offer is taken").contains("m=audio");
        call.ack(taken, "");
        callee.expectSilence(200);
        hangUp(call, callee);
    }

    @Test
    void sipInfoDigitsReachTheCallAndTheOtherParty() throws Exception {
        UacCall call = new UacCall(caller, "1003");
        establish(call, callee);
        call.sendInDialog("INFO", "Content-Type: application/dtmf-relay\r\n", "Signal=5\r\nDuration=160\r\n");
        SIPRequest info = callee.expectRequest("INFO");
        assertThat(body(info)).contains("Signal=5");
        UacCall.answerInDialog(callee, info, null);
        caller.expectResponse(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (digits.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(digits).containsExactly("5 A SIP_INFO 160");
        hangUp(call, callee);
    }

    @Test
    void offersWeCannotAnswerAreRefusedBeforeAnyoneRings() throws Exception {
        UacCall g729 = new UacCall(caller, "1003");
        g729.invite("demo1002", TestUa.SDP.replace("RTP/AVP 0 8 101", "RTP/AVP 18")
                .replace("a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n", "a=rtpmap:18 G729/8000\r\n"));
        g729.sendAckForFailure(caller.expectResponse(488));

        UacCall srtpUnknownSuite = new UacCall(caller, "1003");
        srtpUnknownSuite.invite("demo1002", TestUa.SDP.replace("RTP/AVP", "RTP/SAVP")
                .replace("a=sendrecv", "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:"
                        + "d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^31\r\na=sendrecv"));
        srtpUnknownSuite.sendAckForFailure(caller.expectResponse(488));

        UacCall garbage = new UacCall(caller, "1003");
        garbage.invite("demo1002", "v=0\r\nthis is not SDP\r\n");
        garbage.sendAckForFailure(caller.expectResponse(400));
        callee.expectSilence(300);
    }

    // ---- codec choice (issue 9) ----

    /** A carrier's offer of PCMA alone (and telephone-event). */
    private static final String PCMA_ONLY = TestUa.SDP.replace("RTP/AVP 0 8 101", "RTP/AVP 8 101")
            .replace("a=rtpmap:0 PCMU/8000\r\n", "");

    /** An anchored call and what Atende wrote: its answer to the caller, its offer to the callee, their RTP ports. */
    private record Anchored(UacCall call, UasCall uas, String callerAnswer, String calleeOffer, int callerPort,
            int calleePort) {
    }

    /**
     * The carrier ({@code trunk}, calling from 127.0.0.1, a trunk address) calls 0800 123 4567 with {@code offer}
     * for RTP socket {@code a}; 1001 answers {@code answer} for socket {@code b}.
     */
    private Anchored trunkCall(TestUa trunk, DatagramSocket a, DatagramSocket b, String offer, String answer)
            throws Exception {
        UacCall call = new UacCall(trunk, "08001234567");
        call.invite(null, offer.replace("40000", Integer.toString(a.getLocalPort())));
        SIPRequest invite = direct.expectRequest("INVITE");
        UasCall uas = new UasCall(direct, invite);
        uas.respond(200, "OK", answer.replace("40000", Integer.toString(b.getLocalPort())));
        SIPResponse ok = trunk.expectResponse(200);
        call.ack(ok, "");
        direct.expectRequest("ACK");
        return new Anchored(call, uas, body(ok), body(invite), CallTesting.mediaPort(ok), CallTesting.mediaPort(invite));
    }

    private static DatagramSocket rtpSocket() throws Exception {
        return new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    private static byte[] payload(int seed) {
        byte[] b = new byte[160];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 7 + i * 13);
        }
        return b;
    }

    /**
     * Sends {@code count} 20 ms packets of payload type {@code pt} (SSRC 0x5eed, sequence numbers from
     * {@code seq}) from {@code from} to Atende's port {@code port}; each, one at a time, must come out at
     * {@code to} with payload type {@code pt} changed to {@code expectedPt} and its payload changed by
     * {@code expected} (identity: relayed untouched).
     */
    private static void talk(DatagramSocket from, int port, DatagramSocket to, int pt, int seq, int count,
            int expectedPt, UnaryOperator<byte[]> expected) throws Exception {
        for (int i = 0; i < count; i++) {
            byte[] sent = payload(seq + i);
            CallTesting.send(from, port, CallTesting.rtp(pt, seq + i, 160L * (seq + i), 0x5eed, sent));
            byte[] got = CallTesting.receiveRtp(to);
            assertThat(got[1] & 0x7f).as("payload type of packet %d (sent as %d)", seq + i, pt).isEqualTo(expectedPt);
            assertThat(java.util.Arrays.copyOfRange(got, 12, got.length)).as("payload of packet %d", seq + i)
                    .isEqualTo(expected.apply(sent));
        }
    }

    private static byte[] ulawToAlaw(byte[] ulaw) {
        byte[] alaw = new byte[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            alaw[i] = G711.linearToAlaw(G711.ulawToLinear(ulaw[i]));
        }
        return alaw;
    }

    /** Hangs up from the caller's side and returns the call's record. */
    private CallRecord hangUpTrunkCall(TestUa trunk, Anchored c) throws Exception {
        c.call().bye();
        UacCall.answerInDialog(direct, direct.expectRequest("BYE"), null);
        trunk.expectResponse(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ended.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(ended).hasSize(1);
        return ended.get(0);
    }

    private static String codecOf(CallRecord record, String leg) {
        return record.media().stream().filter(m -> m.leg().equals(leg)).findFirst().orElseThrow().codec();
    }

    @Test
    void pcmaOnlyCarrierReachingAPhoneThatAnswersPcmuAndPcmaIsRelayedUntouched() throws Exception {
        long relayed = engine.mediaCounters().relayedPackets.sum();
        long transcoded = engine.mediaCounters().transcodedPackets.sum();
        try (TestUa trunk = new TestUa("carrier", server); DatagramSocket a = rtpSocket(); DatagramSocket b = rtpSocket()) {
            Anchored c = trunkCall(trunk, a, b, PCMA_ONLY, TestUa.SDP); // the phone answers "0 8 101"
            assertThat(c.calleeOffer()).as("the caller's codec offered first").containsPattern("RTP/AVP 8 0 101");
            assertThat(c.callerAnswer()).containsPattern("RTP/AVP 8 101");
            talk(a, c.callerPort(), b, 8, 1, 20, 8, UnaryOperator.identity());
            talk(b, c.calleePort(), a, 8, 1000, 20, 8, UnaryOperator.identity());
            CallRecord record = hangUpTrunkCall(trunk, c);
            assertThat(codecOf(record, "caller")).isEqualTo("PCMA");
            assertThat(codecOf(record, "callee")).as("listed second in the phone's answer, but the caller's").isEqualTo("PCMA");
        }
        assertThat(engine.mediaCounters().transcodedPackets.sum() - transcoded).as("packets transcoded").isZero();
        assertThat(engine.mediaCounters().relayedPackets.sum() - relayed).as("packets relayed").isEqualTo(40);
    }

    @Test
    void aPhoneSwitchingAmongTheCodecsOfItsAnswerIsStillHeard() throws Exception {
        long transcoded = engine.mediaCounters().transcodedPackets.sum();
        try (TestUa trunk = new TestUa("carrier", server); DatagramSocket a = rtpSocket(); DatagramSocket b = rtpSocket()) {
            Anchored c = trunkCall(trunk, a, b, PCMA_ONLY, TestUa.SDP); // the phone may send 0 or 8 (RFC 3264 §5.1)
            talk(b, c.calleePort(), a, 8, 1, 5, 8, UnaryOperator.identity());
            talk(b, c.calleePort(), a, 0, 6, 5, 8, MediaAnchoringTest::ulawToAlaw); // the carrier has PCMA alone
            talk(b, c.calleePort(), a, 8, 11, 5, 8, UnaryOperator.identity());
            talk(a, c.callerPort(), b, 8, 1, 5, 8, UnaryOperator.identity());
            hangUpTrunkCall(trunk, c);
        }
        assertThat(engine.mediaCounters().transcodedPackets.sum() - transcoded).as("the PCMU packets, transcoded")
                .isEqualTo(5);
    }

    @Test
    void callerOfferingBothMeetsACalleeWithOneAndBothLegsUseThatOne() throws Exception {
        long transcoded = engine.mediaCounters().transcodedPackets.sum();
        try (DatagramSocket a = rtpSocket(); DatagramSocket b = rtpSocket()) {
            UacCall call = new UacCall(caller, "1003");
            call.invite("demo1002", TestUa.SDP.replace("40000", Integer.toString(a.getLocalPort()))); // "0 8 101"
            SIPRequest invite = callee.expectRequest("INVITE");
            UasCall uas = new UasCall(callee, invite);
            uas.respond(200, "OK", PCMA_ONLY.replace("40000", Integer.toString(b.getLocalPort())));
            SIPResponse ok = caller.expectResponse(200);
            assertThat(body(ok)).as("our answer, held until the callee answered, takes the callee's codec")
                    .containsPattern("RTP/AVP 8 101").contains("o=atende ").containsPattern("o=atende \\d+ 1 ");
            call.ack(ok, "");
            callee.expectRequest("ACK");
            talk(a, CallTesting.mediaPort(ok), b, 8, 1, 10, 8, UnaryOperator.identity());
            talk(b, CallTesting.mediaPort(invite), a, 8, 500, 10, 8, UnaryOperator.identity());
            hangUp(call, callee);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ended.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(codecOf(ended.get(0), "caller")).isEqualTo("PCMA");
        assertThat(codecOf(ended.get(0), "callee")).isEqualTo("PCMA");
        assertThat(engine.mediaCounters().transcodedPackets.sum() - transcoded).as("packets transcoded").isZero();
    }

    @Test
    void reinviteFromTheCalleeKeepsTheCodecItSharesWithTheCaller() throws Exception {
        long transcoded = engine.mediaCounters().transcodedPackets.sum();
        try (TestUa trunk = new TestUa("carrier", server); DatagramSocket a = rtpSocket(); DatagramSocket b = rtpSocket()) {
            Anchored c = trunkCall(trunk, a, b, PCMA_ONLY, PCMA_ONLY);
            c.uas().reinvite(TestUa.SDP.replace("40000", Integer.toString(b.getLocalPort())).replace("o=- 1 1", "o=- 1 2"));
            SIPResponse ok = direct.expectResponse(200);
            assertThat(body(ok)).as("PCMU is offered first, PCMA is the caller's").containsPattern("RTP/AVP 8 101");
            c.uas().ackReinvite();
            talk(b, c.calleePort(), a, 8, 1, 10, 8, UnaryOperator.identity());
            talk(a, c.callerPort(), b, 8, 1, 10, 8, UnaryOperator.identity());
            CallRecord record = hangUpTrunkCall(trunk, c);
            assertThat(codecOf(record, "callee")).isEqualTo("PCMA");
        }
        assertThat(engine.mediaCounters().transcodedPackets.sum() - transcoded).as("packets transcoded").isZero();
    }
}
