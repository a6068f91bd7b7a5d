package org.atende.ivr.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.atende.ivr.speech.SpokenNumbers.Gender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpokenNumbersTest {

    @Test
    void twentyOneIsTwentyAndOne() {
        assertThat(SpokenNumbers.ptBr(21, Gender.MASCULINE)).containsExactly(
                "builtin:pt-BR/numeros/20.wav", "builtin:pt-BR/numeros/e.wav", "builtin:pt-BR/numeros/1.wav");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0      | zero
            1      | um
            2      | dois
            12     | doze
            14     | catorze
            16     | dezesseis
            19     | dezenove
            20     | vinte
            21     | vinte e um
            30     | trinta
            99     | noventa e nove
            100    | cem
            101    | cento e um
            103    | cento e três
            110    | cento e dez
            119    | cento e dezenove
            120    | cento e vinte
            199    | cento e noventa e nove
            200    | duzentos
            201    | duzentos e um
            345    | trezentos e quarenta e cinco
            999    | novecentos e noventa e nove
            1000   | mil
            1001   | mil e um
            1010   | mil e dez
            1099   | mil e noventa e nove
            1100   | mil e cem
            1101   | mil cento e um
            1200   | mil e duzentos
            1234   | mil duzentos e trinta e quatro
            2000   | dois mil
            2001   | dois mil e um
            2300   | dois mil e trezentos
            9999   | nove mil novecentos e noventa e nove
            21000  | vinte e um mil
            100000 | cem mil
            100100 | cem mil e cem
            101000 | cento e um mil
            999999 | novecentos e noventa e nove mil novecentos e noventa e nove
            """)
    void masculineNumbersReadAsPeopleSayThem(int n, String text) {
        assertThat(SpeechText.of(SpokenNumbers.ptBr(n, Gender.MASCULINE))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1      | uma
            2      | duas
            3      | três
            12     | doze
            21     | vinte e uma
            22     | vinte e duas
            100    | cem
            101    | cento e uma
            200    | duzentas
            201    | duzentas e uma
            1002   | mil e duas
            2000   | duas mil
            22000  | vinte e duas mil
            200200 | duzentas mil e duzentas
            """)
    void feminineNumbersAgreeInOneTwoAndTheHundreds(int n, String text) {
        assertThat(SpeechText.of(SpokenNumbers.ptBr(n, Gender.FEMININE))).isEqualTo(text);
    }

    @Test
    void everyNumberUpToNineThousandNineHundredNinetyNineUsesOnlyShippedWords() {
        for (int n = 0; n <= 9_999; n++) {
            for (Gender g : Gender.values()) {
                assertThat(SpeechText.NUMBER_WORDS).as("%d %s", n, g).containsKeys(
                        SpokenNumbers.ptBr(n, g).toArray(String[]::new));
            }
        }
    }

    /** The list DemoPromptsTest (module media) checks is shipped, so that each side fails if the other drifts. */
    @Test
    void thePromptsAreExactlyTheShippedNumberWords() {
        assertThat(SpokenNumbers.prompts()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(SpeechText.NUMBER_WORDS.keySet());
    }

    @Test
    void negativeAndTooLargeNumbersAreRefused() {
        assertThatThrownBy(() -> SpokenNumbers.ptBr(-1, Gender.MASCULINE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpokenNumbers.ptBr(SpokenNumbers.MAX + 1, Gender.MASCULINE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
