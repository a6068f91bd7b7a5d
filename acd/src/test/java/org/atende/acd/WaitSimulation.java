package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.estimate.AbandonRate;
import org.atende.acd.estimate.BusyAgent;
import org.atende.acd.estimate.HandleTimes;
import org.atende.acd.estimate.Staffing;
import org.atende.acd.estimate.WaitEstimator;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Strategy;

/**
 * A discrete-event simulation of one queue served by the real {@link Acd} on a {@link TestClock}, playing the
 * engine's part: Poisson arrivals, lognormal talk times and a fixed wrap-up, callers with lognormal patience who
 * hang up when it runs out; every offer is answered at once, every timer fires when due. Each caller who finds
 * nobody free is given estimates on entry, by {@link WaitEstimator} and by the baselines, and again every
 * {@link #REPEAT} while waiting; when an agent takes the call, each estimate is set against the wait that followed
 * it. Seeded: the same load gives the same figures.
 */
final class WaitSimulation {

    static final double TALK_MEAN = 225;
    static final double TALK_CV = 1.0;
    static final Duration WRAP_UP = Duration.ofSeconds(15);
    static final double HANDLE_MEAN = TALK_MEAN + WRAP_UP.toSeconds();
    /** Lognormal, not the exponential {@link AbandonRate} assumes. */
    static final double PATIENCE_MEAN = 300;
    static final double PATIENCE_CV = 1.0;
    /** How often a waiting caller is told again. */
    static final Duration REPEAT = Duration.ofSeconds(60);
    /** Callers before this are not measured: the histories fill, the queue reaches its regime. */
    static final int WARM_UP = 500;
    private static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    private static final String QUEUE = "q";

    /**
     * {@code agents} staffed, offered {@code offered} of their time (arrival rate × mean handle time / agents), which
     * with the callers who hang up keeps them busy {@code occupancy} of it.
     */
    record Load(int agents, double occupancy, double offered) {
    }

    /** Absolute errors summed over the measured estimates, in seconds. */
    static final class Errors {
        long count;
        double waits;
        double ours;
        double positionAndStaffing;
        double asterisk;
        double asteriskQueued;
        double frozen;

        double mean(double sum) {
            return sum / count;
        }
    }

    /** What one run measured: on entry, and on the estimates told again while waiting. */
    record Result(Load load, int arrivals, double carried, double abandonedShare, Errors entry, Errors repeated) {
    }

    private final Load load;
    private final int arrivals;
    private final SplittableRandom random;
    private final TestClock clock = new TestClock(START);
    private final Acd acd;
    private final List<String> members = new ArrayList<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Map<String, Caller> callers = new HashMap<>();
    private final Map<String, Instant> answeredAt = new HashMap<>();
    private final Map<String, Instant> wrapUpEnds = new HashMap<>();
    private final HandleTimes handleTimes = new HandleTimes();
    private final AbandonRate abandonRate = new AbandonRate();
    private final Errors entry = new Errors();
    private final Errors repeated = new Errors();
    /** Asterisk's {@code holdtime}: 3/4 of itself plus 1/4 of each answered call's wait, from 0. */
    private double asterisk;
    /** The same filter over the callers who waited only (Asterisk's counts the ones served at once). */
    private double asteriskQueued;
    private double busySeconds;
    private long seq;
    private int arrived;
    private int abandoned;

    WaitSimulation(Load load, int arrivals, long seed) {
        this.load = load;
        this.arrivals = arrivals;
        this.random = new SplittableRandom(seed);
        for (int i = 1; i <= load.agents(); i++) {
            members.add("a" + i);
        }
        QueueConfig q = new QueueConfig(QUEUE, members.stream().map(e -> new Member(e, Map.of())).toList(),
                Strategy.LONGEST_IDLE, Duration.ofSeconds(15), Optional.empty(), Optional.empty(), WRAP_UP, List.of(),
                Optional.empty());
        this.acd = new Acd(List.of(q), clock, new SplittableRandom(seed));
    }

    Result run() {
        schedule(Duration.ZERO, new Arrival());
        while (!events.isEmpty()) {
            Event e = events.poll();
            clock.advanceTo(e.at);
            e.action.run();
        }
        double span = Duration.between(START, clock.instant()).toMillis() / 1000.0;
        return new Result(load, arrived, busySeconds / span / load.agents(), (double) abandoned / arrived, entry,
                repeated);
    }

    // ---- the events ----

    private final class Arrival implements Runnable {
        @Override
        public void run() {
            arrived++;
            String id = "c" + arrived;
            Caller c = new Caller(id, arrived > WARM_UP, now(), seconds(lognormal(TALK_MEAN, TALK_CV)),
                    seconds(lognormal(PATIENCE_MEAN, PATIENCE_CV)));
            callers.put(id, c);
            if (arrived < arrivals) {
                double rate = load.offered() * load.agents() / HANDLE_MEAN;
                schedule(seconds(-Math.log(1 - random.nextDouble()) / rate), new Arrival());
            }
            apply(acd.enqueue(id, QUEUE, Requirements.NONE));
            Optional<Integer> position = acd.view().position(id);
            if (position.isEmpty()) {
                return; // an agent took it at once: the caller hears no estimate
            }
            c.ours = estimate(position.get(), staffing()).orElse(null);
            c.positionAndStaffing = estimate(position.get(), Staffing.of(load.agents(), free())).orElse(null);
            c.asterisk = asterisk;
            c.asteriskQueued = asteriskQueued;
            schedule(c.patience, () -> hangUp(c));
            schedule(REPEAT, () -> tellAgain(c));
        }
    }

    private void hangUp(Caller c) {
        if (acd.view().position(c.id).isEmpty()) {
            return;
        }
        abandoned++;
        abandonRate.abandoned(Duration.between(c.arrival, now()));
        apply(acd.callEnded(c.id));
    }

    private void tellAgain(Caller c) {
        Optional<Integer> position = acd.view().position(c.id);
        if (position.isEmpty()) {
            return;
        }
        Optional<Duration> ours = estimate(position.get(), staffing());
        if (ours.isPresent() && c.ours != null) {
            Duration waited = Duration.between(c.arrival, now());
            Duration frozen = c.ours.compareTo(waited) > 0 ? c.ours.minus(waited) : Duration.ZERO;
            c.told.add(new Told(now(), ours.get(), frozen));
        }
        schedule(REPEAT, () -> tellAgain(c));
    }

    private void talkEnded(String id, String agent, Duration talk) {
        handleTimes.record(talk.plus(WRAP_UP));
        busySeconds += talk.plus(WRAP_UP).toMillis() / 1000.0;
        answeredAt.remove(agent);
        apply(acd.callEnded(id));
    }

    // ---- the commands ----

    /** Carries out the ACD's commands, and those that answering its offers brings. */
    private void apply(List<AcdCommand> first) {
        Deque<AcdCommand> todo = new ArrayDeque<>(first);
        while (!todo.isEmpty()) {
            AcdCommand command = todo.poll();
            if (command instanceof AcdCommand.Offer o) {
                answered(callers.get(o.callId()), o.agent());
                todo.addAll(acd.offerAnswered(o.callId(), o.agent()));
            } else if (command instanceof AcdCommand.StartTimer s) {
                AcdTimer t = s.timer();
                if (t.kind() == AcdTimer.Kind.WRAP_UP) {
                    wrapUpEnds.put(t.key(), now().plus(s.after()));
                }
                schedule(s.after(), () -> {
                    wrapUpEnds.remove(t.key());
                    apply(acd.timerFired(t));
                });
            } else if (command instanceof AcdCommand.CancelOffer || command instanceof AcdCommand.Overflow) {
                throw new AssertionError("offers are answered at once and nothing overflows: " + command);
            }
        }
    }

    private void answered(Caller c, String agent) {
        Duration wait = Duration.between(c.arrival, now());
        double waited = wait.toMillis() / 1000.0;
        asterisk = (3 * asterisk + waited) / 4;
        abandonRate.answered(wait);
        answeredAt.put(agent, now());
        schedule(c.talk, () -> talkEnded(c.id, agent, c.talk));
        if (c.asterisk == null) {
            return; // served at once
        }
        asteriskQueued = (3 * asteriskQueued + waited) / 4;
        if (!c.measured || c.ours == null || c.positionAndStaffing == null) {
            return;
        }
        entry.count++;
        entry.waits += waited;
        entry.ours += Math.abs(c.ours.toMillis() / 1000.0 - waited);
        entry.positionAndStaffing += Math.abs(c.positionAndStaffing.toMillis() / 1000.0 - waited);
        entry.asterisk += Math.abs(c.asterisk - waited);
        entry.asteriskQueued += Math.abs(c.asteriskQueued - waited);
        for (Told t : c.told) {
            double rest = Duration.between(t.at, now()).toMillis() / 1000.0;
            repeated.count++;
            repeated.waits += rest;
            repeated.ours += Math.abs(t.ours.toMillis() / 1000.0 - rest);
            repeated.frozen += Math.abs(t.frozen.toMillis() / 1000.0 - rest);
        }
    }

    // ---- the estimator's inputs, as the ACD would give them ----

    private Optional<Duration> estimate(int position, Staffing staffing) {
        return WaitEstimator.estimate(position, staffing, handleTimes, abandonRate.perSecond());
    }

    private Staffing staffing() {
        int free = 0;
        List<BusyAgent> busy = new ArrayList<>();
        for (String a : members) {
            AgentState state = acd.view().agentState(a).orElseThrow();
            switch (state) {
                case AVAILABLE -> free++;
                case ON_CALL -> busy.add(new BusyAgent.Talking(Duration.between(answeredAt.get(a), now()), WRAP_UP));
                case WRAP_UP -> busy.add(new BusyAgent.FreeIn(Duration.between(now(), wrapUpEnds.get(a))));
                case RESERVED -> free++; // for a call ahead, as good as served (never here: offers are answered at once)
                case LOGGED_OUT, PAUSED -> { } // never here: static members
            }
        }
        return new Staffing(free, busy);
    }

    private int free() {
        return (int) members.stream()
                .filter(a -> acd.view().agentState(a).orElseThrow() == AgentState.AVAILABLE).count();
    }

    // ---- helpers ----

    private double lognormal(double mean, double cv) {
        double sigma2 = Math.log(1 + cv * cv);
        return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * random.nextGaussian());
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    private Instant now() {
        return clock.instant();
    }

    private void schedule(Duration after, Runnable action) {
        events.add(new Event(now().plus(after), seq++, action));
    }

    private record Event(Instant at, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private record Told(Instant at, Duration ours, Duration frozen) {
    }

    private static final class Caller {
        final String id;
        final boolean measured;
        final Instant arrival;
        final Duration talk;
        final Duration patience;
        /** The estimates told on entry; null when none (served at once, or no estimate yet). */
        Duration ours;
        Duration positionAndStaffing;
        Double asterisk;
        Double asteriskQueued;
        final List<Told> told = new ArrayList<>();

        Caller(String id, boolean measured, Instant arrival, Duration talk, Duration patience) {
            this.id = id;
            this.measured = measured;
            this.arrival = arrival;
            this.talk = talk;
            this.patience = patience;
        }
    }
}
