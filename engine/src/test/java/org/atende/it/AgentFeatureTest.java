package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AgentStatus;
import org.atende.call.CallRecord;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents on SIPp phones: they log in and out, pause and unpause with the feature codes (a SIPp UAC keying by SIP
 * INFO), only logged-in agents ring, and at the extension they logged in at; an agent moves by logging in
 * elsewhere; three wrong PINs end the call; a phone that refuses every offer, and one whose registration is gone,
 * leave their agent paused (no_answer), never stuck.
 */
class AgentFeatureTest {

    @TempDir
    static Path data;

    static Engine engine;
    static int port;
    static InetSocketAddress server;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        Peers.require("sipp");
        port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("{ number: \"1005\", password: demo1005, srtp: true }",
                        "{ number: \"1005\", password: demo1005, srtp: true, default_agent: \"2004\" }")
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4590\", \"0800 123 4591\","
                                + " \"0800 123 4592\", \"0800 123 4593\"]")
                .replace("logging:\n", """
                          - { number: "0800 123 4590", flow: suporte }
                          - { number: "0800 123 4591", flow: vendas }
                          - { number: "0800 123 4592", flow: tecnico }
                          - { number: "0800 123 4593", flow: mudo }
                        flows:
                          suporte: { start: fila, nodes: { fila: { route: { queue: suporte } } } }
                          vendas: { start: fila, nodes: { fila: { route: { queue: vendas } } } }
                          tecnico:
                            start: dados
                            nodes:
                              dados: { set: { skills: "redes:3" }, next: fila }
                              fila: { route: { queue: tecnico } }
                          mudo: { start: fila, nodes: { fila: { route: { queue: mudo } } } }
                        queues:
                          suporte: { wrap_up: 0s, ring_timeout: 5s, max_no_answer: 2 }
                          vendas: { wrap_up: 0s, ring_timeout: 5s, max_no_answer: 2 }
                          tecnico:
                            wrap_up: 0s
                            steps: [{ after: 10s, accept: "redes:1" }]
                          mudo: { wrap_up: 0s, ring_timeout: 5s, max_no_answer: 2 }
                        agents:
                          - { id: "2001", pin: "1234", queues: [suporte] }
                          - { id: "2002", pin: "4321", queues: [suporte] }
                          - { id: "2003", pin: "5555", queues: [vendas] }
                          - { id: "2004", pin: "6666", skills: { redes: 1 }, queues: [tecnico] }
                          - { id: "2005", pin: "7777", queues: [mudo] }
                        pause_reasons:
                          almoco: { label: "Almoço", code: "1" }
                        logging:
                        """);
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
        engine.addCallObserver(records);
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.stop();
        }
    }

    private static AgentStatus status(String agent) throws Exception {
        return engine.queues().agentStatus(agent).get(2, TimeUnit.SECONDS).orElseThrow();
    }

    private static void awaitAgent(String agent, AgentState state, Optional<String> extension) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        AgentStatus s = status(agent);
        while (!(s.state() == state && s.extension().equals(extension)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = status(agent);
        }
        assertThat(s.state()).as("%s", s).isEqualTo(state);
        assertThat(s.extension()).as("%s", s).isEqualTo(extension);
    }

    /** A SIPp phone registered as an extension; closing it stops it and un-registers it (from its own port). */
    private record Phone(String extension, int local, int media, Peers.Proc proc) implements AutoCloseable {
        @Override
        public void close() {
            proc.close();
            try {
                Peers.register(port, extension, local, media, 0, data);
            } catch (Exception | AssertionError e) {
                // clean-up only
            }
        }
    }

    /** A SIPp phone registered as {@code extension}, answering (or refusing) with {@code scenario}. */
    private static Phone phone(String extension, String scenario, String... extra) throws Exception {
        int local = EngineFixture.freePort();
        int media = EngineFixture.freeUdpRange(4);
        Peers.register(port, extension, local, media, 300, data);
        List<String> args = new java.util.ArrayList<>(List.of(extra));
        return new Phone(extension, local, media, new Peers.Proc(Peers.sipp(port, scenario, local, media,
                args.toArray(String[]::new)), data.resolve("phone-" + extension + "-" + System.nanoTime() + ".log"),
                data));
    }

    @Test
    void agentsLogInWithTheFeatureCodeAndOnlyLoggedInAgentsRingWhereTheyAre() throws Exception {
        try (Phone p1001 = phone("1001", "uas_answer.xml", "-d", "300");
             Phone p1002 = phone("1002", "uas_answer.xml", "-d", "300");
             TestUa carrier = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            awaitAgent("2001", AgentState.LOGGED_OUT, Optional.empty());
            SippFeatureCall.dial(port, "1001", "*45", "2001#1234#", data);
            awaitAgent("2001", AgentState.AVAILABLE, Optional.of("1001"));
            assertThat(status("2002").state()).isEqualTo(AgentState.LOGGED_OUT);

            // a caller in suporte: 2001 is the only agent logged in, and rings at 1001
            UacCall call = new UacCall(carrier, "08001234590");
            call.answered(rtp);
            awaitAgent("2001", AgentState.ON_CALL, Optional.of("1001"));
            assertThat(status("2002").state()).isEqualTo(AgentState.LOGGED_OUT);
            call.bye();
            carrier.expectResponse(200);
            CallRecord record = records.await(r -> r.dialled().equals("08001234590"));
            assertThat(record.queue().agent()).isEqualTo("2001");
            awaitAgent("2001", AgentState.AVAILABLE, Optional.of("1001"));

            // hot desking: 2001 logs in at 1002 and is moved there
            SippFeatureCall.dial(port, "1002", "*45", "2001#1234#", data);
            awaitAgent("2001", AgentState.AVAILABLE, Optional.of("1002"));
            assertThat(engine.queues().agentAt("1001").get(2, TimeUnit.SECONDS)).isEmpty();

            // *471: lunch; *48: back; *46: out
            SippFeatureCall.dial(port, "1002", "*471", "", data);
            awaitAgent("2001", AgentState.PAUSED, Optional.of("1002"));
            assertThat(status("2001").reason()).contains("almoco");
            SippFeatureCall.dial(port, "1002", "*48", "", data);
            awaitAgent("2001", AgentState.AVAILABLE, Optional.of("1002"));
            SippFeatureCall.dial(port, "1002", "*47", "1#", data); // the reason keyed when asked
            awaitAgent("2001", AgentState.PAUSED, Optional.of("1002"));
            SippFeatureCall.dial(port, "1002", "*46", "", data);
            awaitAgent("2001", AgentState.LOGGED_OUT, Optional.empty());
            AgentStatus s = status("2001");
            assertThat(s.today().answered()).isEqualTo(1);
            assertThat(s.today().pausedBy()).containsKey("almoco");
        }
    }

    @Test
    void threeWrongPinsEndTheCallAndAreLoggedWithoutThePin() throws Exception {
        try (LogCapture log = new LogCapture("org.atende.call.AgentFeature")) {
            SippFeatureCall.dial(port, "1003", "*45", "2002#9911#2002#9922#2002#9933#", data);
            assertThat(status("2002").state()).isEqualTo(AgentState.LOGGED_OUT);
            List<String> warnings = log.at(Level.WARN);
            assertThat(warnings).hasSize(3);
            assertThat(warnings.get(2)).contains("extension 1003", "agent 2002", "attempt 3 of 3");
            assertThat(String.join("\n", log.all())).doesNotContain("9911", "9922", "9933");
            // the right PIN still works from there (the lock takes six wrong ones)
            SippFeatureCall.dial(port, "1003", "*45", "2002#4321#", data);
            awaitAgent("2002", AgentState.AVAILABLE, Optional.of("1003"));
            SippFeatureCall.dial(port, "1003", "*46", "", data);
            awaitAgent("2002", AgentState.LOGGED_OUT, Optional.empty());
        }
    }

    /**
     * 2003's phone answers every offer 486; after two misses (max_no_answer: 2) the agent is paused no_answer. Then
     * the phone is un-registered and the agent unpaused: the offers fail at once ("not registered") and pause the
     * agent again. Neither leaves the agent reserved, nor the caller waiting on a dead phone.
     */
    @Test
    void aPhoneThatRefusesOrIsGoneLeavesItsAgentPausedNotStuck() throws Exception {
        try (Phone busy = phone("1004", "uas_busy.xml");
             TestUa carrier = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            SippFeatureCall.dial(port, "1004", "*45", "2003#5555#", data);
            awaitAgent("2003", AgentState.AVAILABLE, Optional.of("1004"));
            UacCall call = new UacCall(carrier, "08001234591");
            call.answered(rtp);
            awaitAgent("2003", AgentState.PAUSED, Optional.of("1004"));
            AgentStatus s = status("2003");
            assertThat(s.reason()).contains("no_answer");
            assertThat(s.today().missed()).isEqualTo(2);

            busy.close(); // stopped and un-registered
            engine.queues().unpause("2003", "test").get(2, TimeUnit.SECONDS);
            awaitAgent("2003", AgentState.PAUSED, Optional.of("1004"));
            assertThat(status("2003").today().missed()).isEqualTo(4);
            call.bye();
            carrier.expectResponse(200);
            engine.queues().logout("2003", "test").get(2, TimeUnit.SECONDS);
        }
    }

    /**
     * The caller asks for redes:3; the only agent logged in has redes:1. The queue's step accepts redes:1 after
     * 10 s: the agent rings then, not before.
     */
    @Test
    void aRelaxationStepLetsALowerSkilledAgentTakeTheCallAfterItsTime() throws Exception {
        try (Phone phone = phone("1005", "uas_answer.xml", "-d", "200");
             TestUa carrier = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            // 1005 names 2004 its default agent: *45 asks only for the PIN
            SippFeatureCall.dial(port, "1005", "*45", "6666#", data);
            awaitAgent("2004", AgentState.AVAILABLE, Optional.of("1005"));
            long entered = System.nanoTime(); // before the INVITE: the call enters the queue after this
            UacCall call = new UacCall(carrier, "08001234592");
            call.answered(rtp);
            Thread.sleep(8000);
            assertThat(status("2004").state()).as("not offered before the step").isEqualTo(AgentState.AVAILABLE);
            awaitAgent("2004", AgentState.ON_CALL, Optional.of("1005"));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - entered);
            assertThat(waitedMs).as("the step is 10 s after the call entered the queue").isGreaterThanOrEqualTo(10_000);
            call.bye();
            carrier.expectResponse(200);
            awaitAgent("2004", AgentState.AVAILABLE, Optional.of("1005"));
            engine.queues().logout("2004", "test").get(2, TimeUnit.SECONDS);
        }
    }

    /** A phone that rings and never answers: each offer ends at the ring timeout, and two pause the agent. */
    @Test
    void aPhoneThatStopsAnsweringLeavesItsAgentPausedAfterTheRingTimeouts() throws Exception {
        try (Phone phone = phone("1001", "uas_ring_cancel.xml");
             TestUa carrier = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            engine.queues().login("2005", "1001", "test").get(2, TimeUnit.SECONDS);
            UacCall call = new UacCall(carrier, "08001234593");
            call.answered(rtp);
            awaitAgent("2005", AgentState.RESERVED, Optional.of("1001"));
            awaitAgent("2005", AgentState.PAUSED, Optional.of("1001"));
            AgentStatus s = status("2005");
            assertThat(s.reason()).contains("no_answer");
            assertThat(s.today().missed()).isEqualTo(2);
            assertThat(s.call()).isEmpty();
            call.bye();
            carrier.expectResponse(200);
            engine.queues().logout("2005", "test").get(2, TimeUnit.SECONDS);
        }
    }
}
