package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.atende.config.flow.Node;

/**
 * Binds a queue's {@code steps:}: each an {@code after:} longer than the one before, and what changes then
 * ({@code accept}, {@code drop}, {@code widen}, or {@code overflow} alone). The skills named in {@code accept} are
 * kept, to be checked against the members' and agents' skills once the agents are bound.
 */
final class StepBinder {

    private static final Duration MIN_AFTER = Duration.ofSeconds(1);

    /** A skill written in a step's {@code accept}, where it was written. */
    record SkillReference(YamlValue where, String skill) {
    }

    private final LoadContext ctx;
    private final FlowBinder flows;
    private final List<SkillReference> accepted = new ArrayList<>();

    StepBinder(LoadContext ctx, FlowBinder flows) {
        this.ctx = ctx;
        this.flows = flows;
    }

    /** The skills the steps bound so far accept at a lower level. */
    List<SkillReference> accepted() {
        return List.copyOf(accepted);
    }

    /**
     * The steps of queue {@code queue}, in the order written (which must be the order of waiting time); none may
     * come when the caller has already left, at the queue's {@code maxWait} or after an overflow step.
     */
    List<QueueConfig.Step> bind(String queue, YamlValue steps, Optional<Duration> maxWait) {
        List<QueueConfig.Step> result = new ArrayList<>();
        Duration previous = null;
        Integer overflowAt = null;
        for (YamlValue item : steps.list().orElse(List.of())) {
            Optional<QueueConfig.Step> step = item.map().flatMap(m -> step(queue, m));
            if (step.isEmpty()) {
                continue;
            }
            Duration after = step.get().after();
            YamlValue where = item.map().flatMap(m -> m.get("after")).orElse(item);
            if (previous != null && after.compareTo(previous) <= 0) {
                where.problem(Durations.format(after) + " is not after the step before's "
                        + Durations.format(previous) + " (steps are written in order of waiting time)");
            } else if (overflowAt != null) {
                where.problem("comes after the overflow step of line " + overflowAt + ", which sends the call away");
            } else if (maxWait.isPresent() && after.compareTo(maxWait.get()) >= 0) {
                where.problem(Durations.format(after) + " is not before max_wait (" + Durations.format(maxWait.get())
                        + "), when the caller goes to overflow");
            }
            if (step.get().overflow().isPresent() && overflowAt == null) {
                overflowAt = item.line();
            }
            previous = previous == null || after.compareTo(previous) > 0 ? after : previous;
            result.add(step.get());
        }
        return result;
    }

    private Optional<QueueConfig.Step> step(String queue, YamlMap m) {
        int before = ctx.problemCount();
        Optional<Duration> after = m.required("after").flatMap(v -> v.duration(MIN_AFTER));
        Map<String, Integer> accept = m.get("accept").map(this::accept).orElse(Map.of());
        Set<String> drop = new LinkedHashSet<>();
        boolean[] dropLanguage = {false};
        m.get("drop").ifPresent(v -> items(v).forEach(item -> item.nonEmpty().ifPresent(s -> {
            String word = s.text().strip().toLowerCase(Locale.ROOT);
            if (word.equals(QueueConfig.Step.LANGUAGE)) {
                dropLanguage[0] = true;
            } else if (Skills.NAME.matcher(word).matches()) {
                drop.add(word);
            } else {
                item.problem(s.display() + " is not a skill name (" + FlowBinder.NAME_RULE + ") nor "
                        + QueueConfig.Step.LANGUAGE);
            }
        })));
        List<String> widen = new ArrayList<>();
        m.get("widen").ifPresent(v -> items(v).forEach(item -> flows.queueReference(item).ifPresent(name -> {
            if (name.equals(queue)) {
                item.problem("is this queue itself");
            } else if (!widen.contains(name)) {
                widen.add(name);
            }
        })));
        Optional<Node.Target> overflow = m.get("overflow").flatMap(YamlValue::map).flatMap(flows::target);
        if (overflow.isPresent() && overflow.get() instanceof Node.Target.Queue target
                && target.queue().equals(queue)) {
            m.get("overflow").orElseThrow().problem("is this queue itself");
        }
        boolean relaxes = m.has("accept") || m.has("drop") || m.has("widen");
        if (!relaxes && !m.has("overflow") && !m.hadUnknownKeys()) {
            ctx.problem(m.line(), m.path(), "needs accept, drop, widen or overflow: what changes after "
                    + after.map(Durations::format).orElse("that wait"));
        } else if (relaxes && m.has("overflow")) {
            ctx.problem(m.line(), m.path(), "has overflow, which sends the call away: accept, drop and widen"
                    + " belong in a step of their own");
        }
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, m, () -> new QueueConfig.Step(after.orElseThrow(), accept, drop,
                dropLanguage[0], widen, overflow));
    }

    /** {@code "suporte:2, es"}: the levels now accepted. */
    private Map<String, Integer> accept(YamlValue v) {
        Map<String, Integer> result = new LinkedHashMap<>();
        v.nonEmpty().ifPresent(s -> {
            Optional<Map<String, Integer>> parsed = Skills.parse(s.text());
            if (parsed.isEmpty() || parsed.get().isEmpty()) {
                v.problem(s.display() + " is not a skill list (like \"suporte:2\": names with the levels now"
                        + " accepted, 1-" + Skills.MAX_LEVEL + ", default 1)");
                return;
            }
            result.putAll(parsed.get());
            parsed.get().keySet().forEach(skill -> accepted.add(new SkillReference(v, skill)));
        });
        return result;
    }

    /** One value or a list of them. */
    private static List<YamlValue> items(YamlValue v) {
        return v.isList() ? v.list().orElse(List.of()) : List.of(v);
    }
}
