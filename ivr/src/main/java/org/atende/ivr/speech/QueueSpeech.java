package org.atende.ivr.speech;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.atende.ivr.speech.SpokenNumbers.Gender;

/**
 * What a waiting caller is told about its place in the queue and its wait, as the built-in prompts to play in order.
 *
 * <p>Position: the next call to be served hears "Sua ligação é a próxima a ser atendida."; any other hears "Sua
 * posição na fila é" and the number, said as a number ("doze", not "um dois"), masculine as a number named on its
 * own is.
 *
 * <p>Estimated wait, after "O tempo estimado de espera é de", rounded the way people speak and never down: a
 * caller told "três minutos" who is served in two is pleased, one served in four was misled, so every rounding is
 * upward and the caller is, if anything, served sooner than said.
 * <ul>
 *   <li>under a minute: "menos de um minuto";</li>
 *   <li>up to 10 minutes: whole minutes, rounded up (61 s is "dois minutos"; 60 s is "um minuto");</li>
 *   <li>above 10 minutes: rounded up to a multiple of 5, with "cerca de" ("cerca de quinze minutos" for 10 min 1 s
 *       to 15 min), since a figure to the minute would be false precision that far ahead;</li>
 *   <li>above the cap ({@value #DEFAULT_CAP_MINUTES} minutes unless told): "mais de trinta minutos". Past half an
 *       hour an estimate says little, and a queue that long should offer a callback instead.</li>
 * </ul>
 */
public final class QueueSpeech {

    /** Beyond this, the wait is said as "mais de 30 minutos". */
    public static final int DEFAULT_CAP_MINUTES = 30;
    /** Waits up to this many minutes are said to the minute; longer ones to 5 minutes. */
    static final int EXACT_UP_TO_MINUTES = 10;
    static final int ROUNDING_MINUTES = 5;

    static final String NEXT = "builtin:pt-BR/proxima-a-ser-atendida.wav";
    static final String POSITION = "builtin:pt-BR/posicao-na-fila.wav";
    static final String ESTIMATED_WAIT = "builtin:pt-BR/espera-estimada.wav";
    static final String UNDER_A_MINUTE = "builtin:pt-BR/menos-de-um-minuto.wav";
    static final String ABOUT = "builtin:pt-BR/cerca-de.wav";
    static final String MORE_THAN = "builtin:pt-BR/mais-de.wav";
    static final String MINUTE = "builtin:pt-BR/minuto.wav";
    static final String MINUTES = "builtin:pt-BR/minutos.wav";

    private static final List<String> PROMPTS = Stream.concat(
            Stream.of(NEXT, POSITION, ESTIMATED_WAIT, UNDER_A_MINUTE, ABOUT, MORE_THAN, MINUTE, MINUTES),
            SpokenNumbers.prompts().stream()).toList();

    private QueueSpeech() {
    }

    /**
     * "Sua ligação é a próxima a ser atendida." for 1, else "Sua posição na fila é" and {@code position}.
     *
     * @param position 1 for the next call to be served
     * @throws IllegalArgumentException when {@code position} is below 1 or above {@link SpokenNumbers#MAX}
     */
    public static List<String> position(int position) {
        if (position < 1) {
            throw new IllegalArgumentException("position " + position + " is below 1");
        }
        if (position == 1) {
            return List.of(NEXT);
        }
        List<String> prompts = new ArrayList<>();
        prompts.add(POSITION);
        prompts.addAll(SpokenNumbers.ptBr(position, Gender.MASCULINE));
        return List.copyOf(prompts);
    }

    /** "O tempo estimado de espera é de …" for {@code estimate}, capped at {@value #DEFAULT_CAP_MINUTES} minutes. */
    public static List<String> estimatedWait(Duration estimate) {
        return estimatedWait(estimate, DEFAULT_CAP_MINUTES);
    }

    /**
     * "O tempo estimado de espera é de …" for {@code estimate}: "menos de um minuto", "N minutos", "cerca de N
     * minutos" or "mais de {@code capMinutes} minutos" (see the class comment).
     *
     * @param capMinutes a multiple of 5, at least 10: a longer estimate is said as "mais de" this
     * @throws IllegalArgumentException when {@code estimate} is negative or {@code capMinutes} is not a cap
     */
    public static List<String> estimatedWait(Duration estimate, int capMinutes) {
        if (estimate.isNegative()) {
            throw new IllegalArgumentException("negative wait " + estimate);
        }
        if (capMinutes < EXACT_UP_TO_MINUTES || capMinutes % ROUNDING_MINUTES != 0 || capMinutes > SpokenNumbers.MAX) {
            throw new IllegalArgumentException("cap " + capMinutes + " min is not a multiple of "
                    + ROUNDING_MINUTES + " from " + EXACT_UP_TO_MINUTES);
        }
        List<String> prompts = new ArrayList<>();
        prompts.add(ESTIMATED_WAIT);
        long minutes = minutesRoundedUp(estimate);
        if (estimate.compareTo(Duration.ofMinutes(1)) < 0) {
            prompts.add(UNDER_A_MINUTE);
        } else if (minutes <= EXACT_UP_TO_MINUTES) {
            minutes(prompts, (int) minutes);
        } else if (minutes <= capMinutes) {
            prompts.add(ABOUT);
            long rounded = (minutes + ROUNDING_MINUTES - 1) / ROUNDING_MINUTES * ROUNDING_MINUTES;
            minutes(prompts, (int) rounded);
        } else {
            prompts.add(MORE_THAN);
            minutes(prompts, capMinutes);
        }
        return List.copyOf(prompts);
    }

    /** Every prompt {@link #position} and {@link #estimatedWait} can return, each once. */
    public static List<String> prompts() {
        return PROMPTS;
    }

    private static long minutesRoundedUp(Duration d) {
        long minutes = d.toMinutes();
        return d.compareTo(Duration.ofMinutes(minutes)) > 0 ? minutes + 1 : minutes;
    }

    /** "um minuto", "dois minutos". */
    private static void minutes(List<String> prompts, int n) {
        prompts.addAll(SpokenNumbers.ptBr(n, Gender.MASCULINE));
        prompts.add(n == 1 ? MINUTE : MINUTES);
    }
}
