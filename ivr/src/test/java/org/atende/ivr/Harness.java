package org.atende.ivr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Plays the engine's part for tests: feeds events to a session and keeps track, from the commands alone, of what
 * is pending (playback, timers, look-up) and whether a final command was seen.
 */
final class Harness {

    private final Function<IvrEvent, List<IvrCommand>> session;
    final List<IvrCommand> all = new ArrayList<>();
    List<IvrCommand> last = List.of();
    IvrCommand.Play playing;
    final Set<Long> timers = new LinkedHashSet<>();
    IvrCommand.Lookup lookup;
    IvrCommand finalCommand;
    int commandsAfterEnd;

    Harness(Function<IvrEvent, List<IvrCommand>> session) {
        this.session = session;
    }

    static Harness of(FlowSession s) {
        Harness h = new Harness(s::on);
        h.record(s.start());
        return h;
    }

    static Harness of(SurveySession s) {
        Harness h = new Harness(s::on);
        h.record(s.start());
        return h;
    }

    List<IvrCommand> send(IvrEvent e) {
        if (e instanceof IvrEvent.PromptFinished p && playing != null && playing.playbackId() == p.playbackId()) {
            playing = null;
        }
        if (e instanceof IvrEvent.TimerFired t) {
            timers.remove(t.timerId());
        }
        if (e instanceof IvrEvent.LookupSucceeded || e instanceof IvrEvent.LookupFailed) {
            lookup = null;
        }
        List<IvrCommand> out = session.apply(e);
        record(out);
        return out;
    }

    private void record(List<IvrCommand> out) {
        last = out;
        for (IvrCommand c : out) {
            if (finalCommand != null) {
                commandsAfterEnd++;
            }
            all.add(c);
            if (c instanceof IvrCommand.Play p) {
                playing = p;
            } else if (c instanceof IvrCommand.StopPlayback s && playing != null && playing.playbackId() == s.playbackId()) {
                playing = null;
            } else if (c instanceof IvrCommand.StartTimer t) {
                timers.add(t.timerId());
            } else if (c instanceof IvrCommand.CancelTimer t) {
                timers.remove(t.timerId());
            } else if (c instanceof IvrCommand.Lookup l) {
                lookup = l;
            } else if (c instanceof IvrCommand.RouteTo || c instanceof IvrCommand.Hangup) {
                finalCommand = c;
            }
        }
    }

    boolean ended() {
        return finalCommand != null;
    }

    /** Something the engine will report on: a playback, a timer or a look-up. */
    boolean somethingPending() {
        return playing != null || !timers.isEmpty() || lookup != null;
    }

    List<IvrCommand> finishPrompt() {
        return send(new IvrEvent.PromptFinished(playing.playbackId()));
    }

    List<IvrCommand> fireTimer() {
        return send(new IvrEvent.TimerFired(timers.iterator().next()));
    }

    List<IvrCommand> press(String keys) {
        List<IvrCommand> out = new ArrayList<>();
        for (char c : keys.toCharArray()) {
            out.addAll(send(new IvrEvent.DigitReceived(c, 80)));
        }
        return out;
    }

    List<IvrCommand> lookupOk(Map<String, String> values) {
        return send(new IvrEvent.LookupSucceeded(lookup.lookupId(), values, 42));
    }

    List<IvrCommand> lookupFails(String reason) {
        return send(new IvrEvent.LookupFailed(lookup.lookupId(), reason, 42));
    }

    Optional<IvrCommand.RouteTo> routed() {
        return finalCommand instanceof IvrCommand.RouteTo r ? Optional.of(r) : Optional.empty();
    }

    <T extends IvrCommand> List<T> lastOf(Class<T> type) {
        return last.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
