package org.atende.ivr.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.atende.ivr.speech.SpokenNumbers.Gender;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Any number from 0 to 999 999: the words are shipped files, add back up to the number, carry "e" where Portuguese
 * puts it, and the feminine differs from the masculine only in the words that agree.
 */
class SpokenNumbersProperties {

    @Property(tries = 2000)
    void everyWordIsAShippedPrompt(@ForAll @IntRange(max = SpokenNumbers.MAX) int n, @ForAll Gender gender) {
        assertThat(SpeechText.NUMBER_WORDS).containsKeys(SpokenNumbers.ptBr(n, gender).toArray(String[]::new));
    }

    /** Read back the way a listener does: values add up, "mil" multiplies what came before it (or 1). */
    @Property(tries = 2000)
    void theWordsAddBackUpToTheNumber(@ForAll @IntRange(max = SpokenNumbers.MAX) int n, @ForAll Gender gender) {
        int total = 0;
        int group = 0;
        for (String word : names(SpokenNumbers.ptBr(n, gender))) {
            switch (word) {
                case "e" -> { }
                case "cento" -> group += 100;
                case "1000" -> {
                    total += Math.max(group, 1) * 1000;
                    group = 0;
                }
                default -> group += Integer.parseInt(word.replace("f", ""));
            }
        }

        assertThat(total + group).isEqualTo(n);
    }

    /**
     * Below a thousand, "e" joins every two parts (duzentos e trinta e quatro); after "mil" it comes only before a
     * rest below 100 or a whole hundred (mil e um, mil e cem; mil duzentos e trinta); never first, last or twice.
     */
    @Property(tries = 2000)
    void theConjunctionStandsWherePortuguesePutsIt(@ForAll @IntRange(max = SpokenNumbers.MAX) int n) {
        List<String> words = names(SpokenNumbers.ptBr(n, Gender.MASCULINE));
        int thousand = words.indexOf("1000");
        List<String> before = thousand < 0 ? List.of() : words.subList(0, thousand);
        List<String> after = words.subList(thousand + 1, words.size());
        int rest = n % 1000;

        assertJoinedByE(before);
        if (thousand >= 0 && rest > 0) {
            boolean joined = rest < 100 || rest % 100 == 0;
            assertThat(after.get(0).equals("e")).as("e after mil in %d", n).isEqualTo(joined);
            assertJoinedByE(joined ? after.subList(1, after.size()) : after);
        } else {
            assertJoinedByE(after);
        }
    }

    @Property(tries = 2000)
    void theFeminineChangesOnlyOneTwoAndTheHundreds(@ForAll @IntRange(max = SpokenNumbers.MAX) int n) {
        List<String> masculine = names(SpokenNumbers.ptBr(n, Gender.MASCULINE));
        List<String> feminine = names(SpokenNumbers.ptBr(n, Gender.FEMININE));

        assertThat(feminine.stream().map(w -> w.replace("f", "")).toList()).isEqualTo(masculine);
        assertThat(masculine).noneMatch(w -> w.endsWith("f"));
        assertThat(feminine).noneMatch(w -> w.equals("1") || w.equals("2") || w.matches("[2-9]00"));
    }

    /** Parts alternate with "e": part, e, part, …, part. */
    private static void assertJoinedByE(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            assertThat(words.get(i).equals("e")).as("e at %d of %s", i, words).isEqualTo(i % 2 == 1);
        }
        assertThat(words.size() % 2).as("ends on a part: %s", words).isIn(words.isEmpty() ? 0 : 1);
    }

    /** numeros/21.wav → "21". */
    private static List<String> names(List<String> prompts) {
        List<String> names = new ArrayList<>();
        for (String p : prompts) {
            assertThat(p).startsWith(SpokenNumbers.DIR).endsWith(".wav");
            names.add(p.substring(SpokenNumbers.DIR.length(), p.length() - ".wav".length()));
        }
        return names;
    }
}
