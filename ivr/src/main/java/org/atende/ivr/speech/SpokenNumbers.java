package org.atende.ivr.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Integers as Brazilian Portuguese speaks them, as the list of number-word prompts ({@code builtin:pt-BR/numeros/})
 * to play one after the other: 21 is "vinte" "e" "um", 103 "cento" "e" "três", 2 100 "dois" "mil" "e" "cem".
 *
 * <p>The rules, from 0 to {@value #MAX}:
 * <ul>
 *   <li>0 … 19 are one word each; the tens are joined to the units by "e" (vinte e um).</li>
 *   <li>100 alone is "cem"; 101 … 199 start with "cento"; the hundreds are joined to the rest by "e"
 *       (duzentos e trinta e quatro).</li>
 *   <li>1 000 is "mil", not "um mil"; a larger count of thousands is said as a number before "mil" (dois mil,
 *       cento e vinte mil). After "mil", "e" comes only when the rest is below 100 or a whole hundred
 *       (mil e um, mil e cem, dois mil e trezentos), and not otherwise (mil duzentos e trinta).</li>
 *   <li>Feminine: um, dois and the hundreds from duzentos agree with a feminine noun (uma, duas, duzentas): "duzentas
 *       e uma pessoas", "vinte e duas mil pessoas". Cem, cento, mil and the other words do not change.</li>
 * </ul>
 * A number on its own (a position, a count of minutes) is {@link Gender#MASCULINE}.
 */
public final class SpokenNumbers {

    /** The largest number that can be said: 999 999, "novecentos e noventa e nove mil novecentos e noventa e nove". */
    public static final int MAX = 999_999;
    static final String DIR = "builtin:pt-BR/numeros/";
    /** The conjunction "e". */
    static final String AND = "e";
    static final String HUNDRED = "100";
    static final String CENTO = "cento";
    static final String THOUSAND = "1000";
    /** A feminine form's file: its value and this suffix ({@code 1f}, {@code 200f}). */
    static final String FEMININE = "f";

    /** The grammatical gender of what is counted. */
    public enum Gender { MASCULINE, FEMININE }

    private static final List<String> PROMPTS = Stream.of(
            IntStream.rangeClosed(0, 19).mapToObj(Integer::toString),
            Stream.of("1" + FEMININE, "2" + FEMININE),
            IntStream.rangeClosed(2, 9).mapToObj(t -> Integer.toString(t * 10)),
            Stream.of(HUNDRED, CENTO),
            IntStream.rangeClosed(2, 9).boxed().flatMap(h -> Stream.of(Integer.toString(h * 100), h * 100 + FEMININE)),
            Stream.of(THOUSAND, AND)).flatMap(s -> s).map(SpokenNumbers::prompt).toList();

    private SpokenNumbers() {
    }

    /**
     * The prompts that say {@code n} in Brazilian Portuguese, in order, for a noun of gender {@code gender}.
     *
     * @throws IllegalArgumentException when {@code n} is negative or above {@value #MAX}
     */
    public static List<String> ptBr(int n, Gender gender) {
        if (n < 0 || n > MAX) {
            throw new IllegalArgumentException("cannot say " + n + ": only 0 to " + MAX);
        }
        List<String> words = new ArrayList<>();
        if (n == 0) {
            words.add("0");
        }
        int thousands = n / 1000;
        int rest = n % 1000;
        if (thousands > 1) {
            belowThousand(thousands, gender, words);
        }
        if (thousands > 0) {
            words.add(THOUSAND);
            if (rest > 0 && (rest < 100 || rest % 100 == 0)) {
                words.add(AND);
            }
        }
        if (rest > 0) {
            belowThousand(rest, gender, words);
        }
        return words.stream().map(SpokenNumbers::prompt).toList();
    }

    /** Every prompt {@link #ptBr} can return, each once. */
    public static List<String> prompts() {
        return PROMPTS;
    }

    /** Adds the words of {@code n}, 1 … 999. */
    private static void belowThousand(int n, Gender gender, List<String> words) {
        int hundreds = n / 100;
        int rest = n % 100;
        if (n == 100) {
            words.add(HUNDRED);
            return;
        }
        if (hundreds == 1) {
            words.add(CENTO);
        } else if (hundreds > 1) {
            words.add(gendered(hundreds * 100, gender));
        }
        if (hundreds > 0 && rest > 0) {
            words.add(AND);
        }
        if (rest >= 20) {
            words.add(Integer.toString(rest / 10 * 10));
            if (rest % 10 > 0) {
                words.add(AND);
                words.add(gendered(rest % 10, gender));
            }
        } else if (rest > 0) {
            words.add(gendered(rest, gender));
        }
    }

    /** The word for {@code value} (a unit below 20 or a whole hundred from 200) in {@code gender}. */
    private static String gendered(int value, Gender gender) {
        boolean changes = value == 1 || value == 2 || value >= 200;
        return gender == Gender.FEMININE && changes ? value + FEMININE : Integer.toString(value);
    }

    private static String prompt(String word) {
        return DIR + word + ".wav";
    }
}
