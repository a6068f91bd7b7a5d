package org.atende.ivr;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.atende.config.flow.Prompt;

/**
 * The outbox, ids and step log shared by {@link FlowSession} and {@link SurveySession}: at most one playback, one
 * timer and one look-up are pending at a time, each under a fresh id, so an event with any other id is stale.
 * Not thread-safe: owned by the session's thread.
 */
final class SessionIo {

    static final long NONE = 0;

    private final Clock clock;
    private final List<IvrCommand> out = new ArrayList<>();
    private final List<Journey.Step> steps = new ArrayList<>();
    private long lastId;
    private long playback = NONE;
    private long timer = NONE;
    private long lookup = NONE;

    SessionIo(Clock clock) {
        this.clock = clock;
    }

    java.time.Instant now() {
        return clock.instant();
    }

    void log(Journey.Step step) {
        steps.add(step);
    }

    Journey journey() {
        return new Journey(steps);
    }

    void emit(IvrCommand command) {
        out.add(command);
    }

    List<IvrCommand> drain() {
        List<IvrCommand> commands = List.copyOf(out);
        out.clear();
        return commands;
    }

    void play(List<Prompt> prompts, boolean interruptible, Map<String, String> variables) {
        stopPlayback();
        playback = ++lastId;
        emit(new IvrCommand.Play(playback, prompts, interruptible, sayDigitsValues(prompts, variables)));
    }

    static Map<String, String> sayDigitsValues(List<Prompt> prompts, Map<String, String> variables) {
        Map<String, String> values = new HashMap<>();
        for (Prompt p : prompts) {
            if (p instanceof Prompt.SayDigits s) {
                values.put(s.variable(), variables.getOrDefault(s.variable(), ""));
            }
        }
        return values;
    }

    boolean isCurrentPlayback(long id) {
        return id != NONE && id == playback;
    }

    /** The current playback ended by itself. */
    void playbackFinished() {
        playback = NONE;
    }

    void stopPlayback() {
        if (playback != NONE) {
            emit(new IvrCommand.StopPlayback(playback));
            playback = NONE;
        }
    }

    void startTimer(Duration after) {
        cancelTimer();
        timer = ++lastId;
        emit(new IvrCommand.StartTimer(timer, after));
    }

    boolean isCurrentTimer(long id) {
        return id != NONE && id == timer;
    }

    /** The current timer fired. */
    void timerFired() {
        timer = NONE;
    }

    void cancelTimer() {
        if (timer != NONE) {
            emit(new IvrCommand.CancelTimer(timer));
            timer = NONE;
        }
    }

    long newLookupId() {
        lookup = ++lastId;
        return lookup;
    }

    boolean isCurrentLookup(long id) {
        return id != NONE && id == lookup;
    }

    void lookupDone() {
        lookup = NONE;
    }

    /** Stops whatever is pending (the engine would drop it anyway once the session ends). */
    void cancelAll() {
        stopPlayback();
        cancelTimer();
        lookup = NONE;
    }
}
