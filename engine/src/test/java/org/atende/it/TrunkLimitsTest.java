package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trunk calls bounded: {@code max_calls} (the channels the contract pays for), {@code calls_per_second}, and calls
 * that never ACK their 200 hung up after {@code security.ack_timeout} with their RTP ports back, instead of after
 * Timer L's 32 s. The carrier is 127.0.0.1; its calls go to the echo test.
 */
class TrunkLimitsTest {

    @TempDir
    Path data;
    @TempDir
    Path work;

    private Engine engine;
    private InetSocketAddress server;
    private int port;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    private void start(String trunkLimits, String security) throws Exception {
        port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5").replace("    trusted: true\n",
                "    trusted: true\n" + trunkLimits) + security;
        engine = Engine.start(ConfigLoader.parse(yaml, "trunk.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
    }

    @Test
    void aTrunkAtMaxCallsRefusesTheNextWith503AndRetryAfterUntilACallEnds() throws Exception {
        start("    max_calls: 2\n", "");
        List<AutoCloseable> open = new ArrayList<>();
        try (TestUa carrier = new TestUa("5511911112222", server)) {
            List<UacCall> up = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                open.add(rtp);
                UacCall call = new UacCall(carrier, "08000000043");
                call.answered(rtp);
                up.add(call);
            }
            UacCall third = new UacCall(carrier, "08000000043");
            third.invite(null, TestUa.SDP);
            SIPResponse busy = carrier.expectResponse(503);
            assertThat(busy.getHeader("Retry-After")).as("when to try again").isNotNull();
            third.sendAckForFailure(busy);
            assertThat(engine.activeCalls()).isEqualTo(2);
            up.get(0).bye();
            carrier.expectResponse(200);
            awaitTrunkCalls(1); // the call ends on its own loop just after its 200 for the BYE left
            try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                UacCall fourth = new UacCall(carrier, "08000000043");
                assertThat(fourth.answered(rtp).getStatusCode()).as("a channel is free again").isEqualTo(200);
                fourth.bye();
                carrier.expectResponse(200);
            }
            up.get(1).bye();
            carrier.expectResponse(200);
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
        assertThat(engine.meters().get("trunk.calls.refused").tag("trunk", "carrier").functionCounter().count())
                .isEqualTo(1);
    }

    @Test
    void aCallRefusedAtOnceAfterAdmissionGivesItsChannelBack() throws Exception {
        start("    max_calls: 1\n", "");
        try (TestUa carrier = new TestUa("5511911115555", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 3; i++) { // G.729 only: no codec in common, 488 at once
                UacCall call = new UacCall(carrier, "08000000043");
                call.invite(null, TestUa.SDP.replace("RTP/AVP 0 8 101", "RTP/AVP 18")
                        .replace("a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n", "a=rtpmap:18 G729/8000\r\n"));
                SIPResponse refused = carrier.expectResponse(488);
                call.sendAckForFailure(refused);
            }
            UacCall good = new UacCall(carrier, "08000000043");
            assertThat(good.answered(rtp).getStatusCode()).as("the only channel is free").isEqualTo(200);
            good.bye();
            carrier.expectResponse(200);
        }
    }

    @Test
    void aTrunkOverItsCallsPerSecondRefusesTheExcess() throws Exception {
        start("    calls_per_second: 2\n", "");
        int answered = 0;
        int refused = 0;
        try (TestUa carrier = new TestUa("5511911113333", server)) {
            List<UacCall> calls = new ArrayList<>();
            List<DatagramSocket> sockets = new ArrayList<>();
            java.util.Map<String, UacCall> sent = new java.util.HashMap<>();
            for (int i = 0; i < 5; i++) { // five at once, sent before any answer: the bucket holds two
                DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                sockets.add(rtp);
                UacCall call = new UacCall(carrier, "08000000043");
                call.invite(null, TestUa.SDP.replace("40000", Integer.toString(rtp.getLocalPort())));
                sent.put(call.callId, call);
            }
            for (int i = 0; i < 5; i++) {
                SIPResponse r = finalResponse(carrier);
                UacCall call = sent.remove(r.getCallId().getCallId());
                assertThat(call).as("one final response per call").isNotNull();
                if (r.getStatusCode() == 200) {
                    call.ack(r, "");
                    calls.add(call);
                    answered++;
                } else {
                    assertThat(r.getStatusCode()).isEqualTo(503);
                    assertThat(r.getHeader("Retry-After")).isNotNull();
                    call.sendAckForFailure(r);
                    refused++;
                }
            }
            for (UacCall call : calls) {
                call.bye();
                carrier.expectResponse(200);
            }
            for (DatagramSocket s : sockets) {
                s.close();
            }
        }
        assertThat(answered).isEqualTo(2);
        assertThat(refused).isEqualTo(3);
    }

    @Test
    void anAnsweredCallThatNeverAcksIsHungUpAfterAckTimeoutWithItsPortsBack() throws Exception {
        start("", "security: { ack_timeout: 2s }\n");
        try (TestUa carrier = new TestUa("5511911114444", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call = new UacCall(carrier, "08000000043");
            long start = System.nanoTime();
            call.invite(null, TestUa.SDP.replace("40000", Integer.toString(rtp.getLocalPort())));
            carrier.expectResponse(200); // and no ACK
            assertThat(engine.rtpPortsInUse()).isPositive();
            SIPRequest bye = carrier.expectRequest("BYE", 6);
            long afterMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(afterMs).as("hung up at ack_timeout, not Timer L's 32 s").isBetween(1_800L, 4_500L);
            UacCall.answerInDialog(carrier, bye, null);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (engine.rtpPortsInUse() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(engine.rtpPortsInUse()).as("its ports are back").isZero();
        }
    }

    @Test
    void anInviteFloodThatNeverAcksGivesItsPortsBackAfterAckTimeout() throws Exception {
        Peers.require("sipp");
        start("    max_calls: 60\n", "security: { ack_timeout: 2s }\n");
        List<String> flood = Peers.sipp(port, "flood_invite_noack.xml", EngineFixture.freePort(),
                EngineFixture.freePort(), "-r", "50", "-m", "100");
        long start = System.nanoTime();
        try (Peers.Proc sipp = new Peers.Proc(flood, work.resolve("noack.log"), work)) {
            sipp.waitFor(30);
            int peak = 0;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && (engine.rtpPortsInUse() > 0 || peak == 0)) {
                peak = Math.max(peak, engine.rtpPortsInUse());
                Thread.sleep(20);
            }
            long backMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(engine.rtpPortsInUse()).as("every port back; SIPp: " + sipp.output()).isZero();
            assertThat(backMs).as("2 s of flood, then 2 s of ack_timeout; not 32 s").isLessThan(9_000);
            assertThat(peak).as("never more than the trunk's 60 calls held ports").isBetween(1, 60);
        }
        assertThat(engine.activeCalls()).isZero();
    }

    private void awaitTrunkCalls(int calls) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (engine.meters().get("trunk.calls.active").tag("trunk", "carrier").gauge().value() != calls
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(engine.meters().get("trunk.calls.active").tag("trunk", "carrier").gauge().value())
                .isEqualTo(calls);
    }

    private static SIPResponse finalResponse(TestUa ua) throws InterruptedException {
        while (true) {
            var message = ua.next(5000);
            assertThat(message).as("a final response; received:\n" + ua.dump()).isInstanceOf(SIPResponse.class);
            if (((SIPResponse) message).getStatusCode() >= 200) {
                return (SIPResponse) message;
            }
        }
    }
}
