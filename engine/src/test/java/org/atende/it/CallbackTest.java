package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.QueueStats;
import org.atende.call.CallRecord;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callbacks over real sockets: a carrier's caller (SIPp) waits in a queue whose only agent is paused, presses 1,
 * confirms the number they call from with 1 and is hung up on; the callback survives a restart of the engine;
 * the agent's SIPp phone is offered it (From "Retorno" and the number), answers, and Atende dials the customer
 * through the carrier's outbound proxy, a SIPp far end that answers, talks and hangs up. A far end that is busy
 * uses up the callback's single attempt: it is given up, and the agent is free again.
 */
class CallbackTest {

    private static final String CUSTOMER = "11987654321";
    private static final String DIALLED = "08001234580";

    @TempDir
    Path data;

    private int port;
    private int carrierPort;
    private Engine engine;
    private final CallTesting.Records records = new CallTesting.Records();

    @BeforeEach
    void needSipp() throws Exception {
        Peers.require("sipp");
        port = EngineFixture.freePort();
        carrierPort = EngineFixture.freePort();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
    }

    private String yaml(int attempts) {
        return EngineFixture.withExternalRoute(EngineFixture.yaml(port, data, "MD5"),
                "sip:127.0.0.9:" + carrierPort)
                .replace("\"0800 123 4573\"]", "\"0800 123 4573\", \"0800 123 4580\"]")
                .replace("logging:\n", """
                          retorno: { start: fila, nodes: { fila: { route: { queue: retorno } } } }
                        queues:
                          retorno:
                            wrap_up: 0s
                            ring_timeout: 10s
                            callback: { trunk: carrier, offer_after: 2s, attempts: %d, ring_timeout: 15s }
                        agents:
                          - { id: "2001", pin: "1234", queues: [retorno], start_at: "1001" }
                        logging:
                        """.formatted(attempts))
                .replace("  - { number: \"0800 123 4573\", flow: externo }",
                        "  - { number: \"0800 123 4573\", flow: externo }\n"
                                + "  - { number: \"0800 123 4580\", flow: retorno }");
    }

    private void start(int attempts) throws Exception {
        engine = Engine.start(ConfigLoader.parse(yaml(attempts), "callback.yaml", Map.of()));
        engine.addCallObserver(records);
    }

    private QueueStats stats() throws Exception {
        return engine.queues().stats("retorno").get(2, TimeUnit.SECONDS);
    }

    private void awaitAgent(AgentState state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        AgentState now = engine.queues().agentState("2001").get(2, TimeUnit.SECONDS).orElseThrow();
        while (now != state && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = engine.queues().agentState("2001").get(2, TimeUnit.SECONDS).orElseThrow();
        }
        assertThat(now).isEqualTo(state);
    }

    /** The caller waits (the agent is paused), presses 1 after 3 s, confirms with 1 once the number is read. */
    private void callerAsksForACallback() throws Exception {
        engine.queues().pause("2001", "pausa", "test").get(2, TimeUnit.SECONDS);
        SippFeatureCall.fromCarrier(port, CUSTOMER, DIALLED,
                List.of(new SippFeatureCall.Key(3000, '1'), new SippFeatureCall.Key(14000, '1')), data);
        CallRecord asked = records.await(r -> r.dialled().equals(DIALLED) && !r.callId().startsWith("callback-"),
                Duration.ofSeconds(5));
        assertThat(asked.endReason()).isEqualTo("callback taken");
        assertThat(Files.readString(data.resolve("callbacks.json"))).contains("+55" + CUSTOMER);
    }

    private Peers.Proc agentPhone() throws Exception {
        int local = EngineFixture.freePort();
        int media = EngineFixture.freeUdpRange(4);
        Peers.register(port, "1001", local, media, 300, data);
        return new Peers.Proc(Peers.sipp(port, "uas_answer.xml", local, media, "-m", "1", "-d", "200", "-timeout", "120s",
                "-trace_msg", "-message_file", data.resolve("agent.msg").toString()), data.resolve("agent.log"), data);
    }

    private Peers.Proc farEnd(String scenario, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("sipp", "-sf", Peers.scenario(scenario).toString(),
                "-i", "127.0.0.9", "-mi", "127.0.0.9", "-p", Integer.toString(carrierPort), "-mp",
                Integer.toString(EngineFixture.freeUdpRange(4)), "-m", "1", "-nostdin", "-timeout", "90s",
                "-timeout_error", "-trace_msg", "-message_file", data.resolve("carrier.msg").toString()));
        cmd.addAll(List.of(extra));
        return new Peers.Proc(cmd, data.resolve("carrier.log"), data);
    }

    @Test
    void aCallbackSurvivesARestartThenRingsTheAgentFirstAndDialsTheCustomerThroughTheTrunk() throws Exception {
        start(3);
        try (Peers.Proc phone = agentPhone(); Peers.Proc carrier = farEnd("uas_carrier_hangup.xml", "-d", "3000")) {
            callerAsksForACallback();
            assertThat(stats().callbacksPending()).isEqualTo(1);
            engine.stop(); // the callback is pending on disk; the new engine's agent is logged in and free
            engine = null;
            start(3);
            assertThat(carrier.waitFor(60)).as(carrier.output()).isZero();
            assertThat(phone.waitFor(15)).as(phone.output()).isZero();
            CallRecord talk = records.await(r -> r.callId().startsWith("callback-"), Duration.ofSeconds(10));
            assertThat(talk.answered()).isNotNull();
            assertThat(talk.queue().agent()).isEqualTo("2001");
            assertThat(talk.caller()).isEqualTo("+55" + CUSTOMER);
            List<SippTrace.Message> far = SippTrace.read(data.resolve("carrier.msg"));
            SippTrace.Message invite = far.stream().filter(m -> m.received() && m.isRequest("INVITE")).findFirst()
                    .orElseThrow();
            assertThat(invite.startLine()).contains(CUSTOMER);
            List<SippTrace.Message> agent = SippTrace.read(data.resolve("agent.msg"));
            SippTrace.Message offer = agent.stream().filter(m -> m.received() && m.isRequest("INVITE")).findFirst()
                    .orElseThrow();
            assertThat(offer.header("From").orElseThrow()).contains("Retorno").contains(CUSTOMER);
            // the agent hung up on by Atende once the customer did
            assertThat(agent.stream().anyMatch(m -> m.received() && m.isRequest("BYE"))).isTrue();
        }
        awaitAgent(AgentState.AVAILABLE);
        QueueStats s = stats();
        assertThat(s.callbacksAnswered()).isEqualTo(1);
        assertThat(s.callbacksPending()).isZero();
        Thread.sleep(500); // the store writes off the ACD thread
        assertThat(Files.readString(data.resolve("callbacks.json"))).doesNotContain(CUSTOMER);
    }

    @Test
    void aBusyCustomerUsesUpTheAttemptsAndTheAgentIsFreeAgain() throws Exception {
        start(1);
        try (Peers.Proc phone = agentPhone(); Peers.Proc carrier = farEnd("uas_busy.xml")) {
            callerAsksForACallback();
            engine.queues().unpause("2001", "test").get(2, TimeUnit.SECONDS);
            assertThat(carrier.waitFor(60)).as(carrier.output()).isZero();
            assertThat(phone.waitFor(20)).as(phone.output()).isZero();
        }
        awaitAgent(AgentState.AVAILABLE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stats().callbacksFailed() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        QueueStats s = stats();
        assertThat(s.callbacksFailed()).isEqualTo(1);
        assertThat(s.callbacksAnswered()).isZero();
        assertThat(s.callbacksPending()).isZero();
        CallRecord attempt = records.await(r -> r.callId().startsWith("callback-"), Duration.ofSeconds(10));
        assertThat(attempt.answered()).isNull();
        assertThat(attempt.endReason()).contains("486");
    }
}
