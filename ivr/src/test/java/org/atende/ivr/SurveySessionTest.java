package org.atende.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.ivr.Nodes.CALL;
import static org.atende.ivr.Nodes.CLOCK;
import static org.atende.ivr.Nodes.file;

import java.time.Duration;
import java.util.List;

import org.atende.config.flow.Survey;
import org.atende.config.flow.Survey.Question;
import org.junit.jupiter.api.Test;

class SurveySessionTest {

    private static final Survey SURVEY = new Survey(List.of(
            new Question("csat", List.of(file("csat")), Duration.ofSeconds(6), "csat"),
            new Question("nps", List.of(file("nps")), Duration.ofSeconds(6), "nps")),
            List.of(file("obrigado")));

    private static SurveySession survey() {
        return new SurveySession(SURVEY, CLOCK, CALL);
    }

    @Test
    void answersBothQuestionsThenThanksAndHangsUp() {
        SurveySession s = survey();
        Harness h = Harness.of(s);
        assertThat(h.playing.prompts()).containsExactly(file("csat"));
        h.finishPrompt();
        h.press("4");
        assertThat(h.playing.prompts()).containsExactly(file("nps"));
        h.press("7");
        assertThat(h.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
        assertThat(((IvrCommand.Hangup) h.finalCommand).goodbye()).containsExactly(file("obrigado"));
        assertThat(s.variables()).containsEntry("csat", "4").containsEntry("nps", "7").containsEntry("caller",
                "11999990000");
        assertThat(s.isFinished()).isTrue();
        assertThat(h.press("1")).isEmpty();
    }

    @Test
    void npsTenTypedAsOneZeroOrStar() {
        SurveySession a = survey();
        Harness h = Harness.of(a);
        h.press("5");
        h.press("10");
        assertThat(a.variables()).containsEntry("nps", "10");

        SurveySession b = survey();
        Harness.of(b).press("5*");
        assertThat(b.variables()).containsEntry("nps", "10");
    }

    @Test
    void npsOneAloneIsOneAfterTheWindow() {
        SurveySession s = survey();
        Harness h = Harness.of(s);
        h.press("51");
        assertThat(h.lastOf(IvrCommand.StartTimer.class)).extracting(IvrCommand.StartTimer::after)
                .containsExactly(SurveySession.NPS_TEN_WINDOW);
        h.fireTimer();
        assertThat(s.variables()).containsEntry("nps", "1");
        assertThat(s.isFinished()).isTrue();
    }

    @Test
    void csatOutOfRangeKeysAreIgnored() {
        SurveySession s = survey();
        Harness h = Harness.of(s);
        h.press("9");
        assertThat(s.variables()).doesNotContainKey("csat");
        assertThat(h.timers).hasSize(1);
        h.press("2");
        assertThat(s.variables()).containsEntry("csat", "2");
    }

    @Test
    void timeoutLeavesTheQuestionUnanswered() {
        SurveySession s = survey();
        Harness h = Harness.of(s);
        h.finishPrompt();
        h.fireTimer();
        assertThat(h.playing.prompts()).containsExactly(file("nps"));
        h.finishPrompt();
        h.fireTimer();
        assertThat(h.finalCommand).isInstanceOf(IvrCommand.Hangup.class);
        assertThat(s.variables()).doesNotContainKeys("csat", "nps");
    }

    @Test
    void callerHangingUpEndsQuietly() {
        SurveySession s = survey();
        Harness h = Harness.of(s);
        assertThat(h.send(new IvrEvent.CallerHungUp())).isEmpty();
        assertThat(s.journey().ending()).get().extracting(Journey.Ended::outcome)
                .isEqualTo(Journey.Outcome.CALLER_HUNG_UP);
    }
}
