package org.atende.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd;
import org.atende.acd.AcdCommand;
import org.atende.acd.Requirements;
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
 * The cost of one ACD decision under load: every agent busy, {@code waiting} callers queued (with skills asked
 * for), and one call ending: its agent is free, the ACD picks the next caller for it (priority, then arrival,
 * skills checked across the queue's members), the agent answers, and a new caller arrives so the backlog stays
 * the same. One operation is that whole cycle: callEnded + offerAnswered + enqueue, three ACD events.
 *
 * <pre>java -jar bench/target/benchmarks.jar AcdBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AcdBenchmark {

    @Param({"50", "500"})
    public int agents;

    @Param({"10", "200"})
    public int waiting;

    private Acd acd;
    /** Calls being talked, one per agent, oldest first. */
    private final java.util.ArrayDeque<String> talking = new java.util.ArrayDeque<>();
    private long next;
    private final Requirements[] asks = {
            new Requirements(Map.of("suporte", 2), 0, Optional.empty()),
            new Requirements(Map.of("vendas", 1), 5, Optional.empty()),
            new Requirements(Map.of("suporte", 1), 0, Optional.of("es")),
            Requirements.NONE};

    @Setup
    public void setUp() {
        List<QueueConfig.Member> members = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            Map<String, Integer> skills = switch (i % 4) {
                case 0 -> Map.of("suporte", 3, "es", 1);
                case 1 -> Map.of("vendas", 2);
                case 2 -> Map.of("suporte", 2, "vendas", 1);
                default -> Map.of("suporte", 1, "es", 2, "vendas", 1);
            };
            members.add(new QueueConfig.Member(Integer.toString(10_000 + i), skills));
        }
        QueueConfig queue = new QueueConfig("geral", members, QueueConfig.Strategy.LONGEST_IDLE,
                Duration.ofSeconds(15), Optional.empty(), Optional.empty(), Duration.ZERO, List.of(),
                Optional.empty());
        acd = new Acd(List.of(queue), Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), ZoneOffset.UTC));
        talking.clear();
        // fill every agent with a call (NONE: anyone takes it), then build the backlog
        for (int i = 0; i < agents; i++) {
            String call = "c" + next++;
            answerOffers(acd.enqueue(call, "geral", Requirements.NONE));
        }
        for (int i = 0; i < waiting; i++) {
            answerOffers(acd.enqueue("c" + next++, "geral", asks[i % asks.length]));
        }
    }

    @Benchmark
    public int oneCallEndsAndTheNextIsServed() {
        int commands = 0;
        String done = talking.poll();
        if (done != null) {
            commands += answerOffers(acd.callEnded(done));
        }
        commands += answerOffers(acd.enqueue("c" + next++, "geral", asks[(int) (next % asks.length)]));
        return commands;
    }

    /** Every offer is answered at once; returns how many commands there were. */
    private int answerOffers(List<AcdCommand> out) {
        int n = out.size();
        for (AcdCommand c : out) {
            if (c instanceof AcdCommand.Offer o) {
                n += acd.offerAnswered(o.callId(), o.agent()).size();
                talking.add(o.callId());
            }
        }
        return n;
    }
}
