package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd;
import org.atende.acd.QueueStats;
import org.atende.call.CallRecord;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow routes the caller into an ACD queue with routing data; the engine plays the hold prompts, rings the
 * agent the ACD picks, bridges the call and reports back. Each test uses its own queue and agents, so their
 * states do not leak from one test to the next.
 */
class QueueFlowTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4580\", \"0800 123 4581\","
                                + " \"0800 123 4582\", \"0800 123 4583\", \"0800 123 4584\", \"0800 123 4585\","
                                + " \"0800 123 4586\"]")
                .replace("logging:\n", """
                          - { number: "0800 123 4580", flow: suporte }
                          - { number: "0800 123 4581", flow: vendas }
                          - { number: "0800 123 4582", flow: noturno }
                          - { number: "0800 123 4583", flow: abandono }
                          - { number: "0800 123 4584", flow: pesquisa }
                          - { number: "0800 123 4586", flow: anuncio }
                          - number: "0800 123 4585"
                            flow: direto
                            survey: { questions: [ { kind: nps, prompt: builtin:pt-BR/nps.wav, timeout: 5s } ] }
                        flows:
                          suporte:
                            start: dados
                            nodes:
                              dados: { set: { skills: "suporte:2", priority: "5" }, next: fila }
                              fila: { route: { queue: suporte } }
                          vendas: { start: fila, nodes: { fila: { route: { queue: vendas } } } }
                          noturno: { start: fila, nodes: { fila: { route: { queue: noturno } } } }
                          abandono: { start: fila, nodes: { fila: { route: { queue: abandono } } } }
                          pesquisa: { start: fila, nodes: { fila: { route: { queue: pesquisa } } } }
                          direto: { start: ramal, nodes: { ramal: { route: { extension: "1003" } } } }
                          anuncio: { start: fila, nodes: { fila: { route: { queue: anuncio } } } }
                        queues:
                          suporte:
                            members:
                              - { extension: "1001", skills: { suporte: 3 } }
                              - { extension: "1002", skills: { suporte: 1 } }
                            wrap_up: 0s
                            hold: [builtin:pt-BR/aguarde.wav]
                          vendas:
                            members: ["1003", "1004"]
                            strategy: linear
                            wrap_up: 0s
                          noturno:
                            members: ["1005"]
                            max_wait: 10s
                            overflow: { extension: "1002" }
                          abandono:
                            members: ["1002"]
                          pesquisa:
                            members: ["1004"]
                            wrap_up: 0s
                            survey: { questions: [ { kind: csat, prompt: builtin:pt-BR/csat.wav, timeout: 5s } ], thanks: builtin:pt-BR/obrigado.wav }
                          anuncio:
                            members: ["1005"]
                            hold: [{ silence: 30s }]
                            announce_position: 10s
                        logging:
                        """);
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
        engine.addCallObserver(records);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    /** The call asks for suporte:2: 1001 (level 3) rings, 1002 (level 1) does not; the caller heard the hold prompt. */
    @Test
    void theAgentWithTheSkillTakesTheCallAfterTheHoldPrompt() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa expert = new TestUa("1001", server);
             TestUa novice = new TestUa("1002", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(expert.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            assertThat(novice.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234580");
            SIPResponse ok = call.answered(rtp);
            SIPRequest invite = expert.expectRequest("INVITE");
            assertThat(invite.getTo().getAddress().getURI().toString()).startsWith("sip:1001@");
            assertThat(CallTesting.loudPackets(rtp, 1500)).as("the hold prompt is speech, not silence").isGreaterThan(10);
            UasCall agent = new UasCall(expert, invite);
            agent.respond(200, "OK", TestUa.SDP.replace("40000", "50002"));
            expert.expectRequest("ACK");
            awaitAgent("1001", Acd.AgentState.ON_CALL);
            novice.expectSilence(300);
            call.bye();
            UacCall.answerInDialog(expert, expert.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            CallRecord record = records.await(r -> r.dialled().equals("08001234580"));
            assertThat(record.queue().queue()).isEqualTo("suporte");
            assertThat(record.queue().agent()).isEqualTo("1001");
            assertThat(record.queue().connected()).isAfterOrEqualTo(record.queue().entered());
            QueueStats stats = engine.queues().stats("suporte").get(2, TimeUnit.SECONDS);
            assertThat(stats.offered()).isEqualTo(1);
            assertThat(stats.answered()).isEqualTo(1);
            awaitAgent("1001", Acd.AgentState.AVAILABLE);
            expert.register("demo1001", 0);
            novice.register("demo1002", 0);
        }
    }

    /** 1001 is talking with 1002 (a direct call): the queue call waits, and rings 1001 once that call ends. */
    @Test
    void anAgentOnAnotherCallIsOfferedTheQueueCallOnlyAfterIt() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa expert = new TestUa("1001", server);
             TestUa colleague = new TestUa("1002", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(expert.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            assertThat(colleague.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            UacCall direct = new UacCall(colleague, "1001");
            direct.invite("demo1002", TestUa.SDP.replace("40000", "50012"));
            UasCall taken = new UasCall(expert, expert.expectRequest("INVITE"));
            taken.respond(200, "OK", TestUa.SDP.replace("40000", "50014"));
            direct.ack(colleague.expectResponse(200), "");
            expert.expectRequest("ACK");
            awaitOtherCalls("1001", 1);

            UacCall queued = new UacCall(carrier, "08001234580");
            queued.answered(rtp);
            expert.expectSilence(1500); // no queue INVITE while 1001 talks to 1002
            assertThat(engine.queues().stats("suporte").get(2, TimeUnit.SECONDS).waiting()).isEqualTo(1);

            direct.bye();
            UacCall.answerInDialog(expert, expert.expectRequest("BYE"), null);
            colleague.expectResponse(200);
            SIPRequest offer = expert.expectRequest("INVITE");
            assertThat(offer.getCallId().getCallId()).isNotEqualTo(direct.callId);
            new UasCall(expert, offer).respond(200, "OK", TestUa.SDP.replace("40000", "50016"));
            expert.expectRequest("ACK");
            queued.bye();
            UacCall.answerInDialog(expert, expert.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            awaitOtherCalls("1001", 0);
            expert.register("demo1001", 0);
            colleague.register("demo1002", 0);
        }
    }

    private static void awaitOtherCalls(String agent, int calls) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        int seen;
        do {
            seen = engine.queues().otherCalls(agent).get(2, TimeUnit.SECONDS);
            if (seen == calls) {
                return;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        assertThat(seen).as("calls of " + agent + " outside the queues").isEqualTo(calls);
    }

    /**
     * Nobody answers in queue "anuncio" (its hold is silence here, so speech is the announcement): the first
     * caller hears nothing on entering, the second is told its place at once.
     */
    @Test
    void aCallerWhoIsNotFirstHearsItsPlaceInTheQueue() throws Exception {
        try (TestUa first = new TestUa("carrier", server); TestUa second = new TestUa("carrier", server);
             DatagramSocket rtp1 = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket rtp2 = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call1 = new UacCall(first, "08001234586");
            call1.answered(rtp1);
            assertThat(CallTesting.loudPackets(rtp1, 1000)).as("first in the queue: no announcement").isZero();
            UacCall call2 = new UacCall(second, "08001234586");
            call2.answered(rtp2);
            assertThat(CallTesting.loudPackets(rtp2, 2000)).as("second in the queue: told its place").isGreaterThan(40);
            assertThat(engine.queues().stats("anuncio").get(2, TimeUnit.SECONDS).waiting()).isEqualTo(2);
            call1.bye();
            first.expectResponse(200);
            call2.bye();
            second.expectResponse(200);
        }
    }

    /** Linear: 1003 is busy (486), so the ACD goes on to 1004, who answers. */
    @Test
    void aBusyAgentPassesTheCallToTheNext() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa first = new TestUa("1003", server);
             TestUa second = new TestUa("1004", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(first.register("demo1003", 300).getStatusCode()).isEqualTo(200);
            assertThat(second.register("demo1004", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234581");
            call.answered(rtp);
            SIPRequest busy = first.expectRequest("INVITE");
            new UasCall(first, busy).respond(486, "Busy Here", null);
            first.expectRequest("ACK");
            SIPRequest invite = second.expectRequest("INVITE");
            new UasCall(second, invite).respond(200, "OK", TestUa.SDP.replace("40000", "50004"));
            second.expectRequest("ACK");
            awaitAgent("1003", Acd.AgentState.AVAILABLE);
            call.bye();
            UacCall.answerInDialog(second, second.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            assertThat(records.await(r -> r.dialled().equals("08001234581")).queue().agent()).isEqualTo("1004");
            first.register("demo1003", 0);
            second.register("demo1004", 0);
        }
    }

    /** Nobody can take the call (1005 is not registered): after max_wait it overflows to extension 1002. */
    @Test
    void aCallerWaitingTooLongOverflows() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa fallback = new TestUa("1002", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(fallback.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234582");
            long start = System.nanoTime();
            call.answered(rtp);
            SIPRequest invite = fallback.expectRequest("INVITE", 20);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
            new UasCall(fallback, invite).respond(200, "OK", TestUa.SDP.replace("40000", "50006"));
            fallback.expectRequest("ACK");
            call.bye();
            UacCall.answerInDialog(fallback, fallback.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            QueueStats stats = engine.queues().stats("noturno").get(2, TimeUnit.SECONDS);
            assertThat(stats.overflowed()).isEqualTo(1);
            assertThat(stats.answered()).isZero();
            CallRecord record = records.await(r -> r.dialled().equals("08001234582"));
            assertThat(record.queue().agent()).isNull();
            fallback.register("demo1002", 0);
        }
    }

    /** The caller hangs up while the agent's phone rings: the agent gets CANCEL, the queue counts an abandon. */
    @Test
    void aCallerHangingUpWhileWaitingIsAnAbandon() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1002", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(agent.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234583");
            call.answered(rtp);
            SIPRequest invite = agent.expectRequest("INVITE");
            new UasCall(agent, invite).respond(180, "Ringing", null);
            call.bye();
            carrier.expectResponse(200);
            SIPRequest cancel = agent.expectRequest("CANCEL");
            agent.sendResponse(cancel, 200, "OK", null, null, null);
            new UasCall(agent, invite).respond(487, "Request Terminated", null);
            agent.expectRequest("ACK");
            long deadline = System.nanoTime() + 3_000_000_000L;
            QueueStats stats;
            do {
                stats = engine.queues().stats("abandono").get(2, TimeUnit.SECONDS);
            } while (stats.abandoned() == 0 && System.nanoTime() < deadline);
            assertThat(stats.abandoned()).isEqualTo(1);
            assertThat(stats.waiting()).isZero();
            awaitAgent("1002", Acd.AgentState.AVAILABLE);
            agent.register("demo1002", 0);
        }
    }

    /** The queue's own survey: the agent hangs up first, the caller rates the call with a key. */
    @Test
    void theQueuesSurveyIsAskedWhenTheAgentHangsUpFirst() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1004", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(agent.register("demo1004", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234584");
            SIPResponse ok = call.answered(rtp);
            UasCall uas = UasCall.answer(agent, 50008);
            Thread.sleep(300);
            uas.bye();
            agent.expectResponse(200);
            carrier.expectSilence(500); // no BYE: the caller stays for the survey
            awaitAgent("1004", Acd.AgentState.AVAILABLE);
            CallTesting.sendDigit(rtp, CallTesting.mediaPort(ok), 5, 3000, 24000);
            SIPRequest bye = carrier.expectRequest("BYE", 15);
            UacCall.answerInDialog(carrier, bye, null);
            CallRecord record = records.await(r -> r.dialled().equals("08001234584"));
            assertThat(record.survey()).containsEntry("csat", "5");
            agent.register("demo1004", 0);
        }
    }

    /** A number's own survey (NPS here), asked when the extension the flow routed to hangs up first. */
    @Test
    void aNumbersOwnSurveyIsAskedWhenTheExtensionHangsUpFirst() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1003", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(agent.register("demo1003", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234585");
            SIPResponse ok = call.answered(rtp);
            UasCall uas = UasCall.answer(agent, 50010);
            Thread.sleep(300);
            uas.bye();
            agent.expectResponse(200);
            carrier.expectSilence(500);
            CallTesting.sendDigit(rtp, CallTesting.mediaPort(ok), 9, 4000, 32000);
            SIPRequest bye = carrier.expectRequest("BYE", 15);
            UacCall.answerInDialog(carrier, bye, null);
            assertThat(records.await(r -> r.dialled().equals("08001234585")).survey()).containsEntry("nps", "9");
            agent.register("demo1003", 0);
        }
    }

    /** Independent peers: SIPp as the carrier, a SIPp UAS registered as agent 1001 takes the queue call. */
    @Test
    void sippCarrierReachesASippAgentThroughTheQueue(@TempDir Path work) throws Exception {
        Peers.require("sipp");
        int port = server.getPort();
        int local = EngineFixture.freePort();
        int media = EngineFixture.freePort();
        Peers.register(port, "1001", local, media, 300, work);
        List<String> uasCmd = Peers.sipp(port, "uas_answer.xml", local, media, "-m", "1", "-d", "200",
                "-trace_msg", "-message_file", work.resolve("uas.msg").toString());
        List<String> uacCmd = Peers.sipp(port, "trunk_uac.xml", EngineFixture.freePort(), EngineFixture.freePort(),
                "-m", "1", "-d", "3000", "-s", "08001234580", "-key", "caller", "5511987654321");
        try (Peers.Proc uas = new Peers.Proc(uasCmd, work.resolve("uas.log"), work);
             Peers.Proc uac = new Peers.Proc(uacCmd, work.resolve("uac.log"), work)) {
            assertThat(uac.waitFor(30)).as(uac.output()).isZero();
            assertThat(uas.waitFor(30)).as("the SIPp agent took the queue call: " + uas.output()).isZero();
        } finally {
            Peers.register(port, "1001", local, media, 0, work);
        }
        String uasMessages = java.nio.file.Files.readString(work.resolve("uas.msg"));
        assertThat(uasMessages).contains("INVITE sip:1001@").contains("BYE sip:");
        CallRecord record = records.await(r -> r.caller().endsWith("5511987654321") && r.queue() != null
                && "1001".equals(r.queue().agent()));
        assertThat(record.endReason()).isEqualTo("BYE from caller");
    }

    /** The ACD hears of answers and hang-ups by message: wait (bounded) until it shows the agent in {@code state}. */
    private static void awaitAgent(String agent, Acd.AgentState state) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        java.util.Optional<Acd.AgentState> seen;
        do {
            seen = engine.queues().agentState(agent).get(2, TimeUnit.SECONDS);
            if (seen.equals(java.util.Optional.of(state))) {
                return;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        assertThat(seen).as("agent " + agent).contains(state);
    }
}
