package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd.AgentState;
import org.atende.call.CallRecord;
import org.atende.call.ScriptedCall;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.sip.registrar.Registrations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens when the ACD's messages and a call's cross: the ACD decides on its own thread from what it has
 * heard so far, while calls go on, on their loops. Each test holds one thread at a chosen point (the ACD's, with a
 * scripted call in queue "espera"; the registrar's, with a look-up whose answer waits) so that the crossing happens
 * every time, then lets go and checks what real phones receive.
 */
class QueueCrossingTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("  - { number: \"1005\", password: demo1005, srtp: true }\n",
                        "  - { number: \"1005\", password: demo1005, srtp: true }\n"
                                + "  - { number: \"1009\", password: demo1009 }\n")
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4590\", \"0800 123 4591\"]")
                .replace("logging:\n", """
                          - { number: "0800 123 4590", flow: cruzada }
                          - { number: "0800 123 4591", flow: depois }
                        flows:
                          cruzada: { start: fila, nodes: { fila: { route: { queue: cruzada } } } }
                          depois: { start: fila, nodes: { fila: { route: { queue: depois } } } }
                        queues:
                          cruzada:
                            members: ["1001", "1002"]
                            strategy: linear
                            wrap_up: 0s
                            hold: [builtin:pt-BR/aguarde.wav]
                          antes:
                            members: ["1004"]
                            wrap_up: 0s
                            max_wait: 10s
                            overflow: { extension: "1009" }
                          depois:
                            members: ["1004"]
                            wrap_up: 0s
                          espera:
                            members: ["1009"]
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

    /**
     * 1003 calls agent 1001 while the ACD, behind, still thinks 1001 free and offers it a queue call: at ring time
     * 1001 is found on that call, so the offer goes back to the ACD and on to 1002. 1001 did not miss an offer, so
     * it does not rest: once its call ends, the next queue caller rings it at once.
     */
    @Test
    void aQueueOfferCrossingADirectCallToTheAgentRingsTheNextAgent() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1001", server);
             TestUa next = new TestUa("1002", server); TestUa colleague = new TestUa("1003", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket rtp2 = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(agent.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            assertThat(next.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            assertThat(colleague.register("demo1003", 300).getStatusCode()).isEqualTo(200);

            UacCall queued = new UacCall(carrier, "08001234590");
            UacCall direct = new UacCall(colleague, "1001");
            try (ScriptedCall.Hold hold = ScriptedCall.hold(engine.queues(), "espera")) {
                queued.answered(rtp);
                awaitPacket(rtp); // the hold prompt plays: the caller's entry is in the ACD's inbox
                direct.invite("demo1003", TestUa.SDP.replace("40000", "50020"));
                new UasCall(agent, agent.expectRequest("INVITE")).respond(200, "OK",
                        TestUa.SDP.replace("40000", "50022"));
                direct.ack(colleague.expectResponse(200), "");
                agent.expectRequest("ACK");
            } // the ACD reads the caller's entry first and offers it to 1001, free as far as it knows

            agent.expectSilence(1000); // on the phone with 1003: not rung for the queue
            UasCall offer = new UasCall(next, next.expectRequest("INVITE"));
            offer.respond(200, "OK", TestUa.SDP.replace("40000", "50024"));
            next.expectRequest("ACK");
            awaitAgent("1002", AgentState.ON_CALL);
            assertThat(engine.queues().otherCalls("1001").get(2, TimeUnit.SECONDS)).isEqualTo(1);

            direct.bye();
            UacCall.answerInDialog(agent, agent.expectRequest("BYE"), null);
            colleague.expectResponse(200);
            UacCall second = new UacCall(carrier, "08001234590");
            second.answered(rtp2);
            SIPRequest ring = agent.expectRequest("INVITE"); // not resting after the declined offer
            new UasCall(agent, ring).respond(180, "Ringing", null);
            second.bye();
            carrier.expectResponse(200);
            SIPRequest cancel = agent.expectRequest("CANCEL");
            agent.sendResponse(cancel, 200, "OK", null, null, null);
            new UasCall(agent, ring).respond(487, "Request Terminated", null);
            agent.expectRequest("ACK");

            queued.bye();
            UacCall.answerInDialog(next, next.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            agent.register("demo1001", 0);
            next.register("demo1002", 0);
            colleague.register("demo1003", 0);
        }
    }

    /** The same crossing when the agent places the call: 1001, on the phone with 1003, is not rung either. */
    @Test
    void aQueueOfferCrossingACallTheAgentPlacesRingsTheNextAgent() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1001", server);
             TestUa next = new TestUa("1002", server); TestUa colleague = new TestUa("1003", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(agent.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            assertThat(next.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            assertThat(colleague.register("demo1003", 300).getStatusCode()).isEqualTo(200);

            UacCall queued = new UacCall(carrier, "08001234590");
            UacCall placed = new UacCall(agent, "1003");
            try (ScriptedCall.Hold hold = ScriptedCall.hold(engine.queues(), "espera")) {
                queued.answered(rtp);
                awaitPacket(rtp);
                placed.invite("demo1001", TestUa.SDP.replace("40000", "50026"));
                new UasCall(colleague, colleague.expectRequest("INVITE")).respond(200, "OK",
                        TestUa.SDP.replace("40000", "50028"));
                placed.ack(agent.expectResponse(200), "");
                colleague.expectRequest("ACK");
            }

            agent.expectSilence(1000);
            new UasCall(next, next.expectRequest("INVITE")).respond(200, "OK", TestUa.SDP.replace("40000", "50030"));
            next.expectRequest("ACK");
            queued.bye();
            UacCall.answerInDialog(next, next.expectRequest("BYE"), null);
            carrier.expectResponse(200);
            placed.bye();
            UacCall.answerInDialog(colleague, colleague.expectRequest("BYE"), null);
            agent.expectResponse(200);
            agent.register("demo1001", 0);
            next.register("demo1002", 0);
            colleague.register("demo1003", 0);
        }
    }

    /**
     * 1004 rings for a call in "antes" (scripted) while a real caller waits in "depois". The first call overflows
     * and 1004's answer crosses it; meanwhile the ACD offered 1004 the waiting caller, and now withdraws that offer
     * while 1004's contacts are still being looked up (the registrar is held). 1004 talks: its phone must not ring.
     */
    @Test
    void anOfferCancelledWhileTheAgentIsLookedUpDoesNotRing() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server); TestUa agent = new TestUa("1004", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             RegistrarHold registrar = new RegistrarHold(engine.registrations())) {
            assertThat(agent.register("demo1004", 300).getStatusCode()).isEqualTo(200);
            ScriptedCall first = ScriptedCall.enter(engine.queues(), "scripted-" + System.nanoTime(), "antes");
            assertThat(first.awaitOffer(Duration.ofSeconds(5))).isEqualTo("1004");
            UacCall waiting = new UacCall(carrier, "08001234591");
            waiting.answered(rtp);
            awaitPacket(rtp); // the hold tone plays: the caller's entry was sent to the ACD
            assertThat(engine.queues().stats("depois").get(2, TimeUnit.SECONDS).waiting()).isEqualTo(1);

            first.onOverflow(() -> { // on the ACD thread, before it offers 1004 the waiting caller
                registrar.hold();
                first.answer("1004");
            });
            assertThat(first.awaitOverflow(Duration.ofSeconds(20))).as("max_wait of 10 s").isTrue();
            // read after the answer: the ACD has withdrawn its offer of the waiting caller to 1004
            assertThat(engine.queues().agentState("1004").get(2, TimeUnit.SECONDS)).contains(AgentState.ON_CALL);
            assertThat(engine.queues().agentCall("1004").get(2, TimeUnit.SECONDS)).contains(first.callId());
            registrar.release(); // the look-up of 1004 for the withdrawn offer returns now

            agent.expectSilence(1000);

            first.end(); // 1004 is free: now the waiting caller rings it
            SIPRequest ring = agent.expectRequest("INVITE");
            new UasCall(agent, ring).respond(180, "Ringing", null);
            waiting.bye();
            carrier.expectResponse(200);
            SIPRequest cancel = agent.expectRequest("CANCEL");
            agent.sendResponse(cancel, 200, "OK", null, null, null);
            new UasCall(agent, ring).respond(487, "Request Terminated", null);
            agent.expectRequest("ACK");
            agent.register("demo1004", 0);
        }
    }

    /**
     * The ACD is {@link ScriptedCall#maxPending()} messages behind: a new caller is refused at the door (busy tone,
     * then Atende hangs up) and counted, instead of an end of call being dropped.
     */
    @Test
    void aCallerArrivingWhileTheAcdIsOverloadedHearsBusyAndIsCounted() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            long before = engine.queues().refusedArrivals("cruzada");
            UacCall call = new UacCall(carrier, "08001234590");
            try (ScriptedCall.Hold hold = ScriptedCall.hold(engine.queues(), "espera")) {
                ScriptedCall.backlog(engine.queues(), ScriptedCall.maxPending());
                call.answered(rtp);
                assertThat(CallTesting.loudPackets(rtp, 1000)).as("the busy tone").isGreaterThan(10);
                UacCall.answerInDialog(carrier, carrier.expectRequest("BYE", 10), null);
            }
            assertThat(engine.queues().refusedArrivals("cruzada")).isEqualTo(before + 1);
            CallRecord record = records.await(r -> r.endReason().contains("refused"));
            assertThat(record.endReason()).contains("queue cruzada");
        }
    }

    /** The ACD hears of answers by message: ask it (each question a round trip to its thread) until it agrees. */
    private static void awaitAgent(String agent, AgentState state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        java.util.Optional<AgentState> seen;
        do {
            seen = engine.queues().agentState(agent).get(2, TimeUnit.SECONDS);
        } while (!seen.equals(java.util.Optional.of(state)) && System.nanoTime() < deadline);
        assertThat(seen).as("agent " + agent).contains(state);
    }

    private static void awaitPacket(DatagramSocket rtp) throws Exception {
        rtp.setSoTimeout(3000);
        rtp.receive(new DatagramPacket(new byte[2048], 2048));
    }

    /**
     * Holds the registrar's owner (one of the SIP loops): a look-up whose answer waits, on that thread, until
     * released. Look-ups asked for meanwhile wait behind it.
     */
    private static final class RegistrarHold implements AutoCloseable {
        private final Registrations registrations;
        private final CountDownLatch released = new CountDownLatch(1);

        RegistrarHold(Registrations registrations) {
            this.registrations = registrations;
        }

        /** Any thread; the owner stops at its next task. */
        void hold() {
            registrations.lookup("1009", answer -> {
                try {
                    released.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer.run();
            }, bindings -> { });
        }

        void release() {
            released.countDown();
        }

        @Override
        public void close() {
            release();
        }
    }
}
