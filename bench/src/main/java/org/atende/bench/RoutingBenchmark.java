package org.atende.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.atende.acd.routing.Caller;
import org.atende.acd.routing.FreeAgent;
import org.atende.acd.routing.QueueSnapshot;
import org.atende.acd.routing.RoutingStrategies;
import org.atende.acd.routing.RoutingStrategy;
import org.atende.config.QueueConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A strategy's choice alone: {@link RoutingStrategy#choose} among {@code agents} free agents, all eligible for the
 * call, in one snapshot built once. This is the strategy's own cost as the eligible list grows (a strategy looks at
 * every eligible agent), not the cost of a routing decision: in the ACD the list holds only the free members of the
 * call's queues with its skills, a few even with 10,000 agents logged in. {@link RoutingDecisionBenchmark} measures
 * the decision (what the ACD does when a call arrives or an agent becomes free), {@link AcdBenchmark} a whole
 * cycle on one queue. Idle times, calls answered and talk time vary so that comparisons do not short-cut.
 *
 * <pre>java -jar bench/target/benchmarks.jar RoutingBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBenchmark {

    @Param({"100", "1000", "10000"})
    public int agents;

    @Param({"longest_idle", "best_skill", "round_robin", "fewest_calls", "least_talk_time", "random"})
    public String strategy;

    private RoutingStrategy routing;
    private QueueSnapshot snapshot;
    private final Caller caller = new Caller("c1", Map.of("suporte", 1), 0);
    private final Instant now = Instant.parse("2026-01-05T12:00:00Z");
    private final SplittableRandom random = new SplittableRandom(1);

    @Setup
    public void setUp() {
        routing = RoutingStrategies.named(QueueConfig.Strategy.valueOf(strategy.toUpperCase(java.util.Locale.ROOT)));
        SplittableRandom r = new SplittableRandom(7);
        List<FreeAgent> free = new ArrayList<>(agents);
        for (int i = 0; i < agents; i++) {
            free.add(new FreeAgent(Integer.toString(10_000 + i), i, Map.of("suporte", 1 + r.nextInt(5), "es", 1),
                    now.minusSeconds(r.nextInt(3600)), r.nextInt(40), Duration.ofSeconds(r.nextInt(20_000))));
        }
        snapshot = new QueueSnapshot("geral", free, OptionalInt.of(agents / 2));
    }

    @Benchmark
    public List<FreeAgent> oneDecision() {
        return routing.choose(snapshot, caller, now, random);
    }
}
