package org.atende.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.atende.ivr.IvrCommand;
import org.atende.ivr.IvrEvent;
import org.atende.ivr.Journey;
import org.junit.jupiter.api.Test;

/** The callback dialogue driven event by event, with the ACD's answers completed by hand on a manual loop. */
class CallbackDialogueTest {

    private static final String MOBILE = "11987654321";
    private static final List<String> SAY_MOBILE = List.of("retorno/vamos-ligar-para", "digitos/1", "digitos/1",
            "digitos/9", "digitos/8", "digitos/7", "digitos/6", "digitos/5", "digitos/4", "digitos/3", "digitos/2",
            "digitos/1", "retorno/confirmar-numero");

    /** The call's loop: tasks run when the test says so. */
    private final Queue<Runnable> loop = new ArrayDeque<>();
    private final List<String> requested = new ArrayList<>();
    private final List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    private final List<List<IvrCommand>> resumed = new ArrayList<>();
    private CallbackDialogue dialogue;
    /** The commands of the last event. */
    private List<IvrCommand> last;

    private void start(Optional<String> callerNumber) {
        dialogue = new CallbackDialogue("call-1", "suporte", callerNumber, number -> {
            requested.add(number);
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }, loop::add, Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC));
        dialogue.attach(resumed::add);
        last = dialogue.start();
    }

    private List<IvrCommand> send(IvrEvent event) {
        last = dialogue.on(event);
        return last;
    }

    private void keys(String digits) {
        List<IvrCommand> all = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            all.addAll(send(new IvrEvent.DigitReceived(c, 100)));
        }
        last = all;
    }

    /** The playback started by the last commands ends. */
    private void promptEnds() {
        send(new IvrEvent.PromptFinished(play(last).playbackId()));
    }

    /** The digit timer started by the last commands fires. */
    private void timeout() {
        IvrCommand.StartTimer t = last.stream().filter(c -> c instanceof IvrCommand.StartTimer)
                .map(c -> (IvrCommand.StartTimer) c).reduce((a, b) -> b).orElseThrow();
        assertThat(t.after()).isEqualTo(CallbackDialogue.DIGIT_TIMEOUT);
        send(new IvrEvent.TimerFired(t.timerId()));
    }

    /** The prompt plays to its end and nobody presses a key. */
    private void silence() {
        promptEnds();
        timeout();
    }

    private static IvrCommand.Play play(List<IvrCommand> commands) {
        return commands.stream().filter(c -> c instanceof IvrCommand.Play).map(c -> (IvrCommand.Play) c)
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no prompt in " + commands));
    }

    /** What the last commands play, as names under builtin:pt-BR/ without .wav. */
    private List<String> heard() {
        return heard(last);
    }

    private static List<String> heard(List<IvrCommand> commands) {
        return play(commands).prompts().stream()
                .map(p -> ((Prompt.File) p).path().toString().replace("builtin:pt-BR/", "").replace(".wav", ""))
                .toList();
    }

    private void answer(boolean taken) {
        answers.get(answers.size() - 1).complete(taken);
    }

    private void runLoop() {
        while (!loop.isEmpty()) {
            loop.poll().run();
        }
    }

    private void assertBackToWaiting(List<IvrCommand> commands) {
        assertThat(commands).last().isInstanceOfSatisfying(IvrCommand.RouteTo.class,
                r -> assertThat(r.target()).isEqualTo(new Node.Target.Queue("suporte")));
        assertThat(dialogue.journey().ending()).hasValueSatisfying(e -> {
            assertThat(e.outcome()).isEqualTo(Journey.Outcome.ROUTED);
            assertThat(e.target()).contains(new Node.Target.Queue("suporte"));
        });
    }

    private void assertScheduled(List<IvrCommand> commands, String e164) {
        assertThat(commands).singleElement().isInstanceOfSatisfying(IvrCommand.Hangup.class,
                h -> assertThat(heard(List.of(new IvrCommand.Play(0, h.goodbye(), false, Map.of()))))
                        .containsExactly("retorno/agendado"));
        assertThat(dialogue.variables()).containsEntry("callback_number", e164)
                .containsEntry("callback_outcome", "scheduled");
    }

    @Test
    void aCallerConfirmingTheirOwnNumberWith1IsScheduled() {
        start(Optional.of(MOBILE));
        assertThat(heard()).isEqualTo(SAY_MOBILE);
        assertThat(play(last).interruptible()).isTrue();

        promptEnds();
        assertThat(last).singleElement().isInstanceOf(IvrCommand.StartTimer.class);
        keys("1");

        assertThat(requested).containsExactly("+5511987654321");
        assertThat(last).noneMatch(c -> c instanceof IvrCommand.Play);
        answer(true);
        assertThat(resumed).as("the answer is carried on by the call's loop only").isEmpty();
        runLoop();
        assertThat(resumed).hasSize(1);
        assertScheduled(resumed.get(0), "+5511987654321");
        assertThat(dialogue.journey().ending()).hasValueSatisfying(e ->
                assertThat(e.outcome()).isEqualTo(Journey.Outcome.HUNG_UP));
    }

    @Test
    void aKeyInterruptsTheNumberBeingSaid() {
        start(Optional.of(MOBILE));
        long playback = play(last).playbackId();

        keys("1");

        assertThat(last).contains(new IvrCommand.StopPlayback(playback));
        assertThat(requested).hasSize(1);
    }

    @Test
    void pressing2ThenTypingAValidNumberAndConfirmingItSchedulesThatNumber() {
        start(Optional.of(MOBILE));
        promptEnds();
        keys("2");
        assertThat(heard()).containsExactly("retorno/digite-numero");

        promptEnds();
        keys("2132221234#");
        assertThat(heard()).containsExactly("retorno/vamos-ligar-para", "digitos/2", "digitos/1", "digitos/3",
                "digitos/2", "digitos/2", "digitos/2", "digitos/1", "digitos/2", "digitos/3", "digitos/4",
                "retorno/confirmar-numero");
        promptEnds();
        keys("1");
        answer(true);
        runLoop();

        assertThat(requested).containsExactly("+552132221234");
        assertScheduled(resumed.get(0), "+552132221234");
    }

    @Test
    void anAnonymousCallerIsAskedToTypeTheNumberStraightAway() {
        start(Optional.empty());

        assertThat(heard()).containsExactly("retorno/digite-numero");
        keys("011987654321#");
        assertThat(heard()).isEqualTo(SAY_MOBILE);
    }

    @Test
    void threeInvalidNumbersSendTheCallerBackToWaiting() {
        start(Optional.empty());
        keys("12345#");
        assertThat(heard()).containsExactly("retorno/numero-invalido", "retorno/digite-numero");
        keys("08001234567#");
        assertThat(heard()).containsExactly("retorno/numero-invalido", "retorno/digite-numero");

        keys("#");

        assertBackToWaiting(last);
        assertThat(requested).isEmpty();
        assertThat(dialogue.variables()).doesNotContainKey("callback_number")
                .containsEntry("callback_outcome", "not requested");
        assertThat(dialogue.journey().steps()).filteredOn(s -> s instanceof Journey.InputRejected).hasSize(3);
    }

    @Test
    void anEntryAlsoEndsAfterTheTimeoutOnceSomethingWasKeyed() {
        start(Optional.empty());
        promptEnds();
        keys("11987654321");
        timeout();

        assertThat(heard()).isEqualTo(SAY_MOBILE);
    }

    @Test
    void starStartsTheEntryOver() {
        start(Optional.empty());
        keys("1198*11987654321#");

        assertThat(heard()).isEqualTo(SAY_MOBILE);
    }

    @Test
    void digitsPastFifteenAreIgnored() {
        start(Optional.empty());
        keys("1198765432199999999#");

        assertThat(heard()).containsExactly("retorno/numero-invalido", "retorno/digite-numero");
    }

    @Test
    void twoSilencesAtTheConfirmationSendTheCallerBackToWaiting() {
        start(Optional.of(MOBILE));
        silence();
        assertThat(heard()).as("asked once more").isEqualTo(SAY_MOBILE);

        silence();

        assertBackToWaiting(last);
        assertThat(requested).isEmpty();
    }

    @Test
    void nothingKeyedTwiceSendsTheCallerBackToWaiting() {
        start(Optional.empty());
        silence();
        assertThat(heard()).containsExactly("retorno/digite-numero");

        silence();

        assertBackToWaiting(last);
    }

    @Test
    void aWrongKeyAtTheConfirmationAsksAgain() {
        start(Optional.of(MOBILE));
        promptEnds();

        keys("5");
        assertThat(heard()).isEqualTo(SAY_MOBILE);
        keys("#");
        assertThat(heard()).isEqualTo(SAY_MOBILE);
        keys("1");

        assertThat(requested).containsExactly("+5511987654321");
    }

    @Test
    void aRefusedCallbackSaysSoThenSendsTheCallerBackToWaiting() {
        start(Optional.of(MOBILE));
        keys("1");
        answer(false);
        runLoop();

        assertThat(resumed).hasSize(1);
        List<IvrCommand> unavailable = resumed.get(0);
        assertThat(heard(unavailable)).containsExactly("retorno/indisponivel");
        assertThat(play(unavailable).interruptible()).isFalse();
        last = unavailable;
        keys("1");
        assertThat(last).as("keys are ignored while it is said").isEmpty();
        last = unavailable;
        promptEnds();

        assertBackToWaiting(last);
        assertThat(dialogue.variables()).containsEntry("callback_outcome", "refused");
        assertThat(requested).hasSize(1);
    }

    @Test
    void aFailedRequestIsTreatedLikeARefusal() {
        start(Optional.of(MOBILE));
        keys("1");
        answers.get(0).completeExceptionally(new IllegalStateException("ACD gone"));
        runLoop();

        assertThat(heard(resumed.get(0))).containsExactly("retorno/indisponivel");
        last = resumed.get(0);
        promptEnds();
        assertBackToWaiting(last);
        assertThat(dialogue.variables()).containsEntry("callback_outcome", "failed");
    }

    @Test
    void aRequestThatThrowsIsTreatedLikeAFailure() {
        dialogue = new CallbackDialogue("call-1", "suporte", Optional.of(MOBILE), number -> {
            throw new IllegalStateException("no ACD");
        }, loop::add, Clock.systemUTC());
        dialogue.attach(resumed::add);
        last = dialogue.start();
        keys("1");
        runLoop();

        assertThat(heard(resumed.get(0))).containsExactly("retorno/indisponivel");
    }

    @Test
    void anAnswerAlreadyThereResumesTheRunAtOnceOnADirectLoop() {
        dialogue = new CallbackDialogue("call-1", "suporte", Optional.of(MOBILE),
                number -> CompletableFuture.completedFuture(true), Runnable::run, Clock.systemUTC());
        dialogue.attach(resumed::add);
        last = dialogue.start();
        keys("1");

        assertThat(resumed).hasSize(1);
        assertScheduled(resumed.get(0), "+5511987654321");
    }

    @Test
    void aCallerWhoHangsUpHearsNothingMoreEvenWhenTheAcdAnswersLater() {
        start(Optional.of(MOBILE));
        keys("1");
        assertThat(send(new IvrEvent.CallerHungUp())).isEmpty();

        answer(true);
        runLoop();

        assertThat(resumed).isEmpty();
        assertThat(send(new IvrEvent.DigitReceived('1', 100))).isEmpty();
        assertThat(dialogue.journey().ending()).hasValueSatisfying(e ->
                assertThat(e.outcome()).isEqualTo(Journey.Outcome.CALLER_HUNG_UP));
    }

    @Test
    void staleTimersAndPromptsAreIgnored() {
        start(Optional.empty());
        long firstPrompt = play(last).playbackId();
        keys("1");
        IvrCommand.StartTimer t = (IvrCommand.StartTimer) last.get(last.size() - 1);
        keys("1");

        assertThat(send(new IvrEvent.PromptFinished(firstPrompt))).isEmpty();
        assertThat(send(new IvrEvent.TimerFired(t.timerId()))).as("restarted by the second key").isEmpty();
    }

    @Test
    void theJourneyNeverHoldsTheNumber() {
        start(Optional.empty());
        keys("11987654321#");
        keys("1");
        answer(true);
        runLoop();

        assertThat(dialogue.journey().steps()).extracting(Object::toString)
                .noneMatch(s -> s.contains("4321"));
        assertThat(dialogue.journey().steps()).filteredOn(s -> s instanceof Journey.NodeEntered)
                .extracting(s -> ((Journey.NodeEntered) s).node()).containsExactly("type", "confirm", "request");
    }

    @Test
    void everyPromptPlayedIsListedForPreloading() {
        start(Optional.of(MOBILE));

        assertThat(CallbackDialogue.PROMPTS).contains("builtin:pt-BR/retorno/indisponivel.wav",
                "builtin:pt-BR/retorno/agendado.wav", "builtin:pt-BR/digitos/0.wav", "builtin:pt-BR/digitos/9.wav")
                .hasSize(16).doesNotHaveDuplicates();
        assertThat(play(last).prompts()).allSatisfy(p ->
                assertThat(CallbackDialogue.PROMPTS).contains(((Prompt.File) p).path().toString()));
        assertThat(dialogue.name()).isEqualTo("callback");
    }
}
