package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.atende.acd.estimate.AbandonRate;
import org.atende.acd.estimate.HandleTimes;
import org.atende.acd.routing.RoutingStrategies;
import org.atende.acd.routing.RoutingStrategy;
import org.atende.config.AgentConfig;
import org.atende.config.QueueConfig;

/**
 * One queue: its configuration and strategy, its members by agent id (static members, then the agents who name
 * it) with their place in that order and their penalty, the last member it offered a call to, its counters.
 */
final class AcdQueue {

    final QueueConfig config;
    final RoutingStrategy strategy;
    /** The place in the order written of the member offered one of this queue's calls last; empty before. */
    OptionalInt lastOffered = OptionalInt.empty();
    final Counters counters = new Counters();
    /** The last handle times (talk and wrap-up) and how fast callers hang up: the wait estimate's history. */
    final HandleTimes handleTimes = new HandleTimes();
    final AbandonRate abandonRate = new AbandonRate();
    /** The members by agent id. */
    final Map<String, Membership> members = new HashMap<>();

    /**
     * One member of the queue.
     *
     * @param position its place: static members in the order written, then agents in the order written
     * @param penalty  0 first; a member is offered a call only when no free eligible member has a lower one
     * @param skills   a static member's skills in this queue; null for an agent, whose own skills count
     */
    record Membership(String agent, int position, int penalty, Map<String, Integer> skills) {
    }

    AcdQueue(QueueConfig config, List<AgentConfig> agents) {
        this.config = config;
        this.strategy = RoutingStrategies.named(config.strategy());
        int position = 0;
        for (QueueConfig.Member m : config.members()) {
            members.put(m.extension(), new Membership(m.extension(), position++, 0, m.skills()));
        }
        for (AgentConfig a : agents) {
            Integer penalty = a.queues().get(config.name());
            if (penalty != null) {
                members.put(a.id(), new Membership(a.id(), position++, penalty, null));
            }
        }
    }

    boolean isMember(String agent) {
        return members.containsKey(agent);
    }

    /** The skills {@code a} has in this queue (it must be a member). */
    Map<String, Integer> skillsOf(Membership m, Agent a) {
        return m.skills() != null ? m.skills() : a.skills();
    }

    /** A call was answered after waiting {@code waited}: within the service level or not. */
    void answered(Duration waited) {
        abandonRate.answered(waited);
        counters.answered(waited);
        if (waited.compareTo(config.thresholds().serviceLevel()) <= 0) {
            counters.answeredInServiceLevel++;
        }
    }

    /** A caller hung up after waiting {@code waited}: a short abandon or not. */
    void abandoned(Duration waited) {
        abandonRate.abandoned(waited);
        counters.abandoned++;
        if (waited.compareTo(config.thresholds().shortAbandon()) <= 0) {
            counters.shortAbandoned++;
        }
    }

    /**
     * The queue's figures at {@code now}, given the calls waiting in it (callers on the line are counted as waiting,
     * callbacks as pending) and the callbacks pending.
     */
    QueueStats stats(List<WaitingCall> in, int callbacksPending, Instant now) {
        List<WaitingCall> callers = in.stream().filter(w -> !w.isCallback()).toList();
        Duration longest = callers.stream().map(w -> Duration.between(w.since, now))
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        return new QueueStats(config.name(), counters.offered, counters.answered, counters.abandoned,
                counters.overflowed, callers.size(), longest, counters.answered == 0 ? Duration.ZERO
                : counters.waitedAnswered.dividedBy(counters.answered), counters.longestAnswered,
                counters.refused, counters.answeredInServiceLevel, counters.shortAbandoned, config.thresholds(),
                counters.callbacksRequested, counters.callbacksAnswered, counters.callbacksFailed, callbacksPending);
    }

    /** What {@link QueueStats} counts since start. */
    static final class Counters {
        long offered;
        long answered;
        long abandoned;
        long overflowed;
        long refused;
        long answeredInServiceLevel;
        long shortAbandoned;
        long callbacksRequested;
        long callbacksAnswered;
        long callbacksFailed;
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
