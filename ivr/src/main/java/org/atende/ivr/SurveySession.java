package org.atende.ivr;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.atende.config.flow.Survey;
import org.atende.ivr.Journey.Outcome;

/**
 * The post-call survey, started by the engine when the agent hangs up first and the flow has a {@link Survey}:
 * asks each question in turn (prompt interruptible, then its timeout), stores each answer in the question's
 * variable, plays the thanks and hangs up. Same events and commands as {@link FlowSession}.
 *
 * <p>Answers: {@code csat} takes 1–5; {@code nps} takes 0–10, where 10 is {@code *} or 1 then 0 (after a 1 the
 * session waits up to {@link #NPS_TEN_WINDOW} for the 0; any other key answers 1 and is kept for the next
 * question). Other keys are ignored and the question's timeout starts again; a timeout leaves the question
 * unanswered (no variable) and moves on.
 *
 * <p>Not thread-safe: owned by the call's event loop.
 */
public final class SurveySession {

    /** How long an nps answer of 1 waits for a 0 that would make it 10. */
    public static final Duration NPS_TEN_WINDOW = Duration.ofMillis(1500);

    private enum State { NEW, PROMPTING, WAITING, AWAITING_ZERO, ENDED }

    private final Survey survey;
    private final SessionIo io;
    private final Map<String, String> variables;
    private final Deque<Character> typeAhead = new ArrayDeque<>();
    private State state = State.NEW;
    private int question;
    private boolean takingKeys;

    /**
     * @param survey the flow's survey
     * @param clock for journey timestamps
     * @param variables the call's variables (answers are added)
     */
    public SurveySession(Survey survey, Clock clock, Map<String, String> variables) {
        this.survey = Objects.requireNonNull(survey, "survey");
        this.io = new SessionIo(Objects.requireNonNull(clock, "clock"));
        this.variables = new LinkedHashMap<>(variables);
    }

    /** Asks the first question; call once. */
    public List<IvrCommand> start() {
        if (state != State.NEW) {
            throw new IllegalStateException("survey already started");
        }
        ask(0);
        return io.drain();
    }

    /** Handles one event; stale events and events after the end give nothing. */
    public List<IvrCommand> on(IvrEvent event) {
        if (state == State.NEW || state == State.ENDED) {
            return List.of();
        }
        if (event instanceof IvrEvent.DigitReceived d) {
            io.log(new Journey.DigitPressed(io.now(), d.digit(), d.durationMs()));
            typeAhead.addLast(d.digit());
            io.stopPlayback();
            io.cancelTimer();
            if (state == State.PROMPTING) {
                state = State.WAITING;
            }
            takeKeys();
        } else if (event instanceof IvrEvent.PromptFinished p) {
            if (io.isCurrentPlayback(p.playbackId())) {
                io.playbackFinished();
                state = State.WAITING;
                io.startTimer(current().timeout());
            }
        } else if (event instanceof IvrEvent.TimerFired t) {
            if (io.isCurrentTimer(t.timerId())) {
                io.timerFired();
                if (state == State.AWAITING_ZERO) {
                    answer("1");
                } else {
                    io.log(new Journey.InputRejected(io.now(), current().variable(), "no input"));
                    ask(question + 1);
                }
            }
        } else if (event instanceof IvrEvent.CallerHungUp) {
            state = State.ENDED;
            io.log(new Journey.Ended(io.now(), Outcome.CALLER_HUNG_UP, "survey question " + (question + 1),
                    Optional.empty()));
            io.drain();
            return List.of();
        }
        return io.drain();
    }

    public boolean isFinished() {
        return state == State.ENDED;
    }

    /** The call's variables with the answers given so far. */
    public Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    public Journey journey() {
        return io.journey();
    }

    private Survey.Question current() {
        return survey.questions().get(question);
    }

    private void ask(int index) {
        io.cancelAll();
        if (index >= survey.questions().size()) {
            io.emit(new IvrCommand.Hangup(survey.thanks(), SessionIo.sayDigitsValues(survey.thanks(), variables)));
            state = State.ENDED;
            io.log(new Journey.Ended(io.now(), Outcome.HUNG_UP, "survey complete", Optional.empty()));
            return;
        }
        question = index;
        Survey.Question q = current();
        io.log(new Journey.NodeEntered(io.now(), "survey", q.variable()));
        if (!typeAhead.isEmpty()) {
            state = State.WAITING;
            takeKeys();
        } else if (q.prompts().isEmpty()) {
            state = State.WAITING;
            io.startTimer(q.timeout());
        } else {
            state = State.PROMPTING;
            io.play(q.prompts(), true, variables);
        }
    }

    /** Uses waiting keys until the question is answered or the keys run out (then waits again). */
    private void takeKeys() {
        if (takingKeys) {
            return; // a question asked from inside the loop below: the loop goes on with it
        }
        takingKeys = true;
        try {
            useKeys();
        } finally {
            takingKeys = false;
        }
    }

    private void useKeys() {
        while (!typeAhead.isEmpty() && state != State.ENDED) {
            char d = typeAhead.peekFirst();
            Survey.Question q = current();
            if (state == State.AWAITING_ZERO) {
                if (d == '0') {
                    use(q, d);
                    answer("10");
                } else {
                    answer("1"); // d stays for the next question
                }
                continue;
            }
            use(q, d);
            if (q.kind().equals("csat")) {
                if (d >= '1' && d <= '5') {
                    answer(String.valueOf(d));
                    continue;
                }
            } else if (d == '*') {
                answer("10");
                continue;
            } else if (d == '1') {
                state = State.AWAITING_ZERO;
                continue;
            } else if (d >= '0' && d <= '9') {
                answer(String.valueOf(d));
                continue;
            }
            io.log(new Journey.InputRejected(io.now(), q.variable(), "invalid"));
        }
        if (state == State.WAITING) {
            io.startTimer(current().timeout());
        } else if (state == State.AWAITING_ZERO) {
            io.startTimer(NPS_TEN_WINDOW.compareTo(current().timeout()) < 0 ? NPS_TEN_WINDOW : current().timeout());
        }
    }

    private void use(Survey.Question q, char d) {
        typeAhead.removeFirst();
        io.log(new Journey.DigitUsed(io.now(), q.variable(), d));
    }

    private void answer(String value) {
        String name = current().variable();
        variables.put(name, value);
        io.log(new Journey.VariableSet(io.now(), name, value));
        ask(question + 1);
    }
}
