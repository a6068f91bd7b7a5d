package org.atende.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Why an agent is paused: configured under {@code pause_reasons:} ({@code almoco}, {@code treinamento}, …), or one
 * of the built-in reasons ({@link #GENERIC}, {@link #NO_ANSWER}).
 *
 * @param name       the reason's key, as the ACD, logs and reports name it
 * @param label      shown to supervisors
 * @param productive whether time in it counts as productive (training, a meeting) or not (lunch, a break)
 * @param code       what the agent keys after the pause code ({@code *47} then {@code 2}, or {@code *472}); empty:
 *                   not chosen from the phone
 */
public record PauseReason(String name, String label, boolean productive, Optional<String> code) {

    /** {@code *47} with no reason code, or a pause asked for without a reason. */
    public static final PauseReason GENERIC = new PauseReason("pausa", "Pausa", false, Optional.empty());
    /** The ACD paused the agent after {@code max_no_answer} missed offers in a row. */
    public static final PauseReason NO_ANSWER = new PauseReason("no_answer", "Não atendeu", false, Optional.empty());

    public PauseReason {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(code, "code");
    }

    /** Whether {@code name} is a built-in reason, which configuration may not redefine. */
    public static boolean builtIn(String name) {
        return GENERIC.name.equals(name) || NO_ANSWER.name.equals(name);
    }
}
