package org.atende.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;

/**
 * Binds one node of a flow. A node's kind is the one kind key it holds ({@code play}, {@code menu}, …); the
 * other keys it may hold depend on the kind ({@link #KEYS}), so {@code timeout} on a play node is reported even
 * though {@code timeout} is a node key. Schedules, look-ups and branches are in {@link NodeDetails}.
 */
final class NodeBinder {

    static final List<String> KINDS = List.of("play", "menu", "collect", "schedule", "lookup", "branch", "set",
            "route", "hangup");
    static final Map<String, List<String>> KEYS = Map.of(
            "play", List.of("play", "interruptible", "next"),
            "menu", List.of("menu", "options", "timeout", "retries", "invalid", "no_input", "on_failure"),
            "collect", List.of("collect", "min", "max", "terminator", "first_digit_timeout", "inter_digit_timeout",
                    "rule", "regex", "variable", "confirm", "retries", "invalid", "next", "on_failure"),
            "schedule", List.of("schedule", "open", "closed"),
            "lookup", List.of("lookup", "next", "on_failure"),
            "branch", List.of("branch", "otherwise"),
            "set", List.of("set", "next"),
            "route", List.of("route"),
            "hangup", List.of("hangup"));
    static final List<String> RULES = List.of("digits", "cpf", "cnpj", "phone", "regex");
    static final Duration DEFAULT_MENU_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_FIRST_DIGIT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_INTER_DIGIT_TIMEOUT = Duration.ofSeconds(3);
    static final int DEFAULT_RETRIES = 2;
    static final int MAX_RETRIES = 10;
    private static final String MENU_KEYS = "0123456789*#";
    private static final Duration ONE_S = Duration.ofSeconds(1);

    private final LoadContext ctx;
    private final PromptBinder prompts;
    private final FlowBinder flows;
    private final NodeDetails details;
    private final String flow;
    private final Set<String> nodeNames;
    /** Problems reported before the node being bound; not thread-safe, like the whole load. */
    private int nodeStart;

    /** Whether the flow has an {@code operator:} that stands in for a missing {@code on_failure}. */
    private final boolean operator;
    /** Some node fell back to the operator. */
    private boolean operatorUsed;

    /**
     * @param nodeNames every node name written in this flow, valid or not
     * @param operator  the flow has an {@code operator:} (written, valid or not)
     */
    NodeBinder(LoadContext ctx, PromptBinder prompts, FlowBinder flows, String flow, Set<String> nodeNames,
               boolean operator) {
        this.ctx = ctx;
        this.operator = operator;
        this.prompts = prompts;
        this.flows = flows;
        this.flow = flow;
        this.nodeNames = nodeNames;
        this.details = new NodeDetails(ctx, this);
    }

    /** A node name of this flow ({@code next}, {@code start}, a menu option…). */
    Optional<String> reference(YamlValue v) {
        return v.nonEmpty().flatMap(s -> FlowBinder.known(v, s, nodeNames, "a node of flow " + flow,
                "the flow has no nodes"));
    }

    Optional<String> requiredReference(YamlMap n, String key) {
        return n.required(key).flatMap(this::reference);
    }

    /** {@code on_failure}: written, or the flow's operator; with neither it is required. */
    Optional<String> failureReference(YamlMap n) {
        if (!n.has("on_failure")) {
            if (operator) {
                operatorUsed = true;
                return Optional.of(org.atende.config.flow.FlowConfig.OPERATOR_NODE);
            }
            ctx.problem(n.line(), n.child("on_failure"), "is required: where the caller goes when this fails"
                    + " (or give the flow an operator: for every such node)");
            return Optional.empty();
        }
        return requiredReference(n, "on_failure");
    }

    /** Whether some node goes to the operator node. */
    boolean operatorUsed() {
        return operatorUsed;
    }

    Optional<Node> node(String name, YamlMap n) {
        int before = ctx.problemCount();
        nodeStart = before;
        List<String> kinds = KINDS.stream().filter(n::has).toList();
        if (kinds.isEmpty()) {
            if (!n.hadUnknownKeys()) {
                ctx.problem(n.line(), n.path(), "needs one of " + String.join(", ", KINDS)
                        + " (what the node does)");
            }
            return Optional.empty();
        }
        if (kinds.size() > 1) {
            ctx.problem(n.line(), n.path(), "has both " + kinds.get(0) + " and " + kinds.get(1)
                    + "; a node does one thing (chain nodes with next)");
            return Optional.empty();
        }
        String kind = kinds.get(0);
        List<String> keys = KEYS.get(kind);
        n.entries().forEach((key, value) -> {
            if (!keys.contains(key)) {
                value.problem("does not apply to a " + kind + " node (its keys: " + String.join(", ", keys) + ")");
            }
        });
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        Optional<Node> node = switch (kind) {
            case "play" -> play(name, n);
            case "menu" -> menu(name, n);
            case "collect" -> collect(name, n);
            case "schedule" -> details.schedule(name, n);
            case "lookup" -> details.lookup(name, n);
            case "branch" -> details.branch(name, n);
            case "set" -> assign(name, n);
            case "route" -> route(name, n);
            default -> hangup(name, n);
        };
        return ctx.problemCount() == before ? node : Optional.empty();
    }

    private Optional<Node> play(String name, YamlMap n) {
        Optional<List<Prompt>> play = n.required("play").flatMap(prompts::prompts);
        boolean interruptible = n.bool("interruptible", false);
        Optional<String> next = requiredReference(n, "next");
        if (play.isEmpty() || next.isEmpty()) {
            return Optional.empty();
        }
        return build(n, () -> new Node.Play(name, play.get(), interruptible, next.get()));
    }

    private Optional<Node> menu(String name, YamlMap n) {
        Optional<List<Prompt>> menu = n.required("menu").flatMap(prompts::prompts);
        Map<Character, String> options = new LinkedHashMap<>();
        Optional<YamlMap> optionsMap = n.required("options").flatMap(YamlValue::map);
        optionsMap.ifPresent(o -> {
            if (o.entries().isEmpty() && !o.hadUnknownKeys()) {
                n.get("options").orElseThrow().problem("needs at least one key");
            }
            o.entries().forEach((key, value) -> {
                boolean keyOk = key.length() == 1 && MENU_KEYS.indexOf(key.charAt(0)) >= 0;
                if (!keyOk) {
                    value.problem(YamlValue.quote(key) + " is not a key (0-9, * or #; quote * and #)");
                }
                Optional<String> target = reference(value);
                if (keyOk) {
                    target.ifPresent(t -> options.put(key.charAt(0), t));
                }
            });
        });
        Duration timeout = n.duration("timeout", DEFAULT_MENU_TIMEOUT, ONE_S);
        int retries = n.integer("retries", DEFAULT_RETRIES, 0, MAX_RETRIES);
        Optional<List<Prompt>> invalid = prompts.optional(n, "invalid");
        Optional<List<Prompt>> noInput = prompts.optional(n, "no_input");
        Optional<String> onFailure = failureReference(n);
        return build(n, () -> new Node.Menu(name, menu.orElseThrow(), options, timeout, retries,
                invalid.orElseThrow(), noInput.orElseThrow(), onFailure.orElseThrow()));
    }

    private Optional<Node> collect(String name, YamlMap n) {
        Optional<List<Prompt>> collect = n.required("collect").flatMap(prompts::prompts);
        int min = n.integer("min", 1, 1, 64);
        Optional<Integer> max = n.required("max").flatMap(v -> v.integer(1, 64));
        if (max.isPresent() && max.get() < min) {
            n.get("max").orElseThrow().problem("is less than min (" + min + ")");
        }
        Optional<Character> terminator = n.get("terminator").map(this::terminator).orElse(Optional.of('#'));
        Duration firstDigit = n.duration("first_digit_timeout", DEFAULT_FIRST_DIGIT_TIMEOUT, ONE_S);
        Duration interDigit = n.duration("inter_digit_timeout", DEFAULT_INTER_DIGIT_TIMEOUT, ONE_S);
        Optional<Node.Rule> rule = rule(n);
        rule.ifPresent(r -> max.ifPresent(mx -> ruleFitsLength(n, r, min, mx)));
        Optional<String> variable = n.required("variable").flatMap(FlowBinder::variable);
        Optional<List<Prompt>> confirm = prompts.optional(n, "confirm");
        int retries = n.integer("retries", DEFAULT_RETRIES, 0, MAX_RETRIES);
        Optional<List<Prompt>> invalid = prompts.optional(n, "invalid");
        Optional<String> next = requiredReference(n, "next");
        Optional<String> onFailure = failureReference(n);
        return build(n, () -> new Node.Collect(name, collect.orElseThrow(), min, max.orElseThrow(),
                terminator.orElseThrow() == NO_TERMINATOR ? Optional.empty() : terminator,
                firstDigit, interDigit, rule.orElseThrow(), variable.orElseThrow(), confirm.orElseThrow(), retries,
                invalid.orElseThrow(), next.orElseThrow(), onFailure.orElseThrow()));
    }

    private static final char NO_TERMINATOR = 0;

    /** {@code #}, {@code *} or {@code none}. */
    private Optional<Character> terminator(YamlValue v) {
        return v.nonEmpty().flatMap(s -> switch (s.text().strip().toLowerCase(Locale.ROOT)) {
            case "#" -> Optional.of('#');
            case "*" -> Optional.of('*');
            case "none" -> Optional.of(NO_TERMINATOR);
            default -> {
                v.problem(s.display() + " is not a terminator (#, * or none)");
                yield Optional.empty();
            }
        });
    }

    private Optional<Node.Rule> rule(YamlMap n) {
        Optional<String> rule = n.get("rule").map(v -> v.nonEmpty()
                .flatMap(s -> FlowBinder.oneOf(v, s, RULES, "a rule"))).orElse(Optional.of("digits"));
        Optional<YamlValue> regexValue = n.get("regex");
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        if (!rule.get().equals("regex")) {
            regexValue.ifPresent(v -> v.problem("applies only with rule: regex"));
        }
        return switch (rule.get()) {
            case "digits" -> Optional.of(new Node.Rule.Digits());
            case "cpf" -> Optional.of(new Node.Rule.Cpf());
            case "cnpj" -> Optional.of(new Node.Rule.Cnpj());
            case "phone" -> Optional.of(new Node.Rule.Phone());
            default -> {
                if (regexValue.isEmpty()) {
                    n.required("regex");
                    yield Optional.empty();
                }
                yield regex(regexValue.get()).map(Node.Rule.Regex::new);
            }
        };
    }

    /** A CPF, CNPJ or phone rule with min..max that cannot hold such a number could never succeed. */
    private static void ruleFitsLength(YamlMap n, Node.Rule rule, int min, int max) {
        String what = rule instanceof Node.Rule.Cpf ? "cpf is 11 digits"
                : rule instanceof Node.Rule.Cnpj ? "cnpj is 14 digits"
                : rule instanceof Node.Rule.Phone ? "phone is 10 or 11 digits" : null;
        int shortest = rule instanceof Node.Rule.Cpf ? 11 : rule instanceof Node.Rule.Cnpj ? 14 : 10;
        int longest = rule instanceof Node.Rule.Phone ? 11 : shortest;
        if (what != null && (max < shortest || min > longest)) {
            n.get("rule").orElseThrow().problem(what + ", which min..max (" + min + ".." + max + ") does not allow");
        }
    }

    /** A regular expression that compiles. */
    static Optional<Pattern> regex(YamlValue v) {
        return v.nonEmpty().flatMap(s -> {
            try {
                return Optional.of(Pattern.compile(s.text()));
            } catch (PatternSyntaxException e) {
                v.problem(s.display() + " is not a regular expression (" + e.getDescription() + ")");
                return Optional.empty();
            }
        });
    }

    /**
     * The routing data the ACD reads, when written literally (no placeholders): {@code skills} a skill list
     * ({@code suporte:3,es:2}), {@code priority} a whole number 0-100.
     */
    private static boolean routingData(YamlValue v, String variable, String value) {
        if (value.contains("{")) {
            return true; // filled in at run time; a bad value then is logged and ignored
        }
        if (variable.equals("skills") && org.atende.config.Skills.parse(value).isEmpty()) {
            v.problem(YamlValue.quote(value) + " is not a skill list (like \"suporte:3, es\": names with levels 1-"
                    + org.atende.config.Skills.MAX_LEVEL + ", default 1)");
            return false;
        }
        if (variable.equals("priority") && !value.strip().matches("\\d{1,3}")
                || variable.equals("priority") && Integer.parseInt(value.strip()) > 100) {
            v.problem(YamlValue.quote(value) + " is not a priority (a whole number 0-100; higher is served first)");
            return false;
        }
        return true;
    }

    private Optional<Node> assign(String name, YamlMap n) {
        Map<String, String> values = new LinkedHashMap<>();
        n.required("set").flatMap(YamlValue::map).ifPresent(m -> {
            if (m.entries().isEmpty() && !m.hadUnknownKeys()) {
                n.get("set").orElseThrow().problem("needs at least one variable");
            }
            m.entries().forEach((key, value) -> {
                Optional<String> variable = FlowBinder.variableName(value, key, YamlValue.quote(key));
                Optional<String> template = FlowBinder.template(value).filter(t -> routingData(value, key, t));
                if (variable.isPresent() && template.isPresent()) {
                    values.put(variable.get(), template.get());
                }
            });
        });
        Optional<String> next = requiredReference(n, "next");
        return build(n, () -> new Node.Assign(name, values, next.orElseThrow()));
    }

    private Optional<Node> route(String name, YamlMap n) {
        return n.required("route").flatMap(YamlValue::map).flatMap(flows::target)
                .flatMap(t -> build(n, () -> new Node.Route(name, t)));
    }

    private Optional<Node> hangup(String name, YamlMap n) {
        Optional<List<Prompt>> goodbye = prompts.optional(n, "hangup");
        return goodbye.flatMap(p -> build(n, () -> new Node.Hangup(name, p)));
    }

    /**
     * Builds the node's record when nothing was reported since {@link #node} began (the supplier may then
     * unwrap every part it needs).
     */
    <T> Optional<T> build(YamlMap where, java.util.function.Supplier<T> constructor) {
        return ctx.problemCount() == nodeStart ? ConfigBinder.build(ctx, where, constructor) : Optional.empty();
    }

    PromptBinder prompts() {
        return prompts;
    }
}
