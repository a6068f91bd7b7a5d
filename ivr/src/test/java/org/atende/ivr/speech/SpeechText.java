package org.atende.ivr.speech;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text of each built-in prompt the speech classes use, as written in {@code tools/prompts/README.md}, so that
 * tests can read a list of prompts as the sentence the caller hears.
 */
final class SpeechText {

    private static final String[] UNITS = {"zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito",
        "nove", "dez", "onze", "doze", "treze", "catorze", "quinze", "dezesseis", "dezessete", "dezoito", "dezenove"};
    private static final String[] TENS = {"vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta",
        "oitenta", "noventa"};
    private static final String[] HUNDREDS = {"duzent", "trezent", "quatrocent", "quinhent", "seiscent", "setecent",
        "oitocent", "novecent"};

    /** The number-word files ({@code numeros/…}) shipped by module media, as DemoPromptsTest lists them. */
    static final Map<String, String> NUMBER_WORDS = numberWords();

    static final Map<String, String> PHRASES = Map.of(
            "builtin:pt-BR/proxima-a-ser-atendida.wav", "Sua ligação é a próxima a ser atendida.",
            "builtin:pt-BR/posicao-na-fila.wav", "Sua posição na fila é",
            "builtin:pt-BR/espera-estimada.wav", "O tempo estimado de espera é de",
            "builtin:pt-BR/menos-de-um-minuto.wav", "menos de um minuto",
            "builtin:pt-BR/cerca-de.wav", "cerca de",
            "builtin:pt-BR/mais-de.wav", "mais de",
            "builtin:pt-BR/minuto.wav", "minuto",
            "builtin:pt-BR/minutos.wav", "minutos");

    private SpeechText() {
    }

    /** The words of {@code prompts}, joined by spaces; fails on a prompt that is not known. */
    static String of(List<String> prompts) {
        return prompts.stream().map(SpeechText::word).collect(Collectors.joining(" "));
    }

    static String word(String prompt) {
        String text = NUMBER_WORDS.getOrDefault(prompt, PHRASES.get(prompt));
        if (text == null) {
            throw new AssertionError("no such prompt: " + prompt);
        }
        return text;
    }

    private static Map<String, String> numberWords() {
        Map<String, String> words = new HashMap<>();
        for (int n = 0; n < UNITS.length; n++) {
            words.put(number(Integer.toString(n)), UNITS[n]);
        }
        words.put(number("1f"), "uma");
        words.put(number("2f"), "duas");
        for (int t = 0; t < TENS.length; t++) {
            words.put(number(Integer.toString((t + 2) * 10)), TENS[t]);
        }
        words.put(number("100"), "cem");
        words.put(number("cento"), "cento");
        for (int h = 0; h < HUNDREDS.length; h++) {
            words.put(number(Integer.toString((h + 2) * 100)), HUNDREDS[h] + "os");
            words.put(number((h + 2) * 100 + "f"), HUNDREDS[h] + "as");
        }
        words.put(number("1000"), "mil");
        words.put(number("e"), "e");
        return Map.copyOf(words);
    }

    private static String number(String name) {
        return "builtin:pt-BR/numeros/" + name + ".wav";
    }
}
