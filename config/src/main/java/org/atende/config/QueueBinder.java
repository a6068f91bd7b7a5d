package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.atende.config.flow.Survey;

/**
 * Binds {@code queues:}: members and their skills, strategy, timers, overflow, hold prompts and survey, limits,
 * statistics thresholds and relaxation steps ({@link StepBinder}). References (extensions, the overflow's target,
 * queues widened to) are checked through the {@link FlowBinder}, as a flow's routes are.
 */
final class QueueBinder {

    private static final Duration MIN_RING = Duration.ofSeconds(5);
    private static final Duration MAX_RING = Duration.ofMinutes(2);
    private static final Duration MIN_WAIT = Duration.ofSeconds(10);
    private static final Duration MAX_WRAP_UP = Duration.ofMinutes(10);
    private static final Duration MIN_ANNOUNCE = Duration.ofSeconds(10);
    private static final int MAX_WAITING = 100_000;
    /** A callback retried sooner would ring a customer who just missed it while they are still busy. */
    private static final Duration MIN_RETRY = Duration.ofSeconds(30);
    private static final java.util.regex.Pattern PHONE_NUMBER = java.util.regex.Pattern.compile("\\+?\\d{2,20}");
    private static final Duration MAX_SERVICE_LEVEL = Duration.ofMinutes(10);
    private static final Duration MAX_SHORT_ABANDON = Duration.ofMinutes(1);
    private static final List<String> STRATEGIES = java.util.Arrays.stream(QueueConfig.Strategy.values())
            .map(QueueConfig.Strategy::word).toList();

    private final LoadContext ctx;
    private final FlowBinder flows;
    private final StepBinder steps;
    /** Every skill a static member has, in any queue, bound or not (for {@link #acceptedSkills}). */
    private final java.util.Set<String> memberSkills = new java.util.TreeSet<>();

    QueueBinder(LoadContext ctx, FlowBinder flows) {
        this.ctx = ctx;
        this.flows = flows;
        this.steps = new StepBinder(ctx, flows);
    }

    /** The skills the queues' steps accept at a lower level, to check once the agents are bound. */
    List<StepBinder.SkillReference> acceptedSkills() {
        return steps.accepted();
    }

    /** The skills of the static members of every queue, those with mistakes included. */
    java.util.Set<String> memberSkills() {
        return java.util.Collections.unmodifiableSet(memberSkills);
    }

    Map<String, QueueConfig> bind(YamlMap queues) {
        Map<String, QueueConfig> result = new LinkedHashMap<>();
        queues.entries().forEach((name, value) -> {
            if (!FlowBinder.NAME.matcher(name).matches()) {
                value.problem(YamlValue.quote(name) + " is not a queue name (" + FlowBinder.NAME_RULE + ")");
            }
            value.map().flatMap(q -> queue(name, q)).ifPresent(q -> result.put(name, q));
        });
        return result;
    }

    private Optional<QueueConfig> queue(String name, YamlMap q) {
        int before = ctx.problemCount();
        List<QueueConfig.Member> members = new ArrayList<>();
        Optional<List<YamlValue>> items = q.get("members").flatMap(YamlValue::list);
        java.util.Set<String> seen = new java.util.HashSet<>();
        items.ifPresent(list -> list.forEach(item -> member(item).ifPresent(m -> {
            if (!seen.add(m.extension())) {
                item.problem("extension " + m.extension() + " is listed twice");
            }
            members.add(m);
        })));
        QueueConfig.Strategy strategy = q.get("strategy").flatMap(v -> v.nonEmpty()
                        .flatMap(s -> FlowBinder.oneOf(v, s, STRATEGIES, "a strategy")))
                .map(w -> QueueConfig.Strategy.valueOf(w.toUpperCase(java.util.Locale.ROOT)))
                .orElse(QueueConfig.Strategy.LONGEST_IDLE);
        Duration ring = q.duration("ring_timeout", QueueConfig.DEFAULT_RING_TIMEOUT, MIN_RING);
        if (ring.compareTo(MAX_RING) > 0) {
            q.get("ring_timeout").orElseThrow().problem("is longer than " + Durations.format(MAX_RING));
        }
        Optional<Duration> maxWait = q.get("max_wait").flatMap(v -> v.duration(MIN_WAIT));
        Optional<Node.Target> overflow = q.get("overflow").flatMap(YamlValue::map).flatMap(flows::target);
        if (overflow.isPresent() && overflow.get() instanceof Node.Target.Queue target
                && target.queue().equals(name)) {
            q.get("overflow").orElseThrow().problem("is this queue itself");
        }
        if (q.has("max_wait") && !q.has("overflow")) {
            ctx.problem(q.line(), q.path(), "max_wait needs overflow (where callers go after waiting that long);"
                    + " without both, callers wait until an agent is free");
        }
        Duration wrapUp = q.duration("wrap_up", QueueConfig.DEFAULT_WRAP_UP, Duration.ZERO);
        if (wrapUp.compareTo(MAX_WRAP_UP) > 0) {
            q.get("wrap_up").orElseThrow().problem("is longer than " + Durations.format(MAX_WRAP_UP));
        }
        Optional<List<Prompt>> hold = flows.prompts().optional(q, "hold");
        Optional<Survey> survey = q.get("survey").flatMap(YamlValue::map).flatMap(flows::survey);
        Optional<Duration> announce = q.get("announce_position").flatMap(v -> v.duration(MIN_ANNOUNCE));
        Optional<Duration> announceWait = q.get("announce_wait").flatMap(v -> v.duration(MIN_ANNOUNCE));
        int maxNoAnswer = q.integer("max_no_answer", QueueConfig.DEFAULT_MAX_NO_ANSWER, 0, 100);
        QueueConfig.Limits limits = new QueueConfig.Limits(q.get("max_waiting")
                .flatMap(v -> v.integer(1, MAX_WAITING)).map(OptionalInt::of).orElse(OptionalInt.empty()),
                q.bool("join_empty", QueueConfig.Limits.DEFAULTS.joinEmpty()));
        QueueConfig.Thresholds thresholds = thresholds(q);
        List<QueueConfig.Step> relaxation = q.get("steps").map(v -> steps.bind(name, v, maxWait)).orElse(List.of());
        Optional<QueueConfig.Callback> callback = q.get("callback").flatMap(YamlValue::map).flatMap(this::callback);
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, q, () -> new QueueConfig(name, members, strategy, ring, maxWait, overflow,
                wrapUp, hold.orElse(List.of()), survey, announce, maxNoAnswer, limits, thresholds, relaxation,
                announceWait, callback));
    }

    /**
     * {@code callback: { trunk: carrier, key: "1", offer_after: 30s, attempts: 3, retry_after: 2m, ... }}: the
     * trunk must place calls; a key other than the built-in offer's 1 needs an offer prompt of its own.
     */
    private Optional<QueueConfig.Callback> callback(YamlMap c) {
        int before = ctx.problemCount();
        Optional<String> trunk = c.required("trunk").flatMap(flows::trunkReference);
        char key = c.get("key").flatMap(v -> v.nonEmpty().flatMap(s -> {
            String k = s.text().strip();
            if (k.length() != 1 || "0123456789*#".indexOf(k.charAt(0)) < 0) {
                v.problem(s.display() + " is not a key (one of 0-9, * or #)");
                return Optional.empty();
            }
            return Optional.of(k.charAt(0));
        })).orElse(QueueConfig.Callback.DEFAULT_KEY);
        Optional<List<Prompt>> offer = flows.prompts().optional(c, "offer").filter(p -> !p.isEmpty());
        if (!c.has("offer") && key != QueueConfig.Callback.DEFAULT_KEY) {
            c.get("key").orElseThrow().problem("needs an offer prompt of its own (the built-in one says \"digite "
                    + QueueConfig.Callback.DEFAULT_KEY + "\")");
        }
        Duration offerAfter = c.duration("offer_after", QueueConfig.Callback.DEFAULT_OFFER_AFTER, Duration.ZERO);
        Optional<String> callerId = c.get("caller_id").flatMap(v -> v.nonEmpty().flatMap(s -> {
            String digits = s.text().strip().replaceAll("[\\s().-]", "");
            if (!PHONE_NUMBER.matcher(digits).matches()) {
                v.problem(s.display() + " is not a phone number");
                return Optional.empty();
            }
            return Optional.of(digits);
        }));
        int attempts = c.integer("attempts", QueueConfig.Callback.DEFAULT_ATTEMPTS, 1, 10);
        Duration retryAfter = c.duration("retry_after", QueueConfig.Callback.DEFAULT_RETRY_AFTER, MIN_RETRY);
        Duration ring = c.duration("ring_timeout", QueueConfig.Callback.DEFAULT_RING_TIMEOUT, MIN_RING);
        if (ring.compareTo(MAX_RING) > 0) {
            c.get("ring_timeout").orElseThrow().problem("is longer than " + Durations.format(MAX_RING));
        }
        int maxPending = c.integer("max_pending", QueueConfig.Callback.DEFAULT_MAX_PENDING, 1, MAX_WAITING);
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        List<Prompt> offered = offer.orElse(QueueConfig.Callback.through(trunk.orElseThrow()).offer());
        return ConfigBinder.build(ctx, c, () -> new QueueConfig.Callback(key, offered, offerAfter, trunk.orElseThrow(),
                callerId, attempts, retryAfter, ring, maxPending));
    }

    private static QueueConfig.Thresholds thresholds(YamlMap q) {
        Duration serviceLevel = q.duration("service_level", QueueConfig.Thresholds.DEFAULT_SERVICE_LEVEL,
                Duration.ofSeconds(1));
        if (serviceLevel.compareTo(MAX_SERVICE_LEVEL) > 0) {
            q.get("service_level").orElseThrow().problem("is longer than " + Durations.format(MAX_SERVICE_LEVEL));
        }
        Duration shortAbandon = q.duration("short_abandon", QueueConfig.Thresholds.DEFAULT_SHORT_ABANDON,
                Duration.ZERO);
        if (shortAbandon.compareTo(MAX_SHORT_ABANDON) > 0) {
            q.get("short_abandon").orElseThrow().problem("is longer than " + Durations.format(MAX_SHORT_ABANDON));
        }
        return new QueueConfig.Thresholds(serviceLevel, shortAbandon);
    }

    /** {@code "1001"} or {@code { extension: "1001", skills: { suporte: 5, es: 2 } }}. */
    private Optional<QueueConfig.Member> member(YamlValue item) {
        if (!item.isMap()) {
            return flows.extensionReference(item).map(e -> new QueueConfig.Member(e, Map.of()));
        }
        return item.map().flatMap(m -> {
            int before = ctx.problemCount();
            Optional<String> extension = m.required("extension").flatMap(flows::extensionReference);
            Map<String, Integer> skills = new LinkedHashMap<>();
            m.get("skills").flatMap(YamlValue::map).ifPresent(s -> s.entries().forEach((skill, level) -> {
                if (!Skills.NAME.matcher(skill).matches()) {
                    level.problem(YamlValue.quote(skill) + " is not a skill name (" + FlowBinder.NAME_RULE + ")");
                    return;
                }
                memberSkills.add(skill.toLowerCase(java.util.Locale.ROOT));
                level.integer(1, Skills.MAX_LEVEL)
                        .ifPresent(l -> skills.put(skill.toLowerCase(java.util.Locale.ROOT), l));
            }));
            if (ctx.problemCount() != before) {
                return Optional.empty();
            }
            return Optional.of(new QueueConfig.Member(extension.orElseThrow(), skills));
        });
    }
}
