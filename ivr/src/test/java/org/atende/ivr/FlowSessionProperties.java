package org.atende.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.ivr.RandomFlows.Choices;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random flows driven by random callers. The engine's side (which playback, timers and look-up are pending) is
 * tracked from the commands alone by {@link Harness}, and only events it could really send are sent, plus stale
 * ones.
 */
class FlowSessionProperties {

    /** Events a silent caller's call may take to end: timers and prompt ends only. */
    static final int QUIET_EVENTS = 500;

    @Property(tries = 400)
    void everyCallEndsWhenTheCallerStopsActing(
            @ForAll @Size(min = 20, max = 120) List<@IntRange(min = 0, max = 10_000) Integer> shape,
            @ForAll @Size(max = 150) List<@IntRange(min = 0, max = 10_000) Integer> behaviour) {
        Run run = new Run(shape);
        run.act(behaviour, false);
        run.quiet();
        assertThat(run.h.ended() || run.session.isFinished())
                .as("ended within %d quiet events", QUIET_EVENTS).isTrue();
        Journey.Ended end = run.session.journey().ending().orElseThrow();
        Statistics.label("outcome").collect(end.outcome(),
                end.outcome() == Journey.Outcome.FAILED ? end.detail().replaceAll("[0-9]+ ", "") : "");
        Statistics.label("nodes entered").collect(Math.min(10, run.session.journey().steps().stream()
                .filter(Journey.NodeEntered.class::isInstance).count()));
    }

    @Property(tries = 400)
    void nothingIsCommandedAfterTheEnd(
            @ForAll @Size(min = 20, max = 120) List<@IntRange(min = 0, max = 10_000) Integer> shape,
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 10_000) Integer> behaviour) {
        Run run = new Run(shape);
        run.act(behaviour, true);
        run.quiet();
        run.act(behaviour, true); // keep poking the ended session, with stale and current-looking ids
        assertThat(run.h.commandsAfterEnd).isZero();
        assertThat(run.h.all.stream().filter(c -> c instanceof IvrCommand.RouteTo || c instanceof IvrCommand.Hangup))
                .hasSizeLessThanOrEqualTo(1);
        assertThat(run.session.isFinished()).isTrue();
    }

    @Property(tries = 400)
    void keysAreUsedInOrderAndNeverLost(
            @ForAll @Size(min = 20, max = 120) List<@IntRange(min = 0, max = 10_000) Integer> shape,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 10_000) Integer> behaviour) {
        Run run = new Run(shape);
        run.act(behaviour, false);
        run.quiet();
        Deque<Character> waiting = new ArrayDeque<>();
        boolean mustUseNext = false;
        for (Journey.Step step : run.session.journey().steps()) {
            if (mustUseNext) {
                assertThat(step).as("a menu or collect entered with keys waiting uses the first one")
                        .isInstanceOf(Journey.DigitUsed.class);
                mustUseNext = false;
            }
            if (step instanceof Journey.DigitPressed p) {
                waiting.addLast(p.digit());
            } else if (step instanceof Journey.DigitUsed u) {
                assertThat(waiting).as("key used was pressed and is the oldest waiting").isNotEmpty();
                assertThat(u.digit()).isEqualTo(waiting.removeFirst());
            } else if (step instanceof Journey.NodeEntered e && !waiting.isEmpty()) {
                Node node = run.flow.node(e.node());
                mustUseNext = node instanceof Node.Menu || node instanceof Node.Collect;
            }
        }
    }

    @Property(tries = 400)
    void timeoutsAlwaysLeadSomewhere(
            @ForAll @Size(min = 20, max = 120) List<@IntRange(min = 0, max = 10_000) Integer> shape,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 10_000) Integer> behaviour) {
        Run run = new Run(shape);
        run.act(behaviour, false);
        run.quiet();
        Statistics.label("a timer fired").collect(run.timersFired > 0);
        assertThat(run.timersFired).isEqualTo(run.timersFiredThenAlive + run.timersFiredThenEnded);
        assertThat(run.stuckAfterTimer).as("left with nothing pending after a timer").isEmpty();
    }

    /** One call: a random flow, its session and the engine's view of it. */
    static final class Run {
        final FlowConfig flow;
        final FlowSession session;
        final Harness h;
        final List<Long> ids = new ArrayList<>();
        final List<String> stuckAfterTimer = new ArrayList<>();
        int timersFired;
        int timersFiredThenAlive;
        int timersFiredThenEnded;

        Run(List<Integer> shape) {
            flow = RandomFlows.build(shape);
            session = new FlowSession(flow, Nodes.CLOCK, Nodes.CALL,
                    name -> name.equals("main") ? Optional.of(flow) : Optional.empty());
            h = Harness.of(session);
            remember(h.last);
        }

        private void remember(List<IvrCommand> out) {
            for (IvrCommand c : out) {
                if (c instanceof IvrCommand.Play p) {
                    ids.add(p.playbackId());
                } else if (c instanceof IvrCommand.StartTimer t) {
                    ids.add(t.timerId());
                } else if (c instanceof IvrCommand.Lookup l) {
                    ids.add(l.lookupId());
                }
            }
        }

        private void send(IvrEvent e) {
            boolean currentTimer = e instanceof IvrEvent.TimerFired t && h.timers.contains(t.timerId())
                    && !h.ended();
            remember(h.send(e));
            assertThat(h.timers).as("at most one timer at a time").hasSizeLessThanOrEqualTo(1);
            if (!h.ended() && !session.isFinished()) {
                assertThat(h.somethingPending()).as("live session with nothing pending after %s", e).isTrue();
            }
            if (currentTimer) {
                timersFired++;
                if (h.ended()) {
                    timersFiredThenEnded++;
                } else if (h.somethingPending()) {
                    timersFiredThenAlive++;
                } else {
                    stuckAfterTimer.add(session.nodeName().orElse("?"));
                }
            }
        }

        /** A caller and a network doing random things (and, with {@code afterEnd}, still doing them once it ended). */
        void act(List<Integer> behaviour, boolean afterEnd) {
            Choices c = new Choices(behaviour);
            while (!c.exhausted() && (afterEnd || !session.isFinished())) {
                int action = c.next(20);
                if (action < 6) {
                    send(new IvrEvent.DigitReceived(RandomFlows.KEYS.charAt(c.next(12)), 60 + c.next(200)));
                } else if (action < 10 && h.playing != null) {
                    send(new IvrEvent.PromptFinished(h.playing.playbackId()));
                } else if (action < 14 && !h.timers.isEmpty()) {
                    send(new IvrEvent.TimerFired(h.timers.iterator().next()));
                } else if (action < 16 && h.lookup != null) {
                    send(new IvrEvent.LookupSucceeded(h.lookup.lookupId(), Map.of("v" + c.next(3), "12"), 30));
                } else if (action == 16 && h.lookup != null) {
                    send(new IvrEvent.LookupFailed(h.lookup.lookupId(), "HTTP 500", 30));
                } else if (action == 17 && !ids.isEmpty()) {
                    long stale = ids.get(c.next(ids.size()));
                    send(c.flag() ? new IvrEvent.TimerFired(stale) : new IvrEvent.PromptFinished(stale));
                } else if (action == 18 && !ids.isEmpty()) {
                    send(new IvrEvent.LookupSucceeded(ids.get(c.next(ids.size())), Map.of(), 1));
                } else if (action == 19 && c.next(8) == 0) {
                    send(new IvrEvent.CallerHungUp());
                } else {
                    send(new IvrEvent.DigitReceived(RandomFlows.KEYS.charAt(c.next(12)), 80));
                }
            }
        }

        /** The caller says nothing more and look-ups never answer: only prompt ends and timers. */
        void quiet() {
            for (int i = 0; i < QUIET_EVENTS && !h.ended() && !session.isFinished(); i++) {
                if (h.playing != null) {
                    send(new IvrEvent.PromptFinished(h.playing.playbackId()));
                } else if (!h.timers.isEmpty()) {
                    send(new IvrEvent.TimerFired(h.timers.iterator().next()));
                } else {
                    throw new AssertionError("stuck: nothing pending at " + session.nodeName());
                }
            }
        }
    }
}
