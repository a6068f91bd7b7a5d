package org.atende.media.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the Brazilian Portuguese demo prompts shipped on the classpath under
 * {@code org/atende/prompts/pt-BR/} (made by {@code tools/prompts/make-demo-prompts.sh}): every file
 * is there, parses as 8 kHz mono 16-bit PCM with the canonical 44-byte header, lasts between 0.3 s
 * and 12 s, is audible and not clipped, and all of them together stay small.
 */
class DemoPromptsTest {

    private static final String DIR = "/org/atende/prompts/pt-BR/";
    private static final List<String> PROMPTS = List.of(
            "bem-vindo", "gravacao", "menu-principal", "opcao-invalida", "nao-entendi", "transferindo",
            "fora-do-horario", "obrigado", "digite-cpf", "voce-digitou", "confirmar", "csat", "aguarde", "posicao-na-fila", "nps");
    private static final Duration MIN_DURATION = Duration.ofMillis(300);
    private static final Duration MAX_DURATION = Duration.ofSeconds(12);
    /** −30 dBFS: the shipped files are around −20 dBFS RMS, silence or a near-mute file is far below. */
    private static final double MIN_RMS = 32768 * Math.pow(10, -30 / 20.0);
    /** At most 0.1 % of the samples may sit at full scale. */
    private static final double MAX_CLIPPED_FRACTION = 0.001;
    private static final long MAX_TOTAL_BYTES = 1_500_000;

    static Stream<String> files() {
        return Stream.concat(
                PROMPTS.stream().map(p -> p + ".wav"),
                IntStream.rangeClosed(0, 9).mapToObj(d -> "digitos/" + d + ".wav"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void promptIsCanonical8kHzMonoPcm(String file) throws IOException {
        byte[] wav = load(file);
        ByteBuffer h = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(ascii(wav, 0)).isEqualTo("RIFF");
        assertThat(ascii(wav, 8)).isEqualTo("WAVE");
        assertThat(ascii(wav, 12)).isEqualTo("fmt ");
        assertThat(h.getInt(16)).as("fmt size").isEqualTo(16);
        assertThat(h.getShort(20)).as("format").isEqualTo((short) 1);
        assertThat(h.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(h.getInt(24)).as("sample rate").isEqualTo(8000);
        assertThat(h.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(ascii(wav, 36)).isEqualTo("data");
        assertThat(h.getInt(40)).as("data size").isEqualTo(wav.length - 44);
        assertThat(h.getInt(4)).as("RIFF size").isEqualTo(wav.length - 8);
    }

    @ParameterizedTest
    @MethodSource("files")
    void promptIsAudibleUnclippedAndOfSensibleLength(String file) throws IOException {
        Prompt prompt = WavFile.parse(load(file), file);

        assertThat(problems(prompt)).as(file + " " + prompt).isEmpty();
    }

    @Test
    void allPromptsTogetherStayUnderOneAndAHalfMegabytes() throws IOException {
        long total = 0;
        for (String file : files().toList()) {
            total += load(file).length;
        }

        assertThat(total).isLessThan(MAX_TOTAL_BYTES);
    }

    @Test
    void checksRejectSilentQuietClippedShortAndLongAudio() {
        short[] speechLike = tone(8000, 8000);

        assertThat(problems(new Prompt(speechLike))).isEmpty();
        assertThat(problems(new Prompt(new short[8000]))).singleElement().asString().contains("RMS");
        assertThat(problems(new Prompt(tone(8000, 500)))).singleElement().asString().contains("RMS");
        assertThat(problems(new Prompt(tone(8000, 40000)))).singleElement().asString().contains("clipped");
        assertThat(problems(new Prompt(tone(2000, 8000)))).singleElement().asString().contains("duration");
        assertThat(problems(new Prompt(tone(12 * 8000 + 1, 8000)))).singleElement().asString().contains("duration");
    }

    /** What is wrong with {@code prompt} as a shipped prompt; empty when nothing is. */
    static List<String> problems(Prompt prompt) {
        List<String> problems = new ArrayList<>();
        Duration d = prompt.duration();
        if (d.compareTo(MIN_DURATION) < 0 || d.compareTo(MAX_DURATION) > 0) {
            problems.add("duration " + d.toMillis() + " ms outside [300 ms, 12 s]");
        }
        short[] s = prompt.samples();
        double sumSquares = 0;
        int clipped = 0;
        for (short x : s) {
            sumSquares += (double) x * x;
            if (x >= Short.MAX_VALUE || x <= -Short.MAX_VALUE) {
                clipped++;
            }
        }
        double rms = s.length == 0 ? 0 : Math.sqrt(sumSquares / s.length);
        if (rms <= MIN_RMS) {
            problems.add(String.format("RMS %.0f at or below %.0f (-30 dBFS): silent or too quiet", rms, MIN_RMS));
        }
        if (clipped > MAX_CLIPPED_FRACTION * s.length) {
            problems.add(clipped + " of " + s.length + " samples clipped at full scale");
        }
        return problems;
    }

    /** A 400 Hz sine of {@code amplitude}, saturated at 16 bits when {@code amplitude} is above full scale. */
    private static short[] tone(int samples, int amplitude) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            double v = amplitude * Math.sin(2 * Math.PI * 400 * i / Prompt.SAMPLE_RATE);
            s[i] = (short) Math.max(-Short.MAX_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return s;
    }

    private static byte[] load(String file) throws IOException {
        try (InputStream in = DemoPromptsTest.class.getResourceAsStream(DIR + file)) {
            assertThat(in).as("classpath resource " + DIR + file).isNotNull();
            return in.readAllBytes();
        }
    }

    private static String ascii(byte[] b, int offset) {
        return new String(b, offset, 4, StandardCharsets.US_ASCII);
    }
}
