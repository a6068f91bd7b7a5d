package org.atende.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.atende.config.flow.Survey;
import org.atende.config.flow.Survey.Question;
import org.atende.ivr.RandomFlows.Choices;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SurveySessionProperties {

    @Property(tries = 300)
    void surveyEndsWithValidAnswersAndNothingAfterwards(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 1) Integer> kinds,
            @ForAll @Size(max = 100) List<@IntRange(min = 0, max = 10_000) Integer> behaviour) {
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            questions.add(new Question(Question.KINDS.get(kinds.get(i)), List.of(Nodes.file("q" + i)),
                    Duration.ofSeconds(5), "q" + i));
        }
        SurveySession s = new SurveySession(new Survey(questions, List.of(Nodes.file("thanks"))), Nodes.CLOCK,
                Nodes.CALL);
        Harness h = Harness.of(s);
        Choices c = new Choices(behaviour);
        for (int i = 0; i < behaviour.size() && !h.ended(); i++) {
            int a = c.next(6);
            if (a < 3) {
                h.send(new IvrEvent.DigitReceived(RandomFlows.KEYS.charAt(c.next(12)), 80));
            } else if (a < 5 && h.playing != null) {
                h.finishPrompt();
            } else if (!h.timers.isEmpty()) {
                h.fireTimer();
            }
            assertThat(h.ended() || h.somethingPending()).isTrue();
        }
        for (int i = 0; i < 100 && !h.ended(); i++) {
            if (h.playing != null) {
                h.finishPrompt();
            } else {
                h.fireTimer();
            }
        }
        assertThat(h.ended()).isTrue();
        assertThat(h.press("1*")).isEmpty();
        assertThat(h.commandsAfterEnd).isZero();
        for (Question q : questions) {
            String answer = s.variables().get(q.variable());
            if (answer != null) {
                int v = Integer.parseInt(answer);
                assertThat(v).isBetween(q.kind().equals("csat") ? 1 : 0, q.kind().equals("csat") ? 5 : 10);
            }
        }
    }
}
