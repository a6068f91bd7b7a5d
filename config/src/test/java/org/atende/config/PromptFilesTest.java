package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain-path prompts resolve against the configuration file's directory and must be playable 8 kHz WAV. */
class PromptFilesTest {

    @TempDir
    Path dir;

    /** A WAV header (and a few samples) with a LIST chunk before fmt, as some editors write. */
    static byte[] wav(int format, int channels, int rate, int bits) {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 4 + 8 + 16 + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity() - 8);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(4).put("INFO".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
        b.putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(4).putInt(0);
        return b.array();
    }

    private Path config(String nodes) throws IOException {
        Path file = dir.resolve("atende.yaml");
        Files.writeString(file, FlowConfigTest.BASE + """
                flows:
                  f:
                    start: a
                    nodes:
                """ + nodes + """
                      fim: { hangup: }
                """);
        return file;
    }

    private List<String> problems(Path file) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertThat(e).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void playableWavFilesResolveAgainstTheConfigDirectory() throws Exception {
        Files.createDirectories(dir.resolve("prompts"));
        Files.write(dir.resolve("prompts/pcm.wav"), wav(1, 1, 8000, 16));
        Files.write(dir.resolve("alaw.wav"), wav(6, 1, 8000, 8));
        Files.write(dir.resolve("ulaw.wav"), wav(7, 1, 8000, 8));
        Path file = config("""
                      a: { play: [prompts/pcm.wav, alaw.wav, ulaw.wav], next: fim }
                """);
        Node.Play a = (Node.Play) ConfigLoader.load(file, Map.of()).flow("f").orElseThrow().node("a");
        assertThat(a.prompts()).containsExactly(new Prompt.File(dir.resolve("prompts/pcm.wav")),
                new Prompt.File(dir.resolve("alaw.wav")), new Prompt.File(dir.resolve("ulaw.wav")));
    }

    @Test
    void missingAndUnplayableFilesAreReported() throws Exception {
        Files.write(dir.resolve("wide.wav"), wav(1, 1, 16000, 16));
        Files.write(dir.resolve("stereo.wav"), wav(7, 2, 8000, 8));
        Files.write(dir.resolve("float.wav"), wav(3, 1, 8000, 32));
        Files.write(dir.resolve("pcm8.wav"), wav(1, 1, 8000, 8));
        Files.writeString(dir.resolve("text.wav"), "not audio at all");
        Files.write(dir.resolve("short.wav"), java.util.Arrays.copyOf(wav(1, 1, 8000, 16), 40));
        Path file = config("""
                      a: { play: [nada.wav, wide.wav, stereo.wav, float.wav, pcm8.wav, text.wav, short.wav], next: fim }
                """);
        String path = file.toString();
        assertThat(problems(file)).containsExactly(
                path + ":13: flows.f.nodes.a.play[0]: \"nada.wav\" does not exist (looked for "
                        + dir.resolve("nada.wav") + ")",
                path + ":13: flows.f.nodes.a.play[1]: \"wide.wav\" is 16000 Hz mono PCM 16-bit; " + WavHeader.WANTED,
                path + ":13: flows.f.nodes.a.play[2]: \"stereo.wav\" is 8000 Hz stereo µ-law 8-bit; "
                        + WavHeader.WANTED,
                path + ":13: flows.f.nodes.a.play[3]: \"float.wav\" is 8000 Hz mono format 3; " + WavHeader.WANTED,
                path + ":13: flows.f.nodes.a.play[4]: \"pcm8.wav\" is 8000 Hz mono PCM 8-bit; " + WavHeader.WANTED,
                path + ":13: flows.f.nodes.a.play[5]: \"text.wav\" is not a WAV file (no RIFF/WAVE header)",
                path + ":13: flows.f.nodes.a.play[6]: \"short.wav\" is not a WAV file (its fmt chunk is cut short)");
    }

    @Test
    void builtinPromptsAreNotLookedForOnDisk() throws Exception {
        Path file = config("""
                      a: { play: builtin:pt-BR/nao-existe-aqui.wav, next: fim }
                """);
        Node.Play a = (Node.Play) ConfigLoader.load(file, Map.of()).flow("f").orElseThrow().node("a");
        assertThat(a.prompts()).containsExactly(new Prompt.File(Path.of("builtin:pt-BR/nao-existe-aqui.wav")));
    }
}
