package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.atende.acd.Acd.AgentState;
import org.atende.call.CallRecord;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIPp phones, an independent SIP implementation, as the callee's contacts and as ring_all agents: the phones an
 * answer beat get {@code Reason: SIP;cause=200;text="Call completed elsewhere"} (RFC 3326), in the CANCEL or in the
 * BYE after a crossing 200; other CANCELs carry none. Then two agents answering at the same instant, call after
 * call: each call is bridged to exactly one, the other is told, and both end idle. Configuration from
 * {@link RingAllTest#yaml}.
 */
class SippRingAllTest {

    private static final Logger log = LoggerFactory.getLogger(SippRingAllTest.class);
    static final String COMPLETED_ELSEWHERE = "Reason: SIP;cause=200;text=\"Call completed elsewhere\"";
    /** Calls in a row in the race. */
    static final int RACES = 40;

    @TempDir
    static Path data;

    /** SIPp's logs and message traces; kept when a test fails. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path work;

    static Engine engine;
    static int port;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        port = EngineFixture.freePort();
        engine = Engine.start(ConfigLoader.parse(RingAllTest.yaml(port, data), "test.yaml", Map.of()));
        engine.addCallObserver(records);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @BeforeEach
    void needSipp() {
        Peers.require("sipp");
    }

    /** Extension 2020 on two SIPp phones: one answers after 300 ms, the other is cancelled as completed elsewhere. */
    @Test
    void theExtensionsOtherPhoneIsCancelledAsCompletedElsewhere() throws Exception {
        try (Phone desk = Phone.start(work, "desk", "2020", "uas_answer.xml", "-m", "1", "-d", "300");
             Phone mobile = Phone.start(work, "mobile", "2020", "uas_ring_cancel.xml", "-m", "1")) {
            call("caller", "08001234599", 1, "500");
            desk.expectSuccess();
            mobile.expectSuccess();
            assertThat(cancelReasons(mobile.messages())).containsExactly(Optional.of(COMPLETED_ELSEWHERE));
            assertThat(cancelReasons(desk.messages())).isEmpty();
        }
    }

    /** Queue q2597 rings 2011 and 2012; 2011 answers: 2012's CANCEL says completed elsewhere, and both end idle. */
    @Test
    void theOtherRingAllAgentIsCancelledAsCompletedElsewhere() throws Exception {
        try (Phone taker = Phone.start(work, "taker", "2011", "uas_answer.xml", "-m", "1", "-d", "300");
             Phone other = Phone.start(work, "other", "2012", "uas_ring_cancel.xml", "-m", "1")) {
            call("caller", "08001234597", 1, "1000");
            taker.expectSuccess();
            other.expectSuccess();
            assertThat(cancelReasons(other.messages())).containsExactly(Optional.of(COMPLETED_ELSEWHERE));
            assertThat(records.await(r -> r.dialled().equals("08001234597")).queue().agent()).isEqualTo("2011");
            awaitAgent("2011", AgentState.AVAILABLE);
            awaitAgent("2012", AgentState.AVAILABLE);
        }
    }

    /** The caller hangs up while both agents of q2596 ring: both CANCELs carry no Reason (missed calls). */
    @Test
    void aCallerHangingUpCancelsBothAgentsWithoutAReason() throws Exception {
        try (Phone first = Phone.start(work, "first", "2009", "uas_ring_cancel.xml", "-m", "1");
             Phone second = Phone.start(work, "second", "2010", "uas_ring_cancel.xml", "-m", "1")) {
            call("caller", "08001234596", 1, "1000");
            first.expectSuccess();
            second.expectSuccess();
            assertThat(cancelReasons(first.messages())).containsExactly(Optional.empty());
            assertThat(cancelReasons(second.messages())).containsExactly(Optional.empty());
            awaitAgent("2009", AgentState.AVAILABLE);
            awaitAgent("2010", AgentState.AVAILABLE);
        }
    }

    /** How an agent's phone saw one call of the race. */
    enum Outcome {
        /** 200, ACK, then the BYE (no Reason) when the caller hung up. */
        TOOK_IT,
        /** CANCEL (completed elsewhere) while ringing, 487, ACK. */
        CANCELLED,
        /** Its 200 crossed the winner's: ACK, then BYE (completed elsewhere), after a CANCEL or not. */
        CROSSED,
        /** Anything else. */
        WRONG
    }

    /**
     * Queue q2598 rings 2013 and 2014, two SIPp phones that both ring exactly 200 ms and answer: RACES calls in a
     * row. Every call must be bridged to exactly one of them (SIPp caller: every call successful; the call record
     * names that agent); the other's phone got CANCEL or ACK+BYE, each saying completed elsewhere; no SIPp phone saw
     * an unexpected message; and afterwards both agents are idle.
     */
    @Test
    void twoAgentsAnsweringAtTheSameInstantAreNeverBothBridged() throws Exception {
        String timeout = (RACES * 2 + 30) + "s";
        try (Phone a = Phone.start(work, "race-a", "2013", "uas_answer_race.xml", "-m", Integer.toString(RACES),
                "-timeout", timeout);
             Phone b = Phone.start(work, "race-b", "2014", "uas_answer_race.xml", "-m", Integer.toString(RACES),
                     "-timeout", timeout)) {
            // one call a second, each held 700 ms (the ring is 200 ms): the agents are idle again before the next call
            call("race-caller", "08001234598", RACES, "700", "-r", "1", "-timeout", timeout);
            a.expectSuccess();
            b.expectSuccess();

            Map<String, List<SippTrace.Message>> seenByA = SippTrace.byCall(a.messages());
            Map<String, List<SippTrace.Message>> seenByB = SippTrace.byCall(b.messages());
            assertThat(seenByA.keySet()).as("both agents rang for every call").hasSize(RACES)
                    .containsExactlyInAnyOrderElementsOf(seenByB.keySet());
            Map<Outcome, Integer> tally = new EnumMap<>(Outcome.class);
            Map<String, Integer> taken = new java.util.TreeMap<>();
            List<String> wrong = new ArrayList<>();
            for (String callId : seenByA.keySet()) {
                Outcome oa = outcome(seenByA.get(callId));
                Outcome ob = outcome(seenByB.get(callId));
                tally.merge(oa, 1, Integer::sum);
                tally.merge(ob, 1, Integer::sum);
                boolean oneTook = (oa == Outcome.TOOK_IT) != (ob == Outcome.TOOK_IT);
                Outcome loser = oa == Outcome.TOOK_IT ? ob : oa;
                if (!oneTook || loser == Outcome.WRONG) {
                    wrong.add(callId + ": 2013 " + oa + ", 2014 " + ob);
                } else {
                    taken.merge(oa == Outcome.TOOK_IT ? "2013" : "2014", 1, Integer::sum);
                }
            }
            log.info("ring_all race, {} calls: phones saw {}; calls taken by {}", RACES, tally, taken);
            assertThat(wrong).as("calls not bridged to exactly one agent, or a loser not told").isEmpty();

            List<CallRecord> calls = records.all.stream().filter(r -> r.dialled().equals("08001234598")).toList();
            assertThat(calls).hasSize(RACES);
            assertThat(calls).allSatisfy(r -> assertThat(r.endReason()).isEqualTo("BYE from caller"));
            Map<String, Integer> recorded = calls.stream().collect(Collectors.toMap(r -> r.queue().agent(), r -> 1,
                    Integer::sum, java.util.TreeMap::new));
            assertThat(recorded).as("the agent each call record names").isEqualTo(taken);
            awaitAgent("2013", AgentState.AVAILABLE);
            awaitAgent("2014", AgentState.AVAILABLE);
            assertThat(engine.queues().stats("q2598").get(2, java.util.concurrent.TimeUnit.SECONDS).answered())
                    .isEqualTo(RACES);
        }
    }

    /** What one call of the race looked like on one phone, from its message trace. */
    static Outcome outcome(List<SippTrace.Message> messages) {
        List<SippTrace.Message> in = messages.stream().filter(SippTrace.Message::received).toList();
        List<SippTrace.Message> out = messages.stream().filter(m -> !m.received()).toList();
        List<Optional<String>> cancels = in.stream().filter(m -> m.isRequest("CANCEL"))
                .map(m -> m.header("Reason")).distinct().toList();
        List<Optional<String>> byes = in.stream().filter(m -> m.isRequest("BYE"))
                .map(m -> m.header("Reason")).distinct().toList();
        boolean answered = out.stream().anyMatch(m -> m.isResponse(200, "INVITE"));
        boolean terminated = out.stream().anyMatch(m -> m.isResponse(487, "INVITE"));
        boolean acked = in.stream().anyMatch(m -> m.isRequest("ACK"));
        Optional<String> elsewhere = Optional.of(COMPLETED_ELSEWHERE);
        if (!acked) {
            return Outcome.WRONG;
        }
        if (answered && cancels.isEmpty() && byes.equals(List.of(Optional.empty()))) {
            return Outcome.TOOK_IT;
        }
        if (!answered && terminated && cancels.equals(List.of(elsewhere)) && byes.isEmpty()) {
            return Outcome.CANCELLED;
        }
        if (answered && (cancels.isEmpty() || cancels.equals(List.of(elsewhere))) && byes.equals(List.of(elsewhere))) {
            return Outcome.CROSSED;
        }
        return Outcome.WRONG;
    }

    /** The Reason header of each CANCEL the phone received (retransmissions once). */
    private static List<Optional<String>> cancelReasons(List<SippTrace.Message> messages) {
        return SippTrace.byCall(messages).values().stream()
                .flatMap(call -> call.stream().filter(m -> m.received() && m.isRequest("CANCEL"))
                        .map(m -> m.header("Reason")).distinct())
                .toList();
    }

    /** A carrier (SIPp, trunk_uac.xml) makes {@code calls} calls to {@code number}, each held {@code holdMs}. */
    private void call(String name, String number, int calls, String holdMs, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-m", Integer.toString(calls), "-l", "1", "-s", number,
                "-key", "caller", "5511987654321", "-d", holdMs, "-trace_msg", "-message_file",
                work.resolve(name + ".msg").toString()));
        args.addAll(List.of(extra));
        List<String> command = Peers.sipp(port, "trunk_uac.xml", EngineFixture.freePort(), EngineFixture.freePort(),
                args.toArray(String[]::new));
        try (Peers.Proc caller = new Peers.Proc(command, work.resolve(name + ".log"), work)) {
            assertThat(caller.waitFor(calls * 3L + 30)).as(caller.output()).isZero();
        }
    }

    private static void awaitAgent(String agent, AgentState state) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        Optional<AgentState> seen;
        do {
            seen = engine.queues().agentState(agent).get(2, java.util.concurrent.TimeUnit.SECONDS);
        } while (!seen.equals(Optional.of(state)) && System.nanoTime() < deadline);
        assertThat(seen).as("agent " + agent).contains(state);
    }

    /**
     * A SIPp phone: registered as {@code extension} from its own port, then running {@code scenario} on that port
     * with its messages traced; un-registered on close.
     */
    static final class Phone implements AutoCloseable {
        final String extension;
        final int sipPort;
        final int mediaPort;
        final Path work;
        final Path trace;
        final Peers.Proc process;

        private Phone(String extension, int sipPort, int mediaPort, Path work, Path trace, Peers.Proc process) {
            this.extension = extension;
            this.sipPort = sipPort;
            this.mediaPort = mediaPort;
            this.work = work;
            this.trace = trace;
            this.process = process;
        }

        static Phone start(Path work, String name, String extension, String scenario, String... extra)
                throws Exception {
            int sipPort = EngineFixture.freePort();
            int mediaPort = EngineFixture.freePort();
            Peers.register(port, extension, sipPort, mediaPort, 300, work);
            Path trace = work.resolve(name + ".msg");
            List<String> args = new ArrayList<>(List.of(extra));
            args.addAll(List.of("-trace_msg", "-message_file", trace.toString(), "-trace_err", "-error_file",
                    work.resolve(name + ".err").toString()));
            Peers.Proc process = new Peers.Proc(Peers.sipp(port, scenario, sipPort, mediaPort,
                    args.toArray(String[]::new)), work.resolve(name + ".log"), work);
            return new Phone(extension, sipPort, mediaPort, work, trace, process);
        }

        /** The scenario ran every call it was given to the end (SIPp exit code 0). */
        void expectSuccess() throws Exception {
            int rc = process.waitFor(60);
            assertThat(rc).as(extension + ": " + process.output() + errors()).isZero();
        }

        List<SippTrace.Message> messages() throws Exception {
            return Files.exists(trace) ? SippTrace.read(trace) : List.of();
        }

        private String errors() throws Exception {
            Path err = work.resolve(trace.getFileName().toString().replace(".msg", ".err"));
            return Files.exists(err) ? Files.readString(err, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        }

        @Override
        public void close() throws java.io.IOException {
            process.close();
            try {
                Peers.register(port, extension, sipPort, mediaPort, 0, work);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
