package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.atende.config.flow.Survey;

/**
 * Binds the top-level {@code flows:} map to {@link FlowConfig}s: each flow's nodes (see {@link NodeBinder}),
 * its start and survey, then the checks on the flow as a whole ({@link FlowGraph}: every node reachable, no loop
 * without a digit wait). Flow, node and variable names are the user's, so they are checked here rather than
 * by {@link ConfigKeys}.
 */
final class FlowBinder {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?\\d{2,20}");
    static final String NAME_RULE = "letters, digits, '_', '-'; up to 63 characters";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final String PLACEHOLDERS = "{caller}, {dialled}, {var.NAME}";

    private static final Duration MIN_SILENCE_GAP = Duration.ofMillis(100);
    private static final Duration MAX_SILENCE_GAP = Duration.ofSeconds(5);

    private final LoadContext ctx;
    private final PromptBinder prompts;
    private final Set<String> flowNames;
    private final Set<String> extensions;
    private final Set<String> trunks;
    private final Set<String> dialTrunks;
    private final Set<String> queues;

    /**
     * @param flowNames  every flow name written (for {@code route.flow})
     * @param extensions every extension number written, valid or not (a bad one was reported already)
     * @param trunks     every trunk name written
     * @param dialTrunks the trunks that can place calls (an outbound proxy or a registrar)
     * @param queues     every queue name written
     */
    FlowBinder(LoadContext ctx, Set<String> flowNames, Set<String> extensions, Set<String> trunks,
               Set<String> dialTrunks, Set<String> queues) {
        this.ctx = ctx;
        this.prompts = new PromptBinder(ctx);
        this.flowNames = flowNames;
        this.extensions = extensions;
        this.trunks = trunks;
        this.dialTrunks = dialTrunks;
        this.queues = queues;
    }

    PromptBinder prompts() {
        return prompts;
    }

    /** A route's target: exactly one of queue, extension, flow or external, each resolving. */
    Optional<Node.Target> target(YamlMap r) {
        List<String> targets = List.of("queue", "extension", "flow", "external").stream().filter(r::has).toList();
        if (targets.isEmpty()) {
            if (!r.hadUnknownKeys()) {
                ctx.problem(r.line(), r.path(), "needs one of queue, extension, flow or external");
            }
            return Optional.empty();
        }
        if (targets.size() > 1) {
            ctx.problem(r.line(), r.path(), "has both " + targets.get(0) + " and " + targets.get(1)
                    + "; a route goes to one of them");
            return Optional.empty();
        }
        return switch (targets.get(0)) {
            case "queue" -> r.required("queue").flatMap(this::queueReference).map(Node.Target.Queue::new);
            case "extension" -> r.required("extension").flatMap(this::extensionReference)
                    .map(Node.Target.Extension::new);
            case "flow" -> r.required("flow").flatMap(this::flowReference).map(Node.Target.Flow::new);
            default -> r.required("external").flatMap(YamlValue::map).flatMap(this::external);
        };
    }

    /** {@code route.queue}: one of the queues written. */
    Optional<String> queueReference(YamlValue v) {
        return v.nonEmpty().flatMap(s -> known(v, s, queues, "a queue", "no queues are configured"));
    }

    private Optional<Node.Target> external(YamlMap e) {
        Optional<YamlValue> numberValue = e.required("number");
        Optional<String> number = numberValue.flatMap(v -> v.nonEmpty().flatMap(s -> {
            String digits = s.text().strip().replaceAll("[\\s().-]", "");
            if (!PHONE_NUMBER.matcher(digits).matches()) {
                v.problem(s.display() + " is not a phone number");
                return Optional.empty();
            }
            return Optional.of(digits);
        }));
        Optional<String> trunk = e.required("trunk").flatMap(this::trunkReference);
        if (number.isEmpty() || trunk.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Node.Target.External(number.get(), trunk.get()));
    }

    Map<String, FlowConfig> bind(YamlMap flows) {
        Map<String, FlowConfig> result = new LinkedHashMap<>();
        flows.entries().forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                value.problem(YamlValue.quote(name) + " is not a flow name (" + NAME_RULE + ")");
            }
            value.map().flatMap(f -> flow(name, f)).ifPresent(f -> result.put(name, f));
        });
        return result;
    }

    private Optional<FlowConfig> flow(String name, YamlMap f) {
        int before = ctx.problemCount();
        Optional<YamlMap> nodesMap = f.required("nodes").flatMap(YamlValue::map);
        Map<String, YamlValue> nodeValues = nodesMap.map(YamlMap::entries).orElse(Map.of());
        if (nodesMap.isPresent() && nodeValues.isEmpty() && !nodesMap.get().hadUnknownKeys()) {
            f.get("nodes").orElseThrow().problem("needs at least one node");
        }
        Optional<Node.Target> operator = f.get("operator").flatMap(YamlValue::map).flatMap(this::target);
        NodeBinder nodeBinder = new NodeBinder(ctx, prompts, this, name, nodeValues.keySet(), f.has("operator"));
        Map<String, Node> nodes = new LinkedHashMap<>();
        nodeValues.forEach((nodeName, value) -> {
            if (!NAME.matcher(nodeName).matches()) {
                value.problem(YamlValue.quote(nodeName) + " is not a node name (" + NAME_RULE + ")");
            }
            value.map().flatMap(n -> nodeBinder.node(nodeName, n)).ifPresent(n -> nodes.put(nodeName, n));
        });
        Optional<String> start = f.required("start").flatMap(nodeBinder::reference);
        Optional<Survey> survey = f.get("survey").flatMap(YamlValue::map).flatMap(this::survey);
        Duration silenceGap = f.duration("silence_gap", FlowConfig.DEFAULT_SILENCE_GAP, MIN_SILENCE_GAP);
        if (silenceGap.compareTo(MAX_SILENCE_GAP) > 0) {
            f.get("silence_gap").orElseThrow().problem("is longer than " + Durations.format(MAX_SILENCE_GAP)
                    + " (the caller would think the line is dead)");
        }
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        if (nodeBinder.operatorUsed()) {
            nodes.put(FlowConfig.OPERATOR_NODE, new Node.Route(FlowConfig.OPERATOR_NODE, operator.orElseThrow()));
        }
        if (!FlowGraph.check(ctx, start.orElseThrow(), nodes, nodeValues)) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, f, () -> new FlowConfig(name, start.get(), nodes, survey, silenceGap));
    }

    Optional<Survey> survey(YamlMap s) {
        return new SurveyBinder(ctx, prompts).bind(s);
    }

    /** {@code route.flow}: one of the flows written. */
    Optional<String> flowReference(YamlValue v) {
        return v.nonEmpty().flatMap(s -> known(v, s, flowNames, "a flow", "no flows are configured"));
    }

    /** {@code route.extension}: one of the extensions written. */
    Optional<String> extensionReference(YamlValue v) {
        return v.nonEmpty().flatMap(s -> {
            String ext = s.text().strip();
            if (!extensions.contains(ext)) {
                v.problem(s.display() + " is not a configured extension");
                return Optional.empty();
            }
            return Optional.of(ext);
        });
    }

    /** {@code route.external.trunk}: one of the trunks written, and one that can place calls. */
    Optional<String> trunkReference(YamlValue v) {
        return v.nonEmpty().flatMap(s -> known(v, s, trunks, "a configured trunk", "no trunks are configured"))
                .filter(name -> {
                    if (!dialTrunks.contains(name) && trunks.contains(name)) {
                        v.problem("trunk " + name + " places no calls (give it outbound.proxy, or a registration)");
                        return false;
                    }
                    return true;
                });
    }

    /**
     * A name that must be one of {@code names}: "did you mean" the nearest, else the list (or {@code none}
     * when there are no names at all).
     */
    static Optional<String> known(YamlValue v, YamlValue.Scalar s, Collection<String> names, String what,
                                  String none) {
        String name = s.text().strip();
        if (names.contains(name)) {
            return Optional.of(name);
        }
        String hint = YamlMap.closest(name, names).map(n -> "did you mean " + n + "?")
                .orElse(names.isEmpty() ? none : "known: " + String.join(", ", names));
        v.problem(s.display() + " is not " + what + " (" + hint + ")");
        return Optional.empty();
    }

    /** One of a fixed list of lower-case words, written in any case. */
    static Optional<String> oneOf(YamlValue v, YamlValue.Scalar s, List<String> choices, String what) {
        String word = s.text().strip().toLowerCase(Locale.ROOT);
        if (choices.contains(word)) {
            return Optional.of(word);
        }
        String hint = YamlMap.closest(word, choices).map(c -> "did you mean " + c + "?")
                .orElse(String.join(", ", choices));
        v.problem(s.display() + " is not " + what + " (" + hint + ")");
        return Optional.empty();
    }

    /** A call variable's name: letters, digits and '_', not starting with a digit. */
    static Optional<String> variable(YamlValue v) {
        return v.nonEmpty().flatMap(s -> variableName(v, s.text().strip(), s.display()));
    }

    static Optional<String> variableName(YamlValue v, String name, String display) {
        if (PromptBinder.VARIABLE.matcher(name).matches()) {
            return Optional.of(name);
        }
        v.problem(display + " is not a variable name (letters, digits and _, not starting with a digit;"
                + " up to 64)");
        return Optional.empty();
    }

    /** Text with placeholders {@code {caller}}, {@code {dialled}}, {@code {var.NAME}} (look-up URL, set values). */
    static Optional<String> template(YamlValue v) {
        return template(v, PLACEHOLDER, true);
    }

    /**
     * A look-up body: like {@link #template}, but braces that do not enclose a name are the body's own
     * (a JSON body), not a mistake.
     */
    static Optional<String> body(YamlValue v) {
        return template(v, NAMED_PLACEHOLDER, false);
    }

    private static final Pattern NAMED_PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.]*)}");

    private static Optional<String> template(YamlValue v, Pattern placeholder, boolean strict) {
        return v.scalar().flatMap(s -> {
            String text = s.text();
            Matcher m = placeholder.matcher(text);
            StringBuilder rest = new StringBuilder();
            while (m.find()) {
                String p = m.group(1);
                boolean known = p.equals("caller") || p.equals("dialled")
                        || p.startsWith("var.") && PromptBinder.VARIABLE.matcher(p.substring(4)).matches();
                if (!known) {
                    v.problem(s.display() + " has an unknown placeholder {" + p + "} (known: " + PLACEHOLDERS + ")");
                    return Optional.empty();
                }
                m.appendReplacement(rest, "");
            }
            m.appendTail(rest);
            if (strict && (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0)) {
                v.problem(s.display() + " has a { or } that is not part of a placeholder (" + PLACEHOLDERS + ")");
                return Optional.empty();
            }
            return Optional.of(text);
        });
    }
}
