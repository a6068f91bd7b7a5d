package org.atende.ivr.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class QueueSpeechTest {

    private static final String WAIT = "O tempo estimado de espera é de ";

    @Test
    void theNextCallIsToldItIsNext() {
        assertThat(QueueSpeech.position(1)).containsExactly("builtin:pt-BR/proxima-a-ser-atendida.wav");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            2   | dois
            12  | doze
            21  | vinte e um
            101 | cento e um
            """)
    void aLaterCallHearsItsPositionAsANumber(int position, String number) {
        assertThat(SpeechText.of(QueueSpeech.position(position))).isEqualTo("Sua posição na fila é " + number);
        assertThat(QueueSpeech.position(position)).first().isEqualTo("builtin:pt-BR/posicao-na-fila.wav");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void aPositionBelowOneIsRefused(int position) {
        assertThatThrownBy(() -> QueueSpeech.position(position)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0s      | menos de um minuto
            59.9s   | menos de um minuto
            60s     | um minuto
            61s     | dois minutos
            120s    | dois minutos
            3m      | três minutos
            9m59s   | dez minutos
            10m     | dez minutos
            10m1s   | cerca de quinze minutos
            15m     | cerca de quinze minutos
            15m1s   | cerca de vinte minutos
            29m     | cerca de trinta minutos
            30m     | cerca de trinta minutos
            30m0.5s | mais de trinta minutos
            2h      | mais de trinta minutos
            """)
    void theWaitIsRoundedUpTheWayPeopleSayIt(String estimate, String said) {
        assertThat(SpeechText.of(QueueSpeech.estimatedWait(duration(estimate)))).isEqualTo(WAIT + said);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            45m | cerca de quarenta e cinco minutos
            60m | cerca de sessenta minutos
            61m | mais de sessenta minutos
            """)
    void theCapCanBeRaised(String estimate, String said) {
        assertThat(SpeechText.of(QueueSpeech.estimatedWait(duration(estimate), 60))).isEqualTo(WAIT + said);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 12, 31})
    void aCapBelowTenOrNotAMultipleOfFiveIsRefused(int cap) {
        assertThatThrownBy(() -> QueueSpeech.estimatedWait(Duration.ZERO, cap))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNegativeEstimateIsRefused() {
        assertThatThrownBy(() -> QueueSpeech.estimatedWait(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePromptsAreThePhrasesAndTheNumberWords() {
        assertThat(QueueSpeech.prompts()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(
                concat(List.copyOf(SpeechText.PHRASES.keySet()), List.copyOf(SpeechText.NUMBER_WORDS.keySet())));
    }

    /**
     * The caller is never served later than it was told: the minutes said are at least the estimate, and at most a
     * rounding step (1 minute up to 10, then 5) above it; past the cap it is told "mais de" the cap.
     */
    @Property(tries = 2000)
    void theSaidWaitIsNeverBeatenAndAtMostOneStepLonger(@ForAll @LongRange(max = 7_200_000) long millis,
                                                       @ForAll @IntRange(min = 2, max = 24) int capInFives) {
        Duration estimate = Duration.ofMillis(millis);
        int cap = capInFives * 5;
        List<String> prompts = QueueSpeech.estimatedWait(estimate, cap);
        String text = SpeechText.of(prompts);
        assertThat(QueueSpeech.prompts()).containsAll(prompts);

        if (millis < 60_000) {
            assertThat(text).isEqualTo(WAIT + "menos de um minuto");
            return;
        }
        int said = minutes(prompts);
        if (text.startsWith(WAIT + "mais de ")) {
            assertThat(said).isEqualTo(cap);
            assertThat(estimate).isGreaterThan(Duration.ofMinutes(cap));
            return;
        }
        assertThat(Duration.ofMinutes(said)).isGreaterThanOrEqualTo(estimate);
        int step = said <= QueueSpeech.EXACT_UP_TO_MINUTES ? 1 : 5;
        assertThat(Duration.ofMinutes(said).minus(estimate)).isLessThan(Duration.ofMinutes(step));
        assertThat(text).startsWith(said <= QueueSpeech.EXACT_UP_TO_MINUTES ? WAIT : WAIT + "cerca de ")
                .endsWith(said == 1 ? " um minuto" : " minutos");
    }

    /** The number of minutes in an estimate's prompts, read back from the number words. */
    private static int minutes(List<String> prompts) {
        int n = 0;
        for (String p : prompts) {
            if (SpeechText.NUMBER_WORDS.containsKey(p)) {
                String name = p.substring(SpokenNumbers.DIR.length(), p.length() - ".wav".length());
                n += switch (name) {
                    case "e" -> 0;
                    case "cento" -> 100;
                    default -> Integer.parseInt(name);
                };
            }
        }
        return n;
    }

    /** "10m1s", "59.9s", "2h" as a Duration. */
    private static Duration duration(String s) {
        return Duration.parse("PT" + s.toUpperCase());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
