package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd.AgentState;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queues with strategy {@code ring_all}: every free agent rings at once and exactly one answer is taken. The agents
 * beaten to it are told {@code Reason: SIP;cause=200;text="Call completed elsewhere"} (RFC 3326), in the CANCEL or,
 * when their 200 crossed the first one, in the BYE after the ACK; they end idle in the ACD, never on the call.
 * CANCELs for any other reason (the ring timed out, the caller hung up) carry no Reason: a missed call. Each test
 * has its own queue and agents, so ACD states do not leak between tests.
 */
class RingAllTest {

    static final String COMPLETED_ELSEWHERE = TcpAndForkingTest.COMPLETED_ELSEWHERE;

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static final CallTesting.Records records = new CallTesting.Records();

    /**
     * The demo configuration plus extensions 2001-2022 (not qualified: SIPp phones do not answer OPTIONS) and the
     * ring_all queues of this class and of {@link SippRingAllTest}, each behind its own number and flow:
     * 0800 123 4592 to 4598 enter queues {@code q2592} to {@code q2598}; 0800 123 4599 rings extension 2020.
     */
    static String yaml(int port, Path dataDir) {
        StringBuilder extensions = new StringBuilder();
        for (int ext = 2001; ext <= 2022; ext++) {
            extensions.append("  - { number: \"").append(ext).append("\", password: demo").append(ext)
                    .append(", qualify: off }\n");
        }
        String[][] queues = { // number's last digit, members, ring_timeout
            {"2", "2001", "2002", "15s"}, {"3", "2003", "2004", "15s"}, {"4", "2005", "2006", "15s"},
            {"5", "2007", "2008", "5s"}, {"6", "2009", "2010", "15s"}, {"7", "2011", "2012", "15s"},
            {"8", "2013", "2014", "15s"},
        };
        StringBuilder numbers = new StringBuilder();
        StringBuilder flows = new StringBuilder("flows:\n");
        StringBuilder queueYaml = new StringBuilder("queues:\n");
        StringBuilder trunkNumbers = new StringBuilder();
        for (String[] q : queues) {
            String name = "q259" + q[0];
            trunkNumbers.append(", \"0800 123 459").append(q[0]).append('"');
            numbers.append("  - { number: \"0800 123 459").append(q[0]).append("\", flow: ").append(name).append(" }\n");
            flows.append("  ").append(name).append(": { start: fila, nodes: { fila: { route: { queue: ").append(name)
                    .append(" } } } }\n");
            queueYaml.append("  ").append(name).append(":\n")
                    .append("    members: [\"").append(q[1]).append("\", \"").append(q[2]).append("\"]\n")
                    .append("    strategy: ring_all\n")
                    .append("    ring_timeout: ").append(q[3]).append('\n')
                    .append("    wrap_up: 0s\n")
                    .append("    hold: [{ tone: hold, duration: 20s }]\n");
        }
        return EngineFixture.yaml(port, dataDir, "MD5")
                .replace("  - { number: \"1005\", password: demo1005, srtp: true }\n",
                        "  - { number: \"1005\", password: demo1005, srtp: true }\n" + extensions)
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\"" + trunkNumbers + ", \"0800 123 4599\"]")
                .replace("logging:\n", numbers + "  - { number: \"0800 123 4599\", extension: \"2020\" }\n"
                        + flows + queueYaml + "logging:\n");
    }

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        engine = Engine.start(ConfigLoader.parse(yaml(port, data), "test.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
        engine.addCallObserver(records);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    /** Both agents ring; 2001 answers: it is bridged and busy, 2002 gets CANCEL (completed elsewhere) and is idle. */
    @Test
    void theFirstAgentToAnswerTakesTheCallAndTheOtherIsCancelledAsCompletedElsewhere() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa first = new TestUa("2001", server);
             TestUa second = new TestUa("2002", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            register(first, second);
            UacCall call = new UacCall(carrier, "08001234592");
            call.answered(rtp);
            UasCall a = new UasCall(first, first.expectRequest("INVITE"));
            UasCall b = new UasCall(second, second.expectRequest("INVITE"));
            a.respond(180, "Ringing", null);
            b.respond(180, "Ringing", null);
            a.respond(200, "OK", TestUa.SDP.replace("40000", "50100"));
            first.expectRequest("ACK");

            SIPRequest cancel = second.expectRequest("CANCEL");
            assertThat(cancel.getHeader("Reason")).hasToString(COMPLETED_ELSEWHERE);
            UacCall.answerInDialog(second, cancel, null);
            b.respond(487, "Request Terminated", null);
            second.expectRequest("ACK");
            awaitAgent("2001", AgentState.ON_CALL);
            awaitAgent("2002", AgentState.AVAILABLE);

            call.bye();
            UacCall.answerInDialog(first, first.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            assertThat(records.await(r -> r.dialled().equals("08001234592")).queue().agent()).isEqualTo("2001");
            awaitAgent("2001", AgentState.AVAILABLE);
            second.expectSilence(200);
            unregister(first, second);
        }
    }

    /**
     * 2004's 200 crosses the CANCEL sent when 2003 answered: it is ACKed and BYEd at once (the BYE says completed
     * elsewhere), never bridged, and 2004 ends idle, on no call; the next caller rings it at once, and this time its
     * answer wins.
     */
    @Test
    void aSecondAnswerCrossingTheCancelIsAckedAndByedAndLeavesThatAgentIdle() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa first = new TestUa("2003", server);
             TestUa second = new TestUa("2004", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket rtp2 = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            register(first, second);
            UacCall call = new UacCall(carrier, "08001234593");
            call.answered(rtp);
            UasCall a = new UasCall(first, first.expectRequest("INVITE"));
            UasCall b = new UasCall(second, second.expectRequest("INVITE"));
            a.respond(180, "Ringing", null);
            b.respond(180, "Ringing", null);
            a.respond(200, "OK", TestUa.SDP.replace("40000", "50102"));
            first.expectRequest("ACK");
            SIPRequest cancel = second.expectRequest("CANCEL");
            assertThat(cancel.getHeader("Reason")).hasToString(COMPLETED_ELSEWHERE);
            b.respond(200, "OK", TestUa.SDP.replace("40000", "50104")); // sent before the CANCEL was read
            UacCall.answerInDialog(second, cancel, null);

            second.expectRequest("ACK");
            SIPRequest bye = second.expectRequest("BYE");
            assertThat(bye.getHeader("Reason")).hasToString(COMPLETED_ELSEWHERE);
            assertThat(bye.getCallId().getCallId()).isEqualTo(b.invite.getCallId().getCallId());
            assertThat(bye.getToTag()).isEqualTo(b.tag);
            UacCall.answerInDialog(second, bye, null);
            awaitAgent("2003", AgentState.ON_CALL);
            awaitAgent("2004", AgentState.AVAILABLE);
            assertThat(engine.queues().agentCall("2004").get(2, TimeUnit.SECONDS)).isEmpty();
            first.expectSilence(300); // the answered call goes on
            assertThat(engine.queues().stats("q2593").get(2, TimeUnit.SECONDS).answered()).isEqualTo(1);

            UacCall next = new UacCall(carrier, "08001234593");
            next.answered(rtp2);
            UasCall b2 = new UasCall(second, second.expectRequest("INVITE")); // 2003 is busy: 2004 alone rings
            b2.respond(200, "OK", TestUa.SDP.replace("40000", "50106"));
            second.expectRequest("ACK");
            awaitAgent("2004", AgentState.ON_CALL);

            call.bye();
            UacCall.answerInDialog(first, first.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            next.bye();
            UacCall.answerInDialog(second, second.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            awaitAgent("2003", AgentState.AVAILABLE);
            awaitAgent("2004", AgentState.AVAILABLE);
            unregister(first, second);
        }
    }

    /**
     * 2006 answers 200 at once, with no provisional response, just after 2005 did: no CANCEL could go (it waits for
     * a provisional, RFC 3261 §9.1), so its 200 is ACKed and BYEd (completed elsewhere), and it ends idle.
     */
    @Test
    void anAnswerWithoutProvisionalAfterTheFirstIsAckedAndByedWithoutCancel() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa first = new TestUa("2005", server);
             TestUa second = new TestUa("2006", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            register(first, second);
            UacCall call = new UacCall(carrier, "08001234594");
            call.answered(rtp);
            UasCall a = new UasCall(first, first.expectRequest("INVITE"));
            UasCall b = new UasCall(second, second.expectRequest("INVITE"));
            a.respond(200, "OK", TestUa.SDP.replace("40000", "50108"));
            first.expectRequest("ACK");
            awaitAgent("2005", AgentState.ON_CALL);
            b.respond(200, "OK", TestUa.SDP.replace("40000", "50110"));

            second.expectRequest("ACK");
            SIPRequest bye = second.expectRequest("BYE");
            assertThat(bye.getHeader("Reason")).hasToString(COMPLETED_ELSEWHERE);
            UacCall.answerInDialog(second, bye, null);
            second.expectSilence(300);
            awaitAgent("2006", AgentState.AVAILABLE);
            assertThat(engine.queues().agentCall("2006").get(2, TimeUnit.SECONDS)).isEmpty();

            call.bye();
            UacCall.answerInDialog(first, first.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            assertThat(records.await(r -> r.dialled().equals("08001234594")).queue().agent()).isEqualTo("2005");
            awaitAgent("2005", AgentState.AVAILABLE);
            unregister(first, second);
        }
    }

    /** Nobody answers within the queue's 5 s ring timeout: both CANCELs say no Reason, so both phones log a missed call. */
    @Test
    void aRingTimeoutCancelsTheAgentsWithoutCompletedElsewhere() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa first = new TestUa("2007", server);
             TestUa second = new TestUa("2008", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            register(first, second);
            UacCall call = new UacCall(carrier, "08001234595");
            call.answered(rtp);
            List<UasCall> ringing = List.of(new UasCall(first, first.expectRequest("INVITE")),
                    new UasCall(second, second.expectRequest("INVITE")));
            ringing.forEach(c -> c.respond(180, "Ringing", null));
            for (UasCall c : ringing) {
                TestUa phone = c == ringing.get(0) ? first : second;
                SIPRequest cancel = phone.expectRequest("CANCEL", 10);
                assertThat(cancel.getHeader("Reason")).as("a missed call").isNull();
                UacCall.answerInDialog(phone, cancel, null);
                c.respond(487, "Request Terminated", null);
                phone.expectRequest("ACK");
            }
            call.bye();
            carrier.expectResponse(200);
            unregister(first, second);
        }
    }

    /** The caller hangs up while both agents ring: CANCELs without Reason (missed calls), and both end idle. */
    @Test
    void aCallerHangingUpCancelsTheAgentsWithoutCompletedElsewhere() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa first = new TestUa("2009", server);
             TestUa second = new TestUa("2010", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            register(first, second);
            UacCall call = new UacCall(carrier, "08001234596");
            call.answered(rtp);
            UasCall a = new UasCall(first, first.expectRequest("INVITE"));
            UasCall b = new UasCall(second, second.expectRequest("INVITE"));
            a.respond(180, "Ringing", null);
            b.respond(180, "Ringing", null);
            awaitAgent("2009", AgentState.RESERVED);
            awaitAgent("2010", AgentState.RESERVED);
            call.bye();
            carrier.expectResponse(200);
            for (TestUa phone : List.of(first, second)) {
                SIPRequest cancel = phone.expectRequest("CANCEL");
                assertThat(cancel.getHeader("Reason")).as("a missed call").isNull();
                UacCall.answerInDialog(phone, cancel, null);
            }
            a.respond(487, "Request Terminated", null);
            b.respond(487, "Request Terminated", null);
            first.expectRequest("ACK");
            second.expectRequest("ACK");
            awaitAgent("2009", AgentState.AVAILABLE);
            awaitAgent("2010", AgentState.AVAILABLE);
            unregister(first, second);
        }
    }

    private static void register(TestUa... phones) throws InterruptedException {
        for (TestUa phone : phones) {
            assertThat(phone.register("demo" + phone.user, 300).getStatusCode()).isEqualTo(200);
        }
    }

    private static void unregister(TestUa... phones) throws InterruptedException {
        for (TestUa phone : phones) {
            phone.register("demo" + phone.user, 0);
        }
    }

    /** The ACD hears of answers by message: ask it (each question a round trip to its thread) until it agrees. */
    static void awaitAgent(String agent, AgentState state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        Optional<AgentState> seen;
        do {
            seen = engine.queues().agentState(agent).get(2, TimeUnit.SECONDS);
        } while (!seen.equals(Optional.of(state)) && System.nanoTime() < deadline);
        assertThat(seen).as("agent " + agent).contains(state);
    }
}
