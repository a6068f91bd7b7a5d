package org.atende.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd;
import org.atende.acd.AcdCommand;
import org.atende.acd.AcdTimer;
import org.atende.acd.Requirements;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.FeatureCodes;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Strategy;
import org.atende.config.flow.Node;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision of a busy contact center (issue 11): what the {@link Acd} does when one call arrives
 * ({@code enqueue}, then the offer if someone free may take it) or one agent becomes free (a call ends, no wrap-up:
 * the ACD looks for the next caller for them). Each measured invocation is that one event; JMH's
 * {@code SampleTime} gives the distribution.
 *
 * <p>The center: {@code agents} dynamic agents logged in with {@link Acd#login}, {@code agents / 10} queues (so
 * about 30 members a queue at every size), 50 skills. Each queue has a topic of 4 skills; each agent serves 3
 * queues: the first with penalty 0 and its 4 topic skills, two more with penalty 0-2 and 2 of their topic skills,
 * at levels 1-10, and one skill at random. A call goes to a random queue asking 1 of its topic skills (or 2, one
 * call in three) at levels 1-8, priority 0 (or 1-10, one call in five); after 30 s its step accepts level 1 in the topic skills and widens it to the next queue, after
 * 180 s it overflows. {@code strategy} is every queue's, or {@code mixed}: the eight strategies in turn.
 *
 * <p>Between measured events (unmeasured, {@code Level.Invocation}) the benchmark plays the engine: it answers
 * every offer at once, fires the timers when due (the clock moves 300 s / (0.9 × agents) per event: talk times
 * of about 5 min), and keeps the load where it is: up to 90 % of the agents on a call (calls end at random past that,
 * up to three callers arrive short of it), 3 % paused, up to 2 % of {@code agents} callers waiting for someone
 * with their skills (the oldest hangs up past that), the rest free.
 *
 * <pre>java -jar bench/target/benchmarks.jar RoutingDecisionBenchmark</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RoutingDecisionBenchmark {

    /** A call arrives; between arrivals the engine ends calls to keep the load. */
    @Benchmark
    public List<AcdCommand> callArrives(Arrivals center) {
        return center.last = center.acd.enqueue(center.nextCall, center.nextQueue, center.nextAsks);
    }

    /** An agent's call ends and they are free; between ends the engine lets callers in to keep the load. */
    @Benchmark
    public List<AcdCommand> agentFrees(Departures center) {
        return center.last = center.acd.callEnded(center.nextCall);
    }

    @State(Scope.Thread)
    public static class Arrivals extends Center {
        @Setup(Level.Invocation)
        public void nextArrival() {
            settle();
            prepareArrival();
        }
    }

    @State(Scope.Thread)
    public static class Departures extends Center {
        @Setup(Level.Invocation)
        public void nextDeparture() {
            settle();
            nextCall = connected.remove(random.nextInt(connected.size()));
        }
    }

    /** The contact center and the engine's part around it. */
    @State(Scope.Thread)
    public abstract static class Center {

        private static final int SKILLS = 50;
        private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

        @Param({"100", "1000", "10000"})
        public int agents;

        @Param({"best_skill", "mixed"})
        public String strategy;

        Acd acd;
        final SplittableRandom random = new SplittableRandom(42);
        final BenchClock clock = new BenchClock(START);
        /** The commands of the measured event, carried out before the next. */
        List<AcdCommand> last = List.of();
        String nextCall;
        String nextQueue;
        Requirements nextAsks;
        /** Calls an agent talks on, in no order (one is picked at random to end). */
        final List<String> connected = new ArrayList<>();
        private final Set<String> waiting = new LinkedHashSet<>();
        /** Offers ringing, answered as soon as the event that made them is carried out. */
        private final Map<String, String> ringing = new LinkedHashMap<>();
        private final PriorityQueue<Due> timers = new PriorityQueue<>();
        private List<String> queueNames;
        private List<List<String>> topics;
        private Duration perEvent;
        private int onCallTarget;
        private int waitingCap;
        private int paused;
        private long calls;
        private long events;
        private long waitingSeen;
        private long freeSeen;

        @Setup(Level.Trial)
        public void build() {
            int queueCount = Math.max(10, agents / 10);
            queueNames = new ArrayList<>();
            topics = new ArrayList<>();
            for (int q = 0; q < queueCount; q++) {
                queueNames.add(String.format(Locale.ROOT, "q%04d", q));
                topics.add(distinctSkills(4));
            }
            List<QueueConfig> queues = new ArrayList<>();
            Strategy[] all = Strategy.values();
            for (int q = 0; q < queueCount; q++) {
                Strategy s = strategy.equals("mixed") ? all[q % all.length]
                        : Strategy.valueOf(strategy.toUpperCase(Locale.ROOT));
                Map<String, Integer> accept = new LinkedHashMap<>();
                topics.get(q).forEach(skill -> accept.put(skill, 1));
                QueueConfig.Step widen = new QueueConfig.Step(Duration.ofSeconds(30), accept, Set.of(), false,
                        List.of(queueNames.get((q + 1) % queueCount)), Optional.empty());
                queues.add(new QueueConfig(queueNames.get(q), List.of(), s, Duration.ofSeconds(15),
                        Optional.of(Duration.ofSeconds(180)), Optional.of(new Node.Target.Extension("1099")),
                        Duration.ZERO, List.of(), Optional.empty(), Optional.empty(), 3,
                        QueueConfig.Limits.DEFAULTS, QueueConfig.Thresholds.DEFAULTS, List.of(widen)));
            }
            List<AgentConfig> people = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                Map<String, Integer> serves = new LinkedHashMap<>();
                Map<String, Integer> skills = new LinkedHashMap<>();
                while (serves.size() < 3) {
                    int q = random.nextInt(queueCount);
                    boolean primary = serves.isEmpty();
                    if (serves.putIfAbsent(queueNames.get(q), primary ? 0 : random.nextInt(3)) == null) {
                        List<String> topic = topics.get(q);
                        int first = random.nextInt(4);
                        for (int k = 0; k < (primary ? 4 : 2); k++) {
                            skills.merge(topic.get((first + k) % 4), 1 + random.nextInt(10), Math::max);
                        }
                    }
                }
                skills.merge(skill(random.nextInt(SKILLS)), 1 + random.nextInt(10), Math::max);
                people.add(new AgentConfig(id(i), id(i), "0000", skills, serves, Optional.empty(), Optional.empty()));
            }
            acd = new Acd(queues, new AgentsConfig(people, Map.of(), FeatureCodes.DEFAULTS), clock,
                    new SplittableRandom(7));
            for (int i = 0; i < agents; i++) {
                acd.login(id(i), "x" + id(i), "bench");
            }
            for (int i = 0; i < agents; i += 33) {
                acd.pause(id(i), "pausa", "bench");
                paused++;
            }
            perEvent = Duration.ofSeconds(300).dividedBy(Math.max(1, agents * 9L / 10));
            onCallTarget = agents * 90 / 100;
            waitingCap = Math.max(2, agents * 2 / 100);
            // reach the steady state: about every agent's call ended once, and past the timers' horizon (180 s)
            long warm = Math.max(2L * agents, Duration.ofSeconds(400).dividedBy(perEvent));
            for (long e = 0; e < warm; e++) {
                settle();
                if (random.nextBoolean()) {
                    prepareArrival();
                    apply(acd.enqueue(nextCall, nextQueue, nextAsks));
                } else if (!connected.isEmpty()) {
                    apply(acd.callEnded(connected.remove(random.nextInt(connected.size()))));
                }
            }
            events = waitingSeen = freeSeen = 0;
        }

        @TearDown(Level.Trial)
        public void report() {
            // what the measured events saw, for the write-up (JMH prints it with the iteration lines)
            System.out.printf(Locale.ROOT, "%n%d agents, %d queues: on average %.1f callers waiting, %.1f agents"
                    + " free%n", agents, queueNames.size(), waitingSeen / (double) events, freeSeen / (double) events);
        }

        /** Carries out the last event's commands, then keeps the load and moves the clock on. */
        void settle() {
            apply(last);
            last = List.of();
            while (connected.size() > onCallTarget) {
                apply(acd.callEnded(connected.remove(random.nextInt(connected.size()))));
            }
            for (int i = 0; i < 3 && connected.size() < onCallTarget; i++) {
                prepareArrival();
                apply(acd.enqueue(nextCall, nextQueue, nextAsks));
            }
            while (waiting.size() > waitingCap) {
                String oldest = waiting.iterator().next();
                waiting.remove(oldest);
                apply(acd.callEnded(oldest)); // the oldest caller hangs up
            }
            clock.now = clock.now.plus(perEvent);
            while (!timers.isEmpty() && !timers.peek().at.isAfter(clock.now)) {
                apply(acd.timerFired(timers.poll().timer));
            }
            events++;
            waitingSeen += waiting.size();
            freeSeen += agents - paused - connected.size();
        }

        void prepareArrival() {
            nextCall = "c" + calls++;
            int q = random.nextInt(queueNames.size());
            nextQueue = queueNames.get(q);
            List<String> topic = topics.get(q);
            Map<String, Integer> asks = new LinkedHashMap<>();
            int first = random.nextInt(4);
            asks.put(topic.get(first), 1 + random.nextInt(8));
            if (random.nextInt(3) == 0) {
                asks.put(topic.get((first + 1 + random.nextInt(3)) % 4), 1 + random.nextInt(8));
            }
            nextAsks = new Requirements(asks, random.nextInt(5) == 0 ? 1 + random.nextInt(10) : 0, Optional.empty());
        }

        /** What the engine does with the commands: offers are answered at once, timers scheduled. */
        private void apply(List<AcdCommand> out) {
            for (AcdCommand c : out) {
                if (c instanceof AcdCommand.Queued q) {
                    waiting.add(q.callId());
                } else if (c instanceof AcdCommand.Offer o) {
                    ringing.put(o.callId() + "/" + o.agent(), o.agent());
                } else if (c instanceof AcdCommand.CancelOffer x) {
                    ringing.remove(x.callId() + "/" + x.agent());
                } else if (c instanceof AcdCommand.Overflow o) {
                    waiting.remove(o.callId());
                } else if (c instanceof AcdCommand.Refused r) {
                    waiting.remove(r.callId());
                } else if (c instanceof AcdCommand.StartTimer t) {
                    timers.add(new Due(clock.now.plus(t.after()), t.timer()));
                }
            }
            while (!ringing.isEmpty()) {
                Map.Entry<String, String> offer = ringing.entrySet().iterator().next();
                ringing.remove(offer.getKey());
                String call = offer.getKey().substring(0, offer.getKey().indexOf('/'));
                waiting.remove(call);
                connected.add(call);
                apply(acd.offerAnswered(call, offer.getValue()));
            }
        }

        private List<String> distinctSkills(int n) {
            Set<String> s = new LinkedHashSet<>();
            while (s.size() < n) {
                s.add(skill(random.nextInt(SKILLS)));
            }
            return List.copyOf(s);
        }

        private static String skill(int i) {
            return String.format(Locale.ROOT, "s%02d", i);
        }

        private static String id(int i) {
            return Integer.toString(100_000 + i);
        }
    }

    private record Due(Instant at, AcdTimer timer) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return at.compareTo(o.at);
        }
    }

    /** The ACD's clock: moved by the benchmark, never by the wall. */
    static final class BenchClock extends java.time.Clock {
        Instant now;

        BenchClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
