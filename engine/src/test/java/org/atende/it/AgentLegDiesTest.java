package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AgentStatus;
import org.atende.call.CallRecord;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No agent state outlives its cause: an agent's phone that vanishes in the middle of a queue call (its RTP stops,
 * no BYE ever comes) is found by the RTP timeout, the call ends, and the agent is available again after the
 * wrap-up; the call's record says why it ended.
 */
class AgentLegDiesTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("  shutdown_grace: 3s\n", "  shutdown_grace: 3s\n  media: { address: 127.0.0.1,"
                        + " rtp_ports: \"31100-31199\", rtp_timeout: 5s }\n")
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4595\"]")
                .replace("logging:\n", """
                          - { number: "0800 123 4595", flow: fila }
                        flows:
                          fila: { start: fila, nodes: { fila: { route: { queue: suporte } } } }
                        queues:
                          suporte: { wrap_up: 2s }
                        agents:
                          - { id: "2001", pin: "1234", queues: [suporte] }
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

    @Test
    void anAgentPhoneThatVanishesMidCallLeavesTheAgentAvailable() throws Exception {
        assertThat(engine.queues().login("2001", "1002", "test").get(2, TimeUnit.SECONDS).succeeded()).isTrue();
        AtomicBoolean agentAlive = new AtomicBoolean(true);
        AtomicBoolean running = new AtomicBoolean(true);
        try (TestUa carrier = new TestUa("carrier", server); TestUa phone = new TestUa("1002", server);
             DatagramSocket callerRtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket agentRtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(phone.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            UacCall call = new UacCall(carrier, "08001234595");
            SIPResponse ok = call.answered(callerRtp);
            int toCallerLeg = CallTesting.mediaPort(ok);
            SIPRequest invite = phone.expectRequest("INVITE");
            int toAgentLeg = CallTesting.mediaPort(invite);
            new UasCall(phone, invite).respond(200, "OK",
                    TestUa.SDP.replace("40000", Integer.toString(agentRtp.getLocalPort())));
            phone.expectRequest("ACK");
            Thread media = new Thread(() -> {
                int seq = 0;
                byte[] silence = new byte[160];
                java.util.Arrays.fill(silence, (byte) 0xff);
                try {
                    while (running.get()) {
                        CallTesting.send(callerRtp, toCallerLeg, CallTesting.rtp(0, seq, seq * 160L, 0x1111, silence));
                        if (agentAlive.get()) {
                            CallTesting.send(agentRtp, toAgentLeg, CallTesting.rtp(0, seq, seq * 160L, 0x2222, silence));
                        }
                        seq++;
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    // the sockets closed: the test is over
                }
            }, "test-rtp");
            media.start();
            await("2001", AgentState.ON_CALL);
            Thread.sleep(1000);
            agentAlive.set(false); // the agent's phone vanishes: no more RTP, no BYE

            CallRecord record = records.await(r -> r.dialled().equals("08001234595"),
                    java.time.Duration.ofSeconds(15));
            assertThat(record.endReason()).contains("RTP timeout on callee leg");
            assertThat(record.queue().agent()).isEqualTo("2001");
            UacCall.answerInDialog(phone, phone.expectRequest("BYE"), null); // it may come back: it is told
            UacCall.answerInDialog(carrier, carrier.expectRequest("BYE"), null);
            await("2001", AgentState.WRAP_UP);
            AgentStatus s = await("2001", AgentState.AVAILABLE);
            assertThat(s.call()).isEmpty();
            assertThat(s.today().answered()).isEqualTo(1);
            running.set(false);
            media.join(2000);
            phone.register("demo1002", 0);
        } finally {
            running.set(false);
            engine.queues().logout("2001", "test").get(2, TimeUnit.SECONDS);
        }
    }

    private static AgentStatus await(String agent, AgentState state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        AgentStatus s = engine.queues().agentStatus(agent).get(2, TimeUnit.SECONDS).orElseThrow();
        while (s.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = engine.queues().agentStatus(agent).get(2, TimeUnit.SECONDS).orElseThrow();
        }
        assertThat(s.state()).as("%s", s).isEqualTo(state);
        return s;
    }
}
