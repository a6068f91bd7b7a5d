package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.atende.call.CallLeg;
import org.atende.call.CallObserver;
import org.atende.call.CallRecord;
import org.atende.engine.Engine;
import org.atende.media.codec.G711;
import org.atende.media.session.DigitSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIPp, as a carrier trunk, calls the echo test number (recorded) and plays real G.711 A-law speech followed by
 * RFC 4733 digits from the captures SIPp ships. The recording's left channel must be that speech (found by
 * cross-correlation, not merely "not silent"), the right channel the echo of it, and the digits must arrive in
 * order.
 */
class SippEchoRecordingTest {

    private static final Path SPEECH = Path.of("/usr/share/sip-tester/g711a.pcap");

    @TempDir
    Path work;

    @Test
    void echoTargetRecordsTheCallersSpeechAndHearsTheDigitsInOrder() throws Exception {
        Peers.require("sipp");
        org.atende.testing.Prerequisite.require(Files.exists(SPEECH), SPEECH + " (SIPp's pcap files) is missing");
        int port = EngineFixture.freePort();
        List<String> digits = new CopyOnWriteArrayList<>();
        List<CallRecord> ended = new CopyOnWriteArrayList<>();
        try (Engine engine = EngineFixture.start(port, work.resolve("data"), "MD5")) {
            engine.addCallObserver(new CallObserver() {
                @Override
                public void onDigit(String callId, CallLeg.Side side, char digit, int durationMs, DigitSource source) {
                    digits.add(digit + " " + side + " " + source + " " + (durationMs > 0));
                }

                @Override
                public void onCallEnded(CallRecord record) {
                    ended.add(record);
                }
            });
            List<String> cmd = Peers.sipp(port, "trunk_pcap_dtmf.xml", EngineFixture.freePort(),
                    EngineFixture.freePort(), "-m", "1", "-s", "08000000043", "-key", "caller", "5511987654321",
                    "-trace_msg", "-message_file", work.resolve("sipp.msg").toString());
            try (Peers.Proc sipp = new Peers.Proc(cmd, work.resolve("sipp.log"), work)) {
                assertThat(sipp.process.waitFor(40, TimeUnit.SECONDS)).as("SIPp finished").isTrue();
                assertThat(sipp.process.exitValue()).as("SIPp call succeeded:\n" + sipp.output()).isZero();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ended.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        assertThat(digits).containsExactly("1 A RFC4733 true", "2 A RFC4733 true", "3 A RFC4733 true",
                "# A RFC4733 true");
        assertThat(ended).hasSize(1);
        CallRecord record = ended.get(0);
        assertThat(record.destination()).isEqualTo("echo");
        assertThat(record.recording()).isNotNull();

        short[] sent = speech();
        short[][] recorded = StereoWav.read(record.recording());
        // speech-rich seconds of what SIPp sent, each searched for in each channel of the recording; one whole
        // second found intact is enough (a CPU stall on a shared CI machine can drop a burst inside another)
        int window = 8000;
        double left = 0;
        double right = 0;
        double control = 0;
        for (int from : loudSeconds(sent, 3)) {
            short[] probe = java.util.Arrays.copyOfRange(sent, from, from + window);
            left = Math.max(left, bestCorrelation(probe, recorded[0]));
            right = Math.max(right, bestCorrelation(probe, recorded[1]));
            control = Math.max(control, bestCorrelation(probe, reversed(recorded[0])));
        }
        assertThat(left).as("the caller's speech on the left channel").isGreaterThan(0.95);
        assertThat(right).as("the echo (what the caller heard) on the right channel").isGreaterThan(0.95);
        assertThat(control).as("control: not any audio correlates").isLessThan(0.5);
    }

    /** The A-law payloads of the capture, decoded and concatenated (Ethernet/IPv4/UDP/RTP, no gaps). */
    private static short[] speech() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(SPEECH)).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream alaw = new ByteArrayOutputStream();
        int at = 24;
        while (at + 16 <= b.limit()) {
            int included = b.getInt(at + 8);
            int ip = at + 16 + 14;
            int rtp = ip + (b.get(ip) & 0x0F) * 4 + 8;
            int headerLength = 12 + 4 * (b.get(rtp) & 0x0F);
            int end = at + 16 + included;
            alaw.write(b.array(), rtp + headerLength, end - rtp - headerLength);
            at = end;
        }
        byte[] codes = alaw.toByteArray();
        short[] pcm = new short[codes.length];
        G711.decodeAlaw(codes, 0, codes.length, pcm, 0);
        return pcm;
    }

    /** The starts of the {@code n} loudest seconds that do not overlap, loudest first. */
    private static List<Integer> loudSeconds(short[] s, int n) {
        List<Integer> starts = new java.util.ArrayList<>();
        for (int from = 0; from + 8000 <= s.length; from += 800) {
            starts.add(from);
        }
        starts.sort(java.util.Comparator.comparingDouble((Integer from) -> -Tones.energy(s, from, 8000)));
        List<Integer> chosen = new java.util.ArrayList<>();
        for (int from : starts) {
            if (chosen.size() == n) {
                break;
            }
            if (chosen.stream().allMatch(c -> Math.abs(c - from) >= 8000)) {
                chosen.add(from);
            }
        }
        return chosen;
    }

    /** Highest normalised cross-correlation of {@code probe} against every offset of {@code signal}. */
    private static double bestCorrelation(short[] probe, short[] signal) {
        double probeNorm = Math.sqrt(Tones.energy(probe, 0, probe.length));
        double best = 0;
        double windowEnergy = Tones.energy(signal, 0, probe.length);
        for (int lag = 0; lag + probe.length <= signal.length; lag++) {
            if (lag > 0) {
                double out = signal[lag - 1];
                double in = signal[lag + probe.length - 1];
                windowEnergy += in * in - out * out;
            }
            if (windowEnergy <= 0) {
                continue;
            }
            double dot = 0;
            for (int i = 0; i < probe.length; i++) {
                dot += (double) probe[i] * signal[lag + i];
            }
            best = Math.max(best, dot / (probeNorm * Math.sqrt(windowEnergy)));
        }
        return best;
    }

    private static short[] reversed(short[] s) {
        short[] r = new short[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = s[s.length - 1 - i];
        }
        return r;
    }
}
