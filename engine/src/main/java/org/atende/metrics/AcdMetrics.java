package org.atende.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.atende.acd.Acd;
import org.atende.acd.AgentStatus;
import org.atende.acd.QueueStats;
import org.atende.call.QueueService;

/**
 * Binds {@link AcdMeters}: each queue's figures, sampled on the ACD thread ({@link QueueService#stats}) into a
 * {@link Snapshot} the meters read, and the counts {@link QueueService} keeps thread-safely.
 */
public final class AcdMetrics extends CatalogBinder {

    private final QueueService acd;
    private final List<Snapshot<QueueStats>> queues = new ArrayList<>();
    /** How many agents are in each state, sampled on the ACD thread. */
    private final Snapshot<Map<Acd.AgentState, Long>> agents;

    public AcdMetrics(QueueService acd, Collection<String> queueNames) {
        this.acd = acd;
        for (String name : queueNames) {
            queues.add(new Snapshot<>(new QueueStats(name, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                    () -> acd.stats(name)));
        }
        this.agents = new Snapshot<>(Map.of(), () -> acd.agents().thenApply(list -> list.stream()
                .collect(Collectors.groupingBy(AgentStatus::state, () -> new EnumMap<>(Acd.AgentState.class),
                        Collectors.counting()))));
    }

    @Override
    protected void register() {
        gauge(AcdMeters.MESSAGES_PENDING, acd, QueueService::pendingMessages);
        for (Acd.AgentState state : Acd.AgentState.values()) {
            gauge(AcdMeters.AGENTS, agents, s -> s.latest().getOrDefault(state, 0L),
                    state.name().toLowerCase(Locale.ROOT));
        }
        for (Snapshot<QueueStats> q : queues) {
            String name = q.latest().queue();
            functionCounter(AcdMeters.QUEUE_OFFERED, q, s -> s.latest().offered(), name);
            functionCounter(AcdMeters.QUEUE_ANSWERED, q, s -> s.latest().answered(), name);
            functionCounter(AcdMeters.QUEUE_ABANDONED, q, s -> s.latest().abandoned(), name);
            functionCounter(AcdMeters.QUEUE_OVERFLOWED, q, s -> s.latest().overflowed(), name);
            functionCounter(AcdMeters.QUEUE_REFUSED, q, s -> acd.refusedArrivals(name) + s.latest().refused(), name);
            functionCounter(AcdMeters.QUEUE_ANSWERED_IN_SERVICE_LEVEL, q, s -> s.latest().answeredInServiceLevel(),
                    name);
            functionCounter(AcdMeters.QUEUE_SHORT_ABANDONED, q, s -> s.latest().shortAbandoned(), name);
            functionCounter(AcdMeters.QUEUE_CALLBACKS_REQUESTED, q, s -> s.latest().callbacksRequested(), name);
            functionCounter(AcdMeters.QUEUE_CALLBACKS_ANSWERED, q, s -> s.latest().callbacksAnswered(), name);
            functionCounter(AcdMeters.QUEUE_CALLBACKS_FAILED, q, s -> s.latest().callbacksFailed(), name);
            gauge(AcdMeters.QUEUE_CALLBACKS_PENDING, q, s -> s.latest().callbacksPending(), name);
            gauge(AcdMeters.QUEUE_WAITING, q, s -> s.latest().waiting(), name);
            timeGauge(AcdMeters.QUEUE_LONGEST_WAIT, q, TimeUnit.NANOSECONDS,
                    s -> s.latest().longestWaiting().toNanos(), name);
            // the mean is kept to the nanosecond, so the total is exact to within a nanosecond per answered call
            functionTimer(AcdMeters.QUEUE_ANSWER_WAIT, q, s -> s.latest().answered(),
                    s -> (double) s.latest().averageAnswer().toNanos() * s.latest().answered(), TimeUnit.NANOSECONDS,
                    name);
        }
    }

    @Override
    public CompletableFuture<Void> refresh() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        queues.forEach(q -> all.add(q.refresh()));
        all.add(agents.refresh());
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }
}
