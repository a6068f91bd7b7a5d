package org.atende.it;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.atende.call.CallObserver;
import org.atende.call.CallRecord;
import org.atende.media.player.WavFile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.atende.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real baresip phones register to Atende and call each other through it. */
class BaresipCallTest {

    @TempDir
    Path work;

    /** What a tone call left behind: the call's record and the engine's SRTP rejections. */
    private record ToneCall(CallRecord record, long srtpRejected) {
    }

    /**
     * 1002 (sending 600 Hz) calls {@code callee} (auto-answering, sending 1000 Hz) through Atende, both with
     * {@code accountParams}; 3 s of audio flow both ways; 1002 hangs up. Checks the anchoring on the way: two
     * port pairs during the call, none after.
     */
    private ToneCall toneCall(String callee, String accountParams) throws Exception {
        return toneCall(callee, accountParams, false);
    }

    /** As {@link #toneCall(String, String)}; with {@code tls} both phones talk SIP to Atende over TLS. */
    private ToneCall toneCall(String callee, String accountParams, boolean tls) throws Exception {
        Peers.require("baresip");
        int port = EngineFixture.freePort();
        int tlsPort = EngineFixture.freePort();
        String outbound = tls ? "sip:127.0.0.1:" + tlsPort + ";transport=tls" : "sip:127.0.0.1:" + port;
        Path toneA = work.resolve("a600.wav");
        Path toneB = work.resolve("b1000.wav");
        Baresip.writeTone(toneA, 600, 60);
        Baresip.writeTone(toneB, 1000, 60);
        List<CallRecord> ended = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.start(org.atende.config.ConfigLoader.parse(
                     EngineFixture.yamlWithTls(port, tlsPort, work.resolve("data"), "MD5"), "test.yaml",
                     java.util.Map.of()));
             Baresip a = new Baresip(work.resolve("a"), "1002", "demo1002", outbound, EngineFixture.freePort(),
                     EngineFixture.freePort(), toneA, false, accountParams);
             Baresip b = new Baresip(work.resolve("b"), callee, "demo" + callee, outbound, EngineFixture.freePort(),
                     EngineFixture.freePort(), toneB, true, accountParams)) {
            engine.addCallObserver(new CallObserver() {
                @Override
                public void onCallEnded(CallRecord record) {
                    ended.add(record);
                }
            });
            a.awaitRegistered();
            b.awaitRegistered();
            assertThat(engine.openSipConnections()).as("stream connections from the phones").isEqualTo(tls ? 2 : 0);
            a.connect();
            b.connect();
            a.command("dial", "sip:" + callee + "@127.0.0.1");
            a.awaitEvent("CALL_ESTABLISHED", 15);
            b.awaitEvent("CALL_ESTABLISHED", 5);
            assertThat(engine.activeCalls()).isEqualTo(1);
            assertThat(engine.rtpPortsInUse()).as("two anchored legs").isEqualTo(2);
            TimeUnit.SECONDS.sleep(3); // let 3 s of audio flow both ways
            a.command("hangup", "");
            a.awaitEvent("CALL_CLOSED", 10);
            b.awaitEvent("CALL_CLOSED", 10);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ended.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertThat(engine.rtpPortsInUse()).as("ports released at hangup").isZero();
            assertThat(ended).hasSize(1);
            return new ToneCall(ended.get(0), engine.mediaCounters().srtpRejected.sum());
        }
    }

    /**
     * Each phone sends its own tone (A 600 Hz, B 1000 Hz) from a WAV; the media is anchored in Atende; each
     * phone records what it receives (baresip's sndfile module) and must hear the other's tone, not its own.
     */
    @Test
    void twoBaresipPhonesCallEachOtherThroughAtendeAndHearEachOther() throws Exception {
        CallRecord record = toneCall("1003", "").record();
        assertThat(record.media()).hasSize(2);
        for (CallRecord.LegMedia leg : record.media()) {
            assertThat(leg.packetsReceived()).as(leg.leg() + " packets received").isGreaterThan(100);
            assertThat(leg.packetsSent()).as(leg.leg() + " packets sent").isGreaterThan(100);
            assertThat(leg.packetsLost()).as(leg.leg() + " packets lost on loopback").isZero();
            assertThat(leg.mos()).as(leg.leg() + " estimated MOS on a clean loopback").isGreaterThan(4.0);
        }
        assertHears(work.resolve("a/rec"), 1000, 600);
        assertHears(work.resolve("b/rec"), 600, 1000);

        // 1003 records its calls: caller (1002, 600 Hz) on the left, what the caller heard (1000 Hz) on the right
        assertThat(record.recording()).as("recording file").isNotNull();
        short[][] stereo = StereoWav.read(record.recording());
        double seconds = stereo[0].length / 8000.0;
        double talked = java.time.Duration.between(record.answered(), record.ended()).toMillis() / 1000.0;
        assertThat(seconds).as("recording as long as the call").isCloseTo(talked, org.assertj.core.data.Offset.offset(0.1));
        int from = 8000; // one second in
        assertThat(Tones.power(stereo[0], from, 8000, 600)).as("left: the caller's tone")
                .isGreaterThan(0.5 * Tones.energy(stereo[0], from, 8000));
        assertThat(Tones.power(stereo[1], from, 8000, 1000)).as("right: the callee's tone")
                .isGreaterThan(0.5 * Tones.energy(stereo[1], from, 8000));
        assertThat(Tones.power(stereo[0], from, 8000, 1000)).as("no crosstalk on the left")
                .isLessThan(0.01 * Tones.energy(stereo[0], from, 8000));
    }

    /**
     * Encrypted media: both baresips insist on SRTP (RTP/SAVP, SDES keys) and 1005 is configured with
     * {@code srtp: true}, so Atende answers the caller's SAVP offer and offers SAVP to the callee; each leg has
     * its own keys and each phone still hears the other's tone.
     */
    @Test
    void srtpOnBothLegsWithTheirOwnKeys() throws Exception {
        assertEncryptedBothWays(toneCall("1005", ";mediaenc=srtp-mand"));
    }

    /**
     * The mission's "TLS + SRTP": signalling over TLS, so the SDES keys of the SRTP legs never travel in the clear;
     * each phone still hears the other's tone.
     */
    @Test
    void srtpOverTlsSignalling() throws Exception {
        assertEncryptedBothWays(toneCall("1005", ";mediaenc=srtp-mand", true));
    }

    /** Both legs SRTP, no packet refused, and each phone heard the other's tone. */
    private void assertEncryptedBothWays(ToneCall call) throws Exception {
        // (baresip 1.0 sends a few RTCP packets in the clear: APP "PINGPONG" at start and BYE at hangup;
        // they are rightly refused as SRTCP and counted apart, in srtcpRejected, so that counter is not checked)
        assertThat(call.srtpRejected()).as("no SRTP packet failed authentication").isZero();
        for (CallRecord.LegMedia leg : call.record().media()) {
            assertThat(leg.secure()).as(leg.leg() + " leg encrypted").isTrue();
            assertThat(leg.packetsReceived()).as(leg.leg() + " packets received").isGreaterThan(100);
        }
        assertHears(work.resolve("a/rec"), 1000, 600);
        assertHears(work.resolve("b/rec"), 600, 1000);
    }

    /** The received-audio dump in {@code recDir} has a strong {@code hz} tone and little of {@code notHz}. */
    private static void assertHears(Path recDir, double hz, double notHz) throws Exception {
        Path dec;
        try (var files = Files.list(recDir)) {
            dec = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).findFirst()
                    .orElseThrow(() -> new AssertionError("no received-audio dump in " + recDir));
        }
        short[] samples = WavFile.read(dec).samples();
        assertThat(samples.length).as("seconds of received audio in " + dec).isGreaterThan(8000 * 2);
        // skip the first half second (jitter buffer start-up), analyse 1 s
        int from = 4000;
        double want = Tones.power(samples, from, 8000, hz);
        double other = Tones.power(samples, from, 8000, notHz);
        double total = Tones.energy(samples, from, 8000);
        assertThat(want).as("%s: %s Hz carries most of the energy", dec, hz).isGreaterThan(0.5 * total);
        assertThat(other).as("%s: own tone %s Hz not echoed back", dec, notHz).isLessThan(0.05 * want);
    }
}
