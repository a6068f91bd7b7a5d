package org.atende.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.atende.acd.QueueStats;
import org.atende.call.QueueService;

/**
 * Binds {@link AcdMeters}: each queue's figures, sampled on the ACD thread ({@link QueueService#stats}) into a
 * {@link Snapshot} the meters read, and the counts {@link QueueService} keeps thread-safely.
 */
public final class AcdMetrics extends CatalogBinder {

    private final QueueService acd;
    private final List<Snapshot<QueueStats>> queues = new ArrayList<>();

    public AcdMetrics(QueueService acd, Collection<String> queueNames) {
        this.acd = acd;
        for (String name : queueNames) {
            queues.add(new Snapshot<>(new QueueStats(name, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO),
                    () -> acd.stats(name)));
        }
    }

    @Override
    protected void register() {
        gauge(AcdMeters.MESSAGES_PENDING, acd, QueueService::pendingMessages);
        for (Snapshot<QueueStats> q : queues) {
            String name = q.latest().queue();
            functionCounter(AcdMeters.QUEUE_OFFERED, q, s -> s.latest().offered(), name);
            functionCounter(AcdMeters.QUEUE_ANSWERED, q, s -> s.latest().answered(), name);
            functionCounter(AcdMeters.QUEUE_ABANDONED, q, s -> s.latest().abandoned(), name);
            functionCounter(AcdMeters.QUEUE_OVERFLOWED, q, s -> s.latest().overflowed(), name);
            functionCounter(AcdMeters.QUEUE_REFUSED, acd, a -> a.refusedArrivals(name), name);
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
        return CompletableFuture.allOf(queues.stream().map(Snapshot::refresh).toArray(CompletableFuture[]::new));
    }
}
