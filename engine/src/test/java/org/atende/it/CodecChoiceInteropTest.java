package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atende.call.CallRecord;
import org.atende.engine.Engine;
import org.atende.media.player.WavFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legs with differing codec lists between real peers (issue 9): SIPp as the carrier or as an agent phone, baresip
 * as the phone, each restricted to some codecs (baresip answers in the order of our offer, SIPp in the order it
 * is given). Each call must end with the codec each leg should have: one that
 * both legs share whenever there is one (and then not one packet transcoded), different codecs only when there
 * is none. SIPp echoes the RTP that reaches it, so the baresip phone hearing its own tone proves the audio
 * crossed both legs both ways.
 */
class CodecChoiceInteropTest {

    @TempDir
    static Path data;

    @TempDir
    Path work;

    static Engine engine;
    static int port;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        port = EngineFixture.freePort();
        engine = EngineFixture.start(port, data, "MD5");
        engine.addCallObserver(records);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @BeforeEach
    void needPeers() {
        Peers.require("sipp");
        Peers.require("baresip");
        records.all.clear();
    }

    /** How a call went: its record and the audio packets the engine relayed untouched and transcoded. */
    private record Outcome(CallRecord record, long relayed, long transcoded) {
        String codec(String leg) {
            return record.media().stream().filter(m -> m.leg().equals(leg)).findFirst().orElseThrow().codec();
        }
    }

    @Test
    void pcmaOnlyPhoneReachingAnAgentThatAnswersPcmuAndPcmaIsNotTranscoded() throws Exception {
        Outcome call = phoneCallsAgent("pcma", "0 8 101");
        assertThat(call.codec("caller")).isEqualTo("PCMA");
        assertThat(call.codec("callee")).as("listed second in the agent's answer, but the caller's").isEqualTo("PCMA");
        assertThat(call.transcoded()).as("packets transcoded").isZero();
        assertThat(call.relayed()).as("packets relayed").isGreaterThan(100);
    }

    @Test
    void phoneOfferingBothReachesAPcmaOnlyAgentAndBothLegsUsePcma() throws Exception {
        Outcome call = phoneCallsAgent("pcmu,pcma", "8 101");
        assertThat(call.codec("callee")).isEqualTo("PCMA");
        assertThat(call.codec("caller")).as("the phone offered PCMA: our answer, sent once the agent answered, takes it")
                .isEqualTo("PCMA");
        assertThat(call.transcoded()).as("packets transcoded").isZero();
    }

    @Test
    void carrierOfferingBothReachesAPcmaOnlyPhoneAndBothLegsUsePcma() throws Exception {
        Outcome call = carrierCallsPhone("0 8 101", "pcma");
        assertThat(call.codec("callee")).isEqualTo("PCMA");
        assertThat(call.codec("caller")).as("the carrier offered PCMA: our answer, sent once the phone answered, takes it")
                .isEqualTo("PCMA");
        assertThat(call.transcoded()).as("packets transcoded").isZero();
        assertThat(call.relayed()).as("packets relayed").isGreaterThan(100);
    }

    @Test
    void carrierAndPhoneWithNoCodecInCommonAreTranscoded() throws Exception {
        Outcome call = carrierCallsPhone("0 101", "pcma");
        assertThat(call.codec("caller")).isEqualTo("PCMU");
        assertThat(call.codec("callee")).isEqualTo("PCMA");
        assertThat(call.transcoded()).as("packets transcoded").isGreaterThan(100);
    }

    /**
     * A baresip phone, 1002 with {@code phoneCodecs} sending a 1000 Hz tone, calls 1004: a SIPp agent answering
     * {@code agentCodecs} and echoing the RTP it gets. The phone hangs up after 3 s of audio back.
     */
    private Outcome phoneCallsAgent(String phoneCodecs, String agentCodecs) throws Exception {
        Path tone = work.resolve("tone.wav");
        Baresip.writeTone(tone, 1000, 60);
        int agentSip = EngineFixture.freePort();
        int agentMedia = EngineFixture.freePort();
        long relayed = engine.mediaCounters().relayedPackets.sum();
        long transcoded = engine.mediaCounters().transcodedPackets.sum();
        Peers.register(port, "1004", agentSip, agentMedia, 300, work);
        try (Peers.Proc agent = new Peers.Proc(Peers.sipp(port, "uas_answer_codecs.xml", agentSip, agentMedia, "-m", "1",
                "-key", "codecs", agentCodecs, "-rtp_echo", "-d", "200",
                "-trace_msg", "-message_file", work.resolve("agent.msg").toString()), work.resolve("agent.log"), work);
             Baresip phone = new Baresip(work.resolve("phone"), "1002", "demo1002", port, EngineFixture.freePort(),
                     EngineFixture.freePort(), tone, false, ";audio_codecs=" + phoneCodecs)) {
            phone.awaitRegistered();
            phone.connect();
            phone.command("dial", "sip:1004@127.0.0.1");
            phone.awaitEvent("CALL_ESTABLISHED", 15);
            awaitReceivedAudio(recordings(work), 3);
            phone.command("hangup", "");
            phone.awaitEvent("CALL_CLOSED", 10);
            assertThat(agent.waitFor(30)).as(agent.output()).isZero();
        } finally {
            Peers.register(port, "1004", agentSip, agentMedia, 0, work);
        }
        Outcome call = new Outcome(records.await(r -> r.media().size() == 2),
                engine.mediaCounters().relayedPackets.sum() - relayed,
                engine.mediaCounters().transcodedPackets.sum() - transcoded);
        assertHearsItself(recordings(work));
        return call;
    }

    /**
     * The carrier (SIPp offering {@code codecs}, echoing the RTP it gets) calls 0800 123 4567, which rings 1001:
     * a baresip phone with {@code phoneCodecs} sending a 1000 Hz tone, which must hear it back.
     */
    private Outcome carrierCallsPhone(String codecs, String phoneCodecs) throws Exception {
        Path tone = work.resolve("tone.wav");
        Baresip.writeTone(tone, 1000, 60);
        long relayed = engine.mediaCounters().relayedPackets.sum();
        long transcoded = engine.mediaCounters().transcodedPackets.sum();
        try (Baresip phone = new Baresip(work.resolve("phone"), "1001", "demo1001", port, EngineFixture.freePort(),
                EngineFixture.freePort(), tone, true, ";audio_codecs=" + phoneCodecs)) {
            phone.awaitRegistered();
            phone.connect();
            List<String> sipp = Peers.sipp(port, "trunk_uac_codecs.xml", EngineFixture.freePort(),
                    EngineFixture.freePort(), "-m", "1", "-s", "08001234567", "-key", "caller", "5511987654321",
                    "-key", "codecs", codecs, "-rtp_echo", "-d", "4000",
                    "-trace_msg", "-message_file", work.resolve("carrier.msg").toString());
            try (Peers.Proc carrier = new Peers.Proc(sipp, work.resolve("carrier.log"), work)) {
                phone.awaitEvent("CALL_ESTABLISHED", 15);
                assertThat(carrier.waitFor(30)).as(carrier.output() + Files.readString(work.resolve("carrier.msg")))
                        .isZero();
            }
            phone.awaitEvent("CALL_CLOSED", 10);
        }
        Outcome call = new Outcome(records.await(r -> r.dialled().equals("08001234567")),
                engine.mediaCounters().relayedPackets.sum() - relayed,
                engine.mediaCounters().transcodedPackets.sum() - transcoded);
        assertHearsItself(recordings(work));
        return call;
    }

    /** Where the phone's received-audio dump goes. */
    private static Path recordings(Path work) {
        return work.resolve("phone/rec");
    }

    /** Waits until baresip's received-audio dump in {@code recDir} holds {@code seconds} of audio. */
    private static void awaitReceivedAudio(Path recDir, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            Path dec = decoded(recDir);
            if (dec != null && Files.size(dec) > 44 + 2L * 8000 * seconds) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100); // another process's file: no event to wait on
        }
        throw new AssertionError("baresip did not receive " + seconds + " s of audio in " + recDir);
    }

    private static Path decoded(Path recDir) throws Exception {
        if (!Files.isDirectory(recDir)) {
            return null;
        }
        try (var files = Files.list(recDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).findFirst().orElse(null);
        }
    }

    /** The phone heard its own 1000 Hz tone, echoed by SIPp through both legs. */
    private static void assertHearsItself(Path recDir) throws Exception {
        Path dec = decoded(recDir);
        assertThat(dec).as("baresip's received-audio dump in " + recDir).isNotNull();
        short[] samples = WavFile.read(dec).samples();
        assertThat(samples.length).as("seconds of received audio in " + dec).isGreaterThan(8000 * 2);
        int from = 4000; // skip the jitter buffer's start
        assertThat(Tones.power(samples, from, 8000, 1000)).as("%s: its own tone back through both legs", dec)
                .isGreaterThan(0.5 * Tones.energy(samples, from, 8000));
    }
}
