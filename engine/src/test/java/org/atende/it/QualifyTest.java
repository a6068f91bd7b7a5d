package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import gov.nist.javax.sip.message.SIPRequest;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.atende.config.AtendeConfig;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.sip.registrar.Reachability;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qualify (RFC 3261 §11 OPTIONS): extension 1001 every second, the trunk's outbound proxy (a scripted carrier)
 * every second, with T1 at 50 ms so that an OPTIONS times out (Timer F) after 3.2 s.
 */
class QualifyTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static TestUa carrier;
    static LogCapture trunkLog;

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        server = new InetSocketAddress("127.0.0.1", port);
        carrier = new TestUa("carrier", server);
        carrier.options(TestUa.Options.ANSWER);
        trunkLog = new LogCapture("org.atende.engine.TrunkQualifier");
        String yaml = EngineFixture.withExternalRoute(EngineFixture.yaml(port, data, "SHA-256, MD5"),
                        "sip:127.0.0.1:" + carrier.port())
                .replace("  shutdown_grace: 3s\n", "  shutdown_grace: 3s\n  timers: { t1: 50ms }\n")
                .replace("{ number: \"1001\", password: demo1001 }", "{ number: \"1001\", password: demo1001, qualify: 1s }")
                .replace("    outbound: {", "    qualify: 1s\n    outbound: {")
                .replace("{ number: \"1003\", password: demo1003, record: true }",
                        "{ number: \"1003\", password: demo1003, qualify: 1s }")
                .replace("\"0800 123 4573\"]", "\"0800 123 4573\", \"0800 123 4590\"]")
                .replace("flows:\n", """
                          - { number: "0800 123 4590", flow: fila }
                        flows:
                          fila: { start: f, nodes: { f: { route: { queue: fila } } } }
                        """)
                .replace("logging:\n", """
                        queues:
                          fila: { members: ["1003", "1004"], strategy: linear, wrap_up: 0s }
                        logging:
                        """);
        AtendeConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of());
        assertThat(config.trunks().get(0).qualify()).contains(Duration.ofSeconds(1));
        engine = Engine.start(config);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
        carrier.close();
        trunkLog.close();
    }

    @Test
    void aPhoneThatStopsAnsweringIsNotRungUntilItAnswersOrRegistersAgain() throws Exception {
        try (LogCapture log = new LogCapture("org.atende.sip.registrar.BindingQualifier");
             TestUa phone = new TestUa("1001", server); TestUa caller = new TestUa("1002", server)) {
            phone.options(TestUa.Options.ANSWER);
            assertThat(phone.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            assertThat(caller.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            String contact = "sip:1001@127.0.0.1:" + phone.port();
            assertThat(phone.awaitOptions(2, 5)).as("OPTIONS every second").isTrue();
            assertThat(reachability("1001")).containsExactly(Map.entry(contact, Reachability.REACHABLE));

            phone.options(TestUa.Options.IGNORE);
            assertThat(log.await(Level.INFO, "unreachable", Duration.ofSeconds(10))).isTrue();
            assertThat(reachability("1001")).containsExactly(Map.entry(contact, Reachability.UNREACHABLE));

            long asked = System.nanoTime();
            UacCall call = new UacCall(caller, "1001");
            call.invite("demo1002", TestUa.SDP);
            call.sendAckForFailure(caller.expectResponse(480));
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("480 at once, not after ringing")
                    .isLessThan(Duration.ofSeconds(2));
            phone.expectSilence(500); // no INVITE, let alone its retransmissions (OPTIONS are dropped by the phone)

            phone.options(TestUa.Options.ANSWER);
            assertThat(log.await(Level.INFO, "reachable again (answered 200)", Duration.ofSeconds(10))).isTrue();
            assertThat(reachability("1001")).containsExactly(Map.entry(contact, Reachability.REACHABLE));

            phone.options(TestUa.Options.IGNORE);
            int ignored = phone.optionsReceived();
            assertThat(phone.awaitOptions(ignored + 1, 5)).isTrue();
            assertThat(log.await(Level.INFO, "unreachable", 2, Duration.ofSeconds(10))).isTrue();
            assertThat(phone.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            assertThat(reachability("1001")).as("registering again shows the phone reachable")
                    .containsExactly(Map.entry(contact, Reachability.REACHABLE));
            assertThat(log.at(Level.INFO)).as("one line per change, none per OPTIONS").containsExactly(
                    "extension 1001: phone " + contact + " unreachable (no answer to OPTIONS from UDP:127.0.0.1:"
                            + phone.port() + "); not rung until it answers or registers again",
                    "extension 1001: phone " + contact + " reachable again (answered 200)",
                    "extension 1001: phone " + contact + " unreachable (no answer to OPTIONS from UDP:127.0.0.1:"
                            + phone.port() + "); not rung until it answers or registers again",
                    "extension 1001: phone " + contact + " reachable again (registered again)");
            phone.options(TestUa.Options.ANSWER);
            phone.register("demo1001", 0);
            caller.register("demo1002", 0);
        }
    }

    /** The queue's linear order offers 1003 first; its phone stopped answering OPTIONS, so 1004 rings at once. */
    @Test
    void aQueueOfferSkipsAnAgentWhosePhoneIsUnreachable() throws Exception {
        try (LogCapture log = new LogCapture("org.atende.sip.registrar.BindingQualifier");
             TestUa pstn = new TestUa("pstn", server); TestUa gone = new TestUa("1003", server);
             TestUa agent = new TestUa("1004", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            gone.options(TestUa.Options.IGNORE);
            agent.options(TestUa.Options.ANSWER);
            assertThat(gone.register("demo1003", 300).getStatusCode()).isEqualTo(200);
            assertThat(agent.register("demo1004", 300).getStatusCode()).isEqualTo(200);
            assertThat(log.await(Level.INFO, "extension 1003: phone", Duration.ofSeconds(10))).isTrue();

            UacCall call = new UacCall(pstn, "08001234590");
            call.answered(rtp);
            SIPRequest invite = agent.expectRequest("INVITE", 3);
            UasCall answering = new UasCall(agent, invite);
            answering.respond(200, "OK", TestUa.SDP.replace("40000", "50004"));
            agent.expectRequest("ACK");
            gone.expectSilence(200); // never rung
            call.bye();
            UacCall.answerInDialog(agent, agent.expectRequest("BYE"), null);
            pstn.expectResponse(200);
            gone.register("demo1003", 0);
            agent.register("demo1004", 0);
        }
    }

    @Test
    void aTrunkWhoseProxyStopsAnsweringIsUnreachableWithOneInfoLine() throws Exception {
        int answered = carrier.optionsReceived();
        assertThat(carrier.awaitOptions(answered + 2, 5)).as("OPTIONS to the proxy every second").isTrue();
        assertThat(engine.trunkReachability()).containsExactly(Map.entry("carrier", Reachability.REACHABLE));
        assertThat(trunkLog.at(Level.INFO)).as("nothing logged while it answers").isEmpty();

        carrier.options(TestUa.Options.IGNORE);
        assertThat(trunkLog.await(Level.INFO, "trunk carrier: unreachable", Duration.ofSeconds(10))).isTrue();
        assertThat(engine.trunkReachability()).containsExactly(Map.entry("carrier", Reachability.UNREACHABLE));
        int ignored = carrier.optionsReceived();
        assertThat(carrier.awaitOptions(ignored + 1, 6)).as("still probed while unreachable").isTrue();
        waitForTrunkTimeouts(ignored);
        carrier.options(TestUa.Options.ANSWER);
        assertThat(trunkLog.await(Level.INFO, "trunk carrier: reachable again", Duration.ofSeconds(10))).isTrue();
        assertThat(trunkLog.at(Level.INFO)).containsExactly(
                "trunk carrier: unreachable (no answer to OPTIONS from UDP:127.0.0.1:" + carrier.port() + ")",
                "trunk carrier: reachable again (answered 200)");
    }

    /** The Map of contact to state, read on the registrar's owner. */
    private static Map<String, Reachability> reachability(String extension) throws Exception {
        return engine.registrations().reachability(extension).get(5, TimeUnit.SECONDS);
    }

    /** Lets an OPTIONS sent while unreachable time out too (it must not log a second line). */
    private static void waitForTrunkTimeouts(int ignoredBefore) throws InterruptedException {
        // a second ignored OPTIONS is sent only once the first timed out (one at a time): wait for it
        assertThat(carrier.awaitOptions(ignoredBefore + 2, 10)).isTrue();
        List<String> lines = trunkLog.at(Level.INFO);
        assertThat(lines).hasSize(1);
    }
}
