package org.atende.media.player;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.atende.media.codec.G711;
import org.atende.media.recorder.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileTest {

    @TempDir
    Path dir;

    static byte[] fmt(int format, int channels, int rate, int bits) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        int align = channels * bits / 8;
        b.putShort((short) format).putShort((short) channels).putInt(rate).putInt(rate * align)
                .putShort((short) align).putShort((short) bits);
        return b.array();
    }

    static byte[] chunk(String id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(body.length).put(body);
        return b.array();
    }

    static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            out.writeBytes(c);
        }
        byte[] body = out.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(4 + body.length)
                .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(body);
        return b.array();
    }

    static byte[] pcm(short[] s) {
        ByteBuffer b = ByteBuffer.allocate(2 * s.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : s) {
            b.putShort(v);
        }
        return b.array();
    }

    static short[] ramp(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (i * 97 - 15000);
        }
        return s;
    }

    @Test
    void writerMonoRoundTripGivesSameSamples() throws Exception {
        short[] s = ramp(1234);
        Path f = dir.resolve("p.wav");
        try (WavWriter w = WavWriter.open(f, 1)) {
            w.write(s, 1000);
            w.write(java.util.Arrays.copyOfRange(s, 1000, 1234), null, 234);
        }
        Prompt p = WavFile.read(f);
        assertThat(p.samples()).containsExactly(s);
        assertThat(p.duration()).isEqualTo(Duration.ofNanos(1234L * 125_000));
        assertThat(p.frames()).isEqualTo(8);
        short[] frame = new short[160];
        java.util.Arrays.fill(frame, (short) 7);
        p.frame(7, frame);
        assertThat(frame[1233 - 7 * 160]).isEqualTo(s[1233]);
        assertThat(frame[1234 - 7 * 160]).isZero();
        assertThat(frame[159]).isZero();
    }

    @Test
    void ulawAndAlawDecodeToG711Samples() throws Exception {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        Prompt u = WavFile.parse(riff(chunk("fmt ", fmt(7, 1, 8000, 8)), chunk("data", codes)), "u.wav");
        Prompt a = WavFile.parse(riff(chunk("fmt ", fmt(6, 1, 8000, 8)), chunk("data", codes)), "a.wav");
        for (int i = 0; i < 256; i++) {
            assertThat(u.samples()[i]).isEqualTo(G711.ulawToLinear((byte) i));
            assertThat(a.samples()[i]).isEqualTo(G711.alawToLinear((byte) i));
        }
        assertThat(u.samples()[0xFF]).isZero();
    }

    @Test
    void skipsUnknownChunksWithOddPadding() throws Exception {
        short[] s = ramp(10);
        byte[] wav = riff(chunk("LIST", new byte[] {1, 2, 3}), chunk("fmt ", fmt(1, 1, 8000, 16)),
                chunk("fact", new byte[] {9}), chunk("data", pcm(s)), chunk("junk", new byte[5]));
        assertThat(WavFile.parse(wav, "x.wav").samples()).containsExactly(s);
    }

    @Test
    void acceptsExtensibleWithPcmSubformat() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        f.put(fmt(0xFFFE, 1, 8000, 16)).putShort((short) 22).putShort((short) 16).putInt(4)
                .putShort((short) 1).put(new byte[14]);
        short[] s = ramp(50);
        assertThat(WavFile.parse(riff(chunk("fmt ", f.array()), chunk("data", pcm(s))), "e.wav").samples())
                .containsExactly(s);
    }

    @Test
    void refusesUnsupportedFormatsWithClearMessages() {
        byte[] data = chunk("data", new byte[64]);
        expect(riff(chunk("fmt ", fmt(1, 2, 44100, 16)), data),
                "prompt.wav: 44100 Hz stereo 16-bit PCM; Atende needs 8000 Hz mono 16-bit PCM or G.711");
        expect(riff(chunk("fmt ", fmt(1, 1, 16000, 16)), data), "16000 Hz mono");
        expect(riff(chunk("fmt ", fmt(1, 1, 8000, 8)), data), "8000 Hz mono 8-bit PCM; Atende needs");
        expect(riff(chunk("fmt ", fmt(7, 2, 8000, 8)), data), "8000 Hz stereo 8-bit µ-law");
        expect(riff(chunk("fmt ", fmt(3, 1, 8000, 32)), data), "32-bit IEEE float");
        byte[] ok = riff(chunk("fmt ", fmt(1, 1, 8000, 16)), data);
        expect(java.util.Arrays.copyOf(ok, ok.length - 10), "truncated: 'data' chunk declares 64 bytes, 54 present");
        byte[] bad = ok.clone();
        bad[0] = 'X';
        expect(bad, "not a RIFF file");
        bad = ok.clone();
        bad[8] = 'A';
        expect(bad, "expected 'WAVE'");
        expect(riff(data), "no 'fmt ' chunk");
        expect(riff(chunk("fmt ", fmt(1, 1, 8000, 16))), "no 'data' chunk");
        expect(new byte[3], "too short");
        expect(riff(chunk("fmt ", fmt(1, 1, 8000, 16)), chunk("data", new byte[3])), "whole number");
    }

    private static void expect(byte[] wav, String fragment) {
        assertThatThrownBy(() -> WavFile.parse(wav, "prompt.wav"))
                .isInstanceOf(WavFormatException.class)
                .hasMessageStartingWith("prompt.wav: ")
                .hasMessageContaining(fragment);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        byte[] base = riff(chunk("LIST", new byte[] {1, 2, 3}), chunk("fmt ", fmt(1, 1, 8000, 16)),
                chunk("data", pcm(ramp(40))));
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, 60);
        Arbitrary<Byte> val = Arbitraries.bytes();
        return Arbitraries.integers().between(1, 6).flatMap(k -> pos.list().ofSize(k).flatMap(ps ->
                val.list().ofSize(k).flatMap(vs -> Arbitraries.integers().between(0, base.length).map(len -> {
                    byte[] m = java.util.Arrays.copyOf(base, len);
                    for (int i = 0; i < k; i++) {
                        if (ps.get(i) < m.length) {
                            m[ps.get(i)] = vs.get(i);
                        }
                    }
                    return m;
                }))));
    }

    @Property(tries = 1000)
    void mutatedHeadersGiveAPromptOrWavFormatExceptionOnly(@ForAll("mutated") byte[] wav) {
        try {
            Prompt p = WavFile.parse(wav, "m.wav");
            assertThat(p.length()).isGreaterThanOrEqualTo(0);
        } catch (WavFormatException e) {
            assertThat(e.getMessage()).startsWith("m.wav: ");
        }
    }
}
