package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
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
 * @param maxWait     how long a caller waits before going to {@code overflow}; empty: no limit (it needs an
 *                    overflow)
 * @param overflow    where a caller goes after {@code maxWait}, or at once when no member has the skills asked for
 *                    (even after the steps), the queue is full ({@link Limits#maxWaiting}) or nobody is logged in
 *                    ({@link Limits#joinEmpty}); empty: callers wait, and those turned away hear busy
 * @param wrapUp      after a queue call, how long the agent is not offered another one
 * @param hold        what the waiting caller hears, looped; empty plays the hold tone
 * @param survey      the post-call survey for this queue's calls (before the flow's own)
 * @param announcePosition how often a waiting caller is told their place in the queue (also on entering, when
 *                    not first); empty: never
 * @param maxNoAnswer after this many offers in a row missed (not answered in time, refused, failed), the agent is
 *                    paused with reason {@code no_answer}; 0: never
 * @param limits      how many callers may wait, and whether callers wait when nobody is logged in
 * @param thresholds  the service level and short-abandon thresholds of the queue's statistics
 * @param steps       how a waiting call's requirements relax as it waits, in order of waiting time
 * @param announceWait how often a waiting caller is told the estimated wait (with the position, when
 *                    {@code announcePosition} is set too; also on entering, when not served at once); empty: never
 * @param callback    whether and how a waiting caller may ask to be called back instead of waiting; empty: they
 *                    may not
 */
public record QueueConfig(String name, List<Member> members, Strategy strategy, Duration ringTimeout,
                          Optional<Duration> maxWait, Optional<Node.Target> overflow, Duration wrapUp,
                          List<Prompt> hold, Optional<Survey> survey, Optional<Duration> announcePosition,
                          int maxNoAnswer, Limits limits, Thresholds thresholds, List<Step> steps,
                          Optional<Duration> announceWait, Optional<Callback> callback) {

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
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(announceWait, "announceWait");
        Objects.requireNonNull(callback, "callback");
        members = List.copyOf(members);
        hold = List.copyOf(hold);
        steps = List.copyOf(steps);
        if (maxNoAnswer < 0) {
            throw new IllegalArgumentException("queue " + name + ": max_no_answer must be 0 or more");
        }
        if (maxWait.isPresent() && overflow.isEmpty()) {
            throw new IllegalArgumentException("queue " + name + ": max_wait needs overflow");
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (i > 0 && step.after().compareTo(steps.get(i - 1).after()) <= 0) {
                throw new IllegalArgumentException("queue " + name + ": step " + (i + 1) + " is not after step " + i);
            }
            if (step.widen().contains(name)) {
                throw new IllegalArgumentException("queue " + name + ": step " + (i + 1) + " widens to itself");
            }
        }
    }

    /** A queue that offers no callback. */
    public QueueConfig(String name, List<Member> members, Strategy strategy, Duration ringTimeout,
                       Optional<Duration> maxWait, Optional<Node.Target> overflow, Duration wrapUp, List<Prompt> hold,
                       Optional<Survey> survey, Optional<Duration> announcePosition, int maxNoAnswer, Limits limits,
                       Thresholds thresholds, List<Step> steps, Optional<Duration> announceWait) {
        this(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey, announcePosition,
                maxNoAnswer, limits, thresholds, steps, announceWait, Optional.empty());
    }

    /** A queue that never announces the estimated wait. */
    public QueueConfig(String name, List<Member> members, Strategy strategy, Duration ringTimeout,
                       Optional<Duration> maxWait, Optional<Node.Target> overflow, Duration wrapUp, List<Prompt> hold,
                       Optional<Survey> survey, Optional<Duration> announcePosition, int maxNoAnswer, Limits limits,
                       Thresholds thresholds, List<Step> steps) {
        this(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey, announcePosition,
                maxNoAnswer, limits, thresholds, steps, Optional.empty());
    }

    /** A queue with the default limits and thresholds and no steps. */
    public QueueConfig(String name, List<Member> members, Strategy strategy, Duration ringTimeout,
                       Optional<Duration> maxWait, Optional<Node.Target> overflow, Duration wrapUp, List<Prompt> hold,
                       Optional<Survey> survey, Optional<Duration> announcePosition, int maxNoAnswer) {
        this(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey, announcePosition,
                maxNoAnswer, Limits.DEFAULTS, Thresholds.DEFAULTS, List.of());
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

    /** This queue with {@code steps} instead of its own. */
    public QueueConfig withSteps(List<Step> steps) {
        return new QueueConfig(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey,
                announcePosition, maxNoAnswer, limits, thresholds, steps, announceWait, callback);
    }

    /** This queue announcing the estimated wait every {@code every} (empty: never). */
    public QueueConfig withAnnounceWait(Optional<Duration> every) {
        return new QueueConfig(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey,
                announcePosition, maxNoAnswer, limits, thresholds, steps, every, callback);
    }

    /** This queue offering waiting callers {@code callback} (empty: no callback). */
    public QueueConfig withCallback(Optional<Callback> callback) {
        return new QueueConfig(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey,
                announcePosition, maxNoAnswer, limits, thresholds, steps, announceWait, callback);
    }

    /**
     * A callback instead of waiting: a waiting caller presses {@code key}, confirms the number they call from (or
     * keys another) and hangs up; their place in the queue is kept, and when it is their turn the agent is offered
     * the callback (told it is one), then the customer is dialled through {@code trunk} and bridged to them.
     *
     * @param key         the key a waiting caller presses to ask for it (0-9, * or #)
     * @param offer       what tells the waiting caller about it; it must name {@code key}
     * @param offerAfter  how long a caller waits before the offer is first played; then it follows each
     *                    announcement, or is played every {@code offerAfter} when the queue announces nothing.
     *                    The key works from the start
     * @param trunk       the carrier trunk the customer is dialled through
     * @param callerId    the number the customer sees when the trunk has no {@code caller_id} of its own (a
     *                    carrier checks that one); empty: the number the customer called
     * @param attempts    how many times the customer is dialled before the callback is given up (failed)
     * @param retryAfter  how long after an attempt nobody answered the callback is offered to an agent again
     * @param ringTimeout how long the customer's phone rings on one attempt
     * @param maxPending  how many callbacks may be pending in the queue; a caller asking for one more is told no
     */
    public record Callback(char key, List<Prompt> offer, Duration offerAfter, String trunk, Optional<String> callerId,
                           int attempts, Duration retryAfter, Duration ringTimeout, int maxPending) {

        public static final char DEFAULT_KEY = '1';
        /** The built-in offer: "Para receber uma ligação de volta sem perder seu lugar na fila, digite 1." */
        public static final String BUILTIN_OFFER = "builtin:pt-BR/retorno/oferta.wav";
        public static final Duration DEFAULT_OFFER_AFTER = Duration.ofSeconds(30);
        /** Three tries, two minutes apart: a customer in a lift or on another call is reached on a later one. */
        public static final int DEFAULT_ATTEMPTS = 3;
        public static final Duration DEFAULT_RETRY_AFTER = Duration.ofMinutes(2);
        public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(30);
        public static final int DEFAULT_MAX_PENDING = 100;

        public Callback {
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(offerAfter, "offerAfter");
            Objects.requireNonNull(trunk, "trunk");
            Objects.requireNonNull(callerId, "callerId");
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(ringTimeout, "ringTimeout");
            offer = List.copyOf(offer);
            if ("0123456789*#".indexOf(key) < 0) {
                throw new IllegalArgumentException("a callback key is 0-9, * or #");
            }
            if (attempts < 1 || maxPending < 1) {
                throw new IllegalArgumentException("callback attempts and max_pending must be 1 or more");
            }
            if (offerAfter.isNegative() || retryAfter.isNegative() || ringTimeout.isNegative()
                    || ringTimeout.isZero()) {
                throw new IllegalArgumentException("callback durations must not be negative");
            }
        }

        /** The defaults, dialling through {@code trunk}. */
        public static Callback through(String trunk) {
            return new Callback(DEFAULT_KEY, List.of(new Prompt.File(java.nio.file.Path.of(BUILTIN_OFFER))),
                    DEFAULT_OFFER_AFTER, trunk, Optional.empty(), DEFAULT_ATTEMPTS, DEFAULT_RETRY_AFTER,
                    DEFAULT_RING_TIMEOUT, DEFAULT_MAX_PENDING);
        }
    }

    /** This queue with {@code limits} instead of its own. */
    public QueueConfig withLimits(Limits limits) {
        return new QueueConfig(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey,
                announcePosition, maxNoAnswer, limits, thresholds, steps, announceWait, callback);
    }

    /** This queue with {@code thresholds} instead of its own. */
    public QueueConfig withThresholds(Thresholds thresholds) {
        return new QueueConfig(name, members, strategy, ringTimeout, maxWait, overflow, wrapUp, hold, survey,
                announcePosition, maxNoAnswer, limits, thresholds, steps, announceWait, callback);
    }

    /**
     * Who may wait in the queue.
     *
     * @param maxWaiting callers waiting at most; one more goes to the overflow, or hears busy without one. Empty:
     *                   no limit
     * @param joinEmpty  whether a caller waits when no member is logged in (every agent of the queue logged out;
     *                   static members are always logged in). False: such a caller goes to the overflow or hears
     *                   busy, and so do the callers waiting when the queue's last logged-in agent logs out
     */
    public record Limits(OptionalInt maxWaiting, boolean joinEmpty) {

        /**
         * No limit, and callers wait in a queue nobody is logged in to, as Asterisk's {@code joinempty=yes}: an
         * agent may log in at any moment, and a queue that turned callers away whenever the last agent took a
         * break would be worse. A queue with an overflow would rather not keep callers waiting for nobody: it
         * says {@code join_empty: false}.
         */
        public static final Limits DEFAULTS = new Limits(OptionalInt.empty(), true);

        public Limits {
            Objects.requireNonNull(maxWaiting, "maxWaiting");
            if (maxWaiting.isPresent() && maxWaiting.getAsInt() < 1) {
                throw new IllegalArgumentException("max_waiting must be 1 or more");
            }
        }
    }

    /**
     * The thresholds of the queue's statistics.
     *
     * @param serviceLevel a call answered after waiting this long or less is answered within the service level
     * @param shortAbandon a caller who hangs up after waiting this long or less is a short abandon (a wrong
     *                     number, a caller who changed their mind): not counted against the service level
     */
    public record Thresholds(Duration serviceLevel, Duration shortAbandon) {

        public static final Duration DEFAULT_SERVICE_LEVEL = Duration.ofSeconds(20);
        public static final Duration DEFAULT_SHORT_ABANDON = Duration.ofSeconds(5);
        /** 80% of calls answered within 20 s is the usual target; a hang-up in the first 5 s is no fault. */
        public static final Thresholds DEFAULTS = new Thresholds(DEFAULT_SERVICE_LEVEL, DEFAULT_SHORT_ABANDON);

        public Thresholds {
            Objects.requireNonNull(serviceLevel, "serviceLevel");
            Objects.requireNonNull(shortAbandon, "shortAbandon");
            if (serviceLevel.isNegative() || serviceLevel.isZero() || shortAbandon.isNegative()) {
                throw new IllegalArgumentException("service_level must be positive, short_abandon not negative");
            }
        }
    }

    /**
     * What changes for a call once it has waited {@code after}: lower levels accepted, skills or the language no
     * longer needed, more agents who may take it, or off to another target. A step never asks more of an agent
     * than before it.
     *
     * @param after        the wait at which the step applies
     * @param accept       skill to the level now accepted: a call needing that skill at a higher level accepts
     *                     this one (a lower need is kept)
     * @param drop         skills the call no longer needs (asked for, or its language)
     * @param dropLanguage the call no longer needs an agent who speaks its language
     * @param widen        queues whose members may take the call too, with their skills in their queue
     * @param overflow     where the call goes now (alone in its step)
     */
    public record Step(Duration after, Map<String, Integer> accept, Set<String> drop, boolean dropLanguage,
                       List<String> widen, Optional<Node.Target> overflow) {

        /** The word in {@code drop:} that stands for the call's language. */
        public static final String LANGUAGE = "language";

        public Step {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(overflow, "overflow");
            accept = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(accept));
            drop = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(drop));
            widen = List.copyOf(widen);
            if (after.isNegative() || after.isZero()) {
                throw new IllegalArgumentException("a step's after must be positive");
            }
            boolean relaxes = !accept.isEmpty() || !drop.isEmpty() || dropLanguage || !widen.isEmpty();
            if (relaxes == overflow.isPresent()) {
                throw new IllegalArgumentException(relaxes ? "a step with overflow changes nothing else"
                        : "a step needs accept, drop, widen or overflow");
            }
        }

        /** A step that only sends the call to {@code target}. */
        public static Step overflow(Duration after, Node.Target target) {
            return new Step(after, Map.of(), Set.of(), false, List.of(), Optional.of(target));
        }

        /** What the step does, for the log: {@code accept suporte:2, drop language, widen to geral}. */
        public String describe() {
            if (overflow.isPresent()) {
                return "overflow to " + describe(overflow.get());
            }
            List<String> parts = new ArrayList<>();
            if (!accept.isEmpty()) {
                parts.add("accept " + String.join(", ", accept.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()).toList()));
            }
            List<String> dropped = new ArrayList<>(drop);
            if (dropLanguage) {
                dropped.add(LANGUAGE);
            }
            if (!dropped.isEmpty()) {
                parts.add("drop " + String.join(", ", dropped));
            }
            if (!widen.isEmpty()) {
                parts.add("widen to " + String.join(", ", widen));
            }
            return String.join("; ", parts);
        }

        private static String describe(Node.Target target) {
            if (target instanceof Node.Target.Queue q) {
                return "queue " + q.queue();
            } else if (target instanceof Node.Target.Extension e) {
                return "extension " + e.extension();
            } else if (target instanceof Node.Target.Flow f) {
                return "flow " + f.flow();
            } else if (target instanceof Node.Target.External x) {
                return "an external number through trunk " + x.trunk();
            }
            return target.toString();
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
