package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.atende.acd.routing.RoutingStrategies;
import org.atende.acd.routing.RoutingStrategy;
import org.atende.config.QueueConfig;

/**
 * One queue: its configuration and strategy, its members by extension with their place in the order written, the
 * last member it offered a call to, its counters.
 */
final class AcdQueue {

    final QueueConfig config;
    final RoutingStrategy strategy;
    /** The place in the order written of the member offered one of this queue's calls last; empty before. */
    OptionalInt lastOffered = OptionalInt.empty();
    final Counters counters = new Counters();
    /** The members by extension, and their place in the order written. */
    final Map<String, QueueConfig.Member> members = new HashMap<>();
    final Map<String, Integer> index = new HashMap<>();

    AcdQueue(QueueConfig config) {
        this.config = config;
        this.strategy = RoutingStrategies.named(config.strategy());
        for (int i = 0; i < config.members().size(); i++) {
            QueueConfig.Member m = config.members().get(i);
            members.put(m.extension(), m);
            index.put(m.extension(), i);
        }
    }

    boolean isMember(String extension) {
        return members.containsKey(extension);
    }

    /** The queue's figures at {@code now}, given the calls waiting in it. */
    QueueStats stats(List<WaitingCall> in, Instant now) {
        Duration longest = in.stream().map(w -> Duration.between(w.since, now)).max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        return new QueueStats(config.name(), counters.offered, counters.answered, counters.abandoned,
                counters.overflowed, in.size(), longest, counters.answered == 0 ? Duration.ZERO
                : counters.waitedAnswered.dividedBy(counters.answered), counters.longestAnswered);
    }

    /** What {@link QueueStats} counts since start. */
    static final class Counters {
        long offered;
        long answered;
        long abandoned;
        long overflowed;
        Duration waitedAnswered = Duration.ZERO;
        Duration longestAnswered = Duration.ZERO;

        void answered(Duration waited) {
            answered++;
            waitedAnswered = waitedAnswered.plus(waited);
            if (waited.compareTo(longestAnswered) > 0) {
                longestAnswered = waited;
            }
        }
    }
}
