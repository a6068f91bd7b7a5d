package org.atende.config.flow;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The post-call survey: when the agent hangs up first, the caller stays on the line and answers by DTMF.
 *
 * @param questions asked in order
 * @param thanks played at the end
 */
public record Survey(List<Question> questions, List<Prompt> thanks) {

    public Survey {
        questions = List.copyOf(questions);
        thanks = List.copyOf(thanks);
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("a survey needs at least one question");
        }
    }

    /**
     * One question: {@code kind} {@code csat} (1–5) or {@code nps} (0–10; "10" typed as 1 then 0, or as *),
     * the answer stored in {@code variable}.
     */
    public record Question(String kind, List<Prompt> prompts, Duration timeout, String variable) {
        public static final List<String> KINDS = List.of("csat", "nps");

        public Question {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("unknown survey question kind " + kind);
            }
            prompts = List.copyOf(prompts);
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(variable, "variable");
        }
    }
}
