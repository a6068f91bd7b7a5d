package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.atende.config.flow.Prompt;
import org.atende.config.flow.Survey;

/** Binds a post-call {@code survey:} (a flow's, a queue's or a number's): its questions and thanks. */
final class SurveyBinder {

    private static final Duration DEFAULT_QUESTION_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration ONE_S = Duration.ofSeconds(1);

    private final LoadContext ctx;
    private final PromptBinder prompts;

    SurveyBinder(LoadContext ctx, PromptBinder prompts) {
        this.ctx = ctx;
        this.prompts = prompts;
    }

    Optional<Survey> bind(YamlMap s) {
        int before = ctx.problemCount();
        List<Survey.Question> questions = new ArrayList<>();
        Optional<List<YamlValue>> items = s.required("questions").flatMap(YamlValue::list);
        if (items.isPresent() && items.get().isEmpty()) {
            s.get("questions").orElseThrow().problem("needs at least one question");
        }
        items.ifPresent(list -> list.forEach(item -> item.map().flatMap(this::question).ifPresent(questions::add)));
        Optional<List<Prompt>> thanks = prompts.optional(s, "thanks");
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, s, () -> new Survey(questions, thanks.orElseThrow()));
    }

    private Optional<Survey.Question> question(YamlMap q) {
        int before = ctx.problemCount();
        Optional<String> kind = q.required("kind").flatMap(v -> v.nonEmpty()
                .flatMap(s -> FlowBinder.oneOf(v, s, Survey.Question.KINDS, "a question kind")));
        Optional<List<Prompt>> prompt = q.required("prompt").flatMap(prompts::prompts);
        Duration timeout = q.duration("timeout", DEFAULT_QUESTION_TIMEOUT, ONE_S);
        Optional<String> variable = q.get("variable").map(FlowBinder::variable).orElse(kind);
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, q, () -> new Survey.Question(kind.orElseThrow(), prompt.orElseThrow(),
                timeout, variable.orElseThrow()));
    }
}
