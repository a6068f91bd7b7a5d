package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds {@code agents:}, {@code pause_reasons:} and {@code features:}. Agents name queues and extensions, so this
 * runs after both are bound; PINs outside demo mode must be secrets from the environment.
 */
final class AgentBinder {

    private static final Pattern AGENT_ID = Pattern.compile("\\d{2,15}");
    private static final Pattern PIN = Pattern.compile("\\d{4,12}");
    private static final Pattern REASON_CODE = Pattern.compile("\\d{1,2}");
    private static final Pattern FEATURE_CODE = Pattern.compile("\\*\\d{1,4}");
    private static final Duration MAX_WRAP_UP = Duration.ofMinutes(10);

    private final LoadContext ctx;
    private final boolean demo;
    private final Set<String> queues;
    private final FlowBinder flows;

    AgentBinder(LoadContext ctx, boolean demo, Set<String> queues, FlowBinder flows) {
        this.ctx = ctx;
        this.demo = demo;
        this.queues = queues;
        this.flows = flows;
    }

    Optional<AgentsConfig> bind(YamlMap root) {
        int before = ctx.problemCount();
        Map<String, PauseReason> reasons = root.get("pause_reasons").flatMap(YamlValue::map).map(this::reasons)
                .orElse(Map.of());
        FeatureCodes features = root.get("features").flatMap(YamlValue::map).map(this::features)
                .orElse(FeatureCodes.DEFAULTS);
        List<AgentConfig> agents = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        Map<String, String> startAt = new HashMap<>();
        root.get("agents").flatMap(YamlValue::list).ifPresent(items -> items.forEach(item -> item.map()
                .flatMap(this::agent).ifPresent(a -> {
                    Integer first = ids.putIfAbsent(a.id(), item.line());
                    if (first != null) {
                        item.problem("agent " + a.id() + " is already defined (line " + first + ")");
                    }
                    a.startAt().ifPresent(ext -> {
                        String other = startAt.putIfAbsent(ext, a.id());
                        if (other != null) {
                            item.problem("start_at " + ext + " is already agent " + other + "'s extension");
                        }
                    });
                    agents.add(a);
                })));
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return Optional.of(new AgentsConfig(agents, reasons, features));
    }

    private Map<String, PauseReason> reasons(YamlMap m) {
        Map<String, PauseReason> result = new LinkedHashMap<>();
        Map<String, String> codes = new HashMap<>();
        m.entries().forEach((name, value) -> {
            if (!FlowBinder.NAME.matcher(name).matches()) {
                value.problem(YamlValue.quote(name) + " is not a reason name (" + FlowBinder.NAME_RULE + ")");
                return;
            }
            if (PauseReason.builtIn(name)) {
                value.problem(name + " is a built-in reason (" + PauseReason.GENERIC.name() + ": a pause with no"
                        + " reason; " + PauseReason.NO_ANSWER.name() + ": paused after missed offers)");
                return;
            }
            value.map().ifPresent(r -> {
                String label = r.get("label").flatMap(ServerBinder::headerText).orElse(name);
                boolean productive = r.bool("productive", false);
                Optional<String> code = r.get("code").flatMap(v -> v.nonEmpty().flatMap(s -> {
                    String c = s.text().strip();
                    if (!REASON_CODE.matcher(c).matches()) {
                        v.problem(s.display() + " is not a reason code (1 or 2 digits)");
                        return Optional.empty();
                    }
                    String other = codes.putIfAbsent(c, name);
                    if (other != null) {
                        v.problem("code " + c + " is already reason " + other + "'s");
                    }
                    return Optional.of(c);
                }));
                result.put(name, new PauseReason(name, label, productive, code));
            });
        });
        return result;
    }

    private FeatureCodes features(YamlMap m) {
        FeatureCodes d = FeatureCodes.DEFAULTS;
        FeatureCodes f = new FeatureCodes(code(m, "login", d.login()), code(m, "logout", d.logout()),
                code(m, "pause", d.pause()), code(m, "unpause", d.unpause()));
        List<String> all = f.all();
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                // *47 and *471 could not be told apart: a code may not start another
                if (i != j && all.get(j).startsWith(all.get(i)) && !all.get(i).equals(all.get(j))) {
                    ctx.problem(m.line(), m.path(), all.get(j) + " starts with " + all.get(i)
                            + ": a feature code may not begin another");
                } else if (i < j && all.get(i).equals(all.get(j))) {
                    ctx.problem(m.line(), m.path(), all.get(i) + " is given to two features");
                }
            }
        }
        return f;
    }

    private String code(YamlMap m, String key, String defaultCode) {
        return m.get(key).flatMap(v -> v.nonEmpty().flatMap(s -> {
            String c = s.text().strip();
            if (!FEATURE_CODE.matcher(c).matches()) {
                v.problem(s.display() + " is not a feature code ('*' and 1 to 4 digits)");
                return Optional.empty();
            }
            return Optional.of(c);
        })).orElse(defaultCode);
    }

    private Optional<AgentConfig> agent(YamlMap a) {
        int before = ctx.problemCount();
        Optional<YamlValue> idValue = a.required("id");
        Optional<String> id = idValue.flatMap(YamlValue::nonEmpty).map(s -> {
            String n = s.text().strip();
            if (!AGENT_ID.matcher(n).matches()) {
                idValue.get().problem(s.display() + " is not an agent number (2 to 15 digits)");
            }
            return n;
        });
        String name = a.get("name").flatMap(ServerBinder::headerText).orElse(id.orElse(""));
        Optional<YamlValue> pinValue = a.required("pin");
        Optional<String> pin = pinValue.flatMap(YamlValue::string).map(String::strip);
        pin.ifPresent(p -> pinProblem(p, id.orElse(null), pinValue.get().fromEnvironment())
                .ifPresent(pinValue.get()::problem));
        Map<String, Integer> skills = new LinkedHashMap<>();
        a.get("skills").flatMap(YamlValue::map).ifPresent(s -> s.entries().forEach((skill, level) -> {
            if (!Skills.NAME.matcher(skill).matches()) {
                level.problem(YamlValue.quote(skill) + " is not a skill name (" + FlowBinder.NAME_RULE + ")");
                return;
            }
            level.integer(1, Skills.MAX_LEVEL).ifPresent(l -> skills.put(skill.toLowerCase(Locale.ROOT), l));
        }));
        Map<String, Integer> served = a.get("queues").map(this::queues).orElse(Map.of());
        if (served.isEmpty() && !a.has("queues") && ctx.problemCount() == before) {
            ctx.problem(a.line(), a.path(), "needs queues: the queues this agent serves");
        }
        Optional<Duration> wrapUp = a.get("wrap_up").flatMap(v -> v.duration(Duration.ZERO));
        if (wrapUp.isPresent() && wrapUp.get().compareTo(MAX_WRAP_UP) > 0) {
            a.get("wrap_up").orElseThrow().problem("is longer than " + Durations.format(MAX_WRAP_UP));
        }
        Optional<String> startAt = a.get("start_at").flatMap(v -> {
            if (!demo) {
                v.problem("is for the demo only (demo: true): outside it agents log in from their phone");
                return Optional.empty();
            }
            return flows.extensionReference(v);
        });
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, a, () -> new AgentConfig(id.orElseThrow(), name, pin.orElseThrow(), skills,
                served, wrapUp, startAt));
    }

    /** {@code { suporte: 0, geral: 2 }} (penalties) or {@code [suporte, geral]} (penalty 0). */
    private Map<String, Integer> queues(YamlValue v) {
        Map<String, Integer> result = new LinkedHashMap<>();
        if (v.isList()) {
            v.list().ifPresent(items -> items.forEach(item -> queue(item).ifPresent(q -> {
                if (result.put(q, 0) != null) {
                    item.problem("queue " + q + " is listed twice");
                }
            })));
        } else {
            v.map().ifPresent(m -> m.entries().forEach((q, penalty) -> {
                if (known(penalty, q)) {
                    penalty.integer(0, AgentConfig.MAX_PENALTY).ifPresent(p -> result.put(q, p));
                }
            }));
        }
        if (result.isEmpty() && v.isList()) {
            v.problem("needs at least one queue");
        }
        return result;
    }

    private Optional<String> queue(YamlValue item) {
        return item.nonEmpty().flatMap(s -> FlowBinder.known(item, s, queues, "a configured queue",
                "no queues are configured"));
    }

    private boolean known(YamlValue where, String queue) {
        if (queues.contains(queue)) {
            return true;
        }
        String hint = YamlMap.closest(queue, queues).map(n -> "did you mean " + n + "?")
                .orElse(queues.isEmpty() ? "no queues are configured" : "known: " + String.join(", ", queues));
        where.problem(YamlValue.quote(queue) + " is not a configured queue (" + hint + ")");
        return false;
    }

    /**
     * What is wrong with {@code pin} for agent {@code id}, if anything. Demo mode takes any 4-12 digits; otherwise a
     * PIN is a secret: from the environment, not the agent number, not one digit repeated nor a run (1234, 9876).
     * The message never shows the PIN.
     */
    Optional<String> pinProblem(String pin, String id, boolean fromEnvironment) {
        if (!PIN.matcher(pin).matches()) {
            return Optional.of("a PIN is 4 to 12 digits");
        }
        if (demo) {
            return Optional.empty();
        }
        List<String> weak = new ArrayList<>();
        if (!fromEnvironment) {
            weak.add("written in the file (give it as ${AGENT_" + (id == null ? "ID" : id) + "_PIN} from the"
                    + " environment)");
        }
        if (pin.equals(id)) {
            weak.add("it is the agent number");
        }
        if (pin.chars().distinct().count() == 1) {
            weak.add("one digit repeated");
        }
        if (run(pin, 1) || run(pin, -1)) {
            weak.add("a run of digits");
        }
        return weak.isEmpty() ? Optional.empty() : Optional.of("weak PIN: " + String.join("; ", weak)
                + " (weak PINs are accepted only with demo: true)");
    }

    private static boolean run(String pin, int step) {
        for (int i = 1; i < pin.length(); i++) {
            if (pin.charAt(i) - pin.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }

    /** The agent ids written, for references to them ({@code extensions[].default_agent}). */
    static Set<String> ids(Collection<AgentConfig> agents) {
        Set<String> ids = new java.util.HashSet<>();
        agents.forEach(a -> ids.add(a.id()));
        return ids;
    }
}
