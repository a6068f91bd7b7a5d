package org.atende.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.atende.config.flow.Survey;

/**
 * An ACD queue: the agents (extensions with skill levels) who take its calls, how one of them is chosen, and what
 * the caller hears and where the caller goes when nobody takes the call in time.
 *
 * @param name        the queue's name, as routes write it
 * @param members     the static members (extensions always logged in), in the order written; agents who log in
 *                    name their queues themselves ({@link AgentConfig#queues}) (the {@code linear} and {@code round_robin} strategies'
 *                    order)
 * @param strategy    how the agent for a waiting call is chosen among the eligible idle ones
 * @param ringTimeout how long one offer rings an agent before the next is tried
 * @param maxWait     how long a caller waits before going to {@code overflow}; empty with no overflow: no limit
 * @param overflow    where a caller goes after {@code maxWait}, or at once when no member has the skills asked for
 * @param wrapUp      after a queue call, how long the agent is not offered another one
 * @param hold        what the waiting caller hears, looped; empty plays the hold tone
 * @param survey      the post-call survey for this queue's calls (before the flow's own)
 * @param announcePosition how often a waiting caller is told their place in the queue (also on entering, when
 *                    not first); empty: never
 * @param maxNoAnswer after this many offers in a row missed (not answered in time, refused, failed), the agent is
 *                    paused with reason {@code no_answer}; 0: never
 */
public record QueueConfig(String name, List<Member> members, Strategy strategy, Duration ringTimeout,
                          Optional<Duration> maxWait, Optional<Node.Target> overflow, Duration wrapUp,
                          List<Prompt> hold, Optional<Survey> survey, Optional<Duration> announcePosition,
                          int maxNoAnswer) {

    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_WRAP_UP = Duration.ofSeconds(5);
    /**
     * Three missed offers in a row pause an agent: a phone that is unplugged, silenced or refusing calls would
     * otherwise be rung for every caller, each losing a ring timeout.
     */
    public static final int DEFAULT_MAX_NO_ANSWER = 3;

    public QueueConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(wrapUp, "wrapUp");
        Objects.requireNonNull(survey, "survey");
        Objects.requireNonNull(announcePosition, "announcePosition");
        members = List.copyOf(members);
        hold = List.copyOf(hold);
        if (maxNoAnswer < 0) {
            throw new IllegalArgumentException("queue " + name + ": max_no_answer must be 0 or more");
        }
        if (maxWait.isPresent() != overflow.isPresent()) {
            throw new IllegalArgumentException("queue " + name + ": max_wait and overflow go together");
        }
    }

    /** A queue that pauses an agent after {@link #DEFAULT_MAX_NO_ANSWER} missed offers. */
    public QueueConfig(String name, List<Member> members, Strategy strategy, Duration ringTimeout,
                       Optional<Duration> maxWait, Optional<Node.Target> overflow, Duration wrapUp, List<Prompt> hold,
                       Optional<Survey> survey, Optional<Duration> announcePosition) {
        this(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey, announcePosition,
                DEFAULT_MAX_NO_ANSWER);
    }

    /** A queue that never announces positions. */
    public QueueConfig(String name, List<Member> members, Strategy strategy, Duration ringTimeout,
                       Optional<Duration> maxWait, Optional<Node.Target> overflow, Duration wrapUp, List<Prompt> hold,
                       Optional<Survey> survey) {
        this(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey, Optional.empty());
    }

    /** How the agent for a call is chosen among the idle members who have the skills the call asks for. */
    public enum Strategy {
        /** The agent idle the longest (fair, the default). */
        LONGEST_IDLE,
        /** The agent with the highest levels in the skills asked for; ties go to the longest idle. */
        BEST_SKILL,
        /** Every eligible idle agent at once; the first to answer takes the call. */
        RING_ALL,
        /** The first eligible idle agent in the order written. */
        LINEAR,
        /** The next eligible idle agent in the order written after the one offered last, starting over at the end. */
        ROUND_ROBIN,
        /** The agent who answered the fewest queue calls since start; ties go to the longest idle. */
        FEWEST_CALLS,
        /** The agent with the least time talked on queue calls since start; ties go to the longest idle. */
        LEAST_TALK_TIME,
        /** Any eligible idle agent, drawn at random (the ACD's injected generator: seeded in tests). */
        RANDOM;

        /** The YAML word: {@code longest_idle}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One agent of the queue.
     *
     * @param extension the agent's extension (its phones are rung)
     * @param skills    skill name to level (1-10); a call asking for a skill needs at least its level
     */
    public record Member(String extension, Map<String, Integer> skills) {
        public Member {
            Objects.requireNonNull(extension, "extension");
            skills = Map.copyOf(skills);
        }
    }
}
