package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One value of the YAML tree with its key path and line. Conversions report a problem (with this path and line)
 * and return empty when the value is not what the schema wants; they never throw.
 */
final class YamlValue {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");

    /**
     * A scalar's text after environment substitution.
     *
     * @param text    the value to use
     * @param display how to show it in a message: the text quoted, or the source as written when it came
     *                from the environment (so a message never shows an environment value)
     */
    record Scalar(String text, String display) {
    }

    private final Node node;
    private final String path;
    /** The path in {@link ConfigKeys} terms ({@code flows.*.nodes.*.next}), carried along rather than re-derived. */
    private final String schema;
    private final int line;
    private final LoadContext ctx;

    YamlValue(Node node, String path, String schema, int line, LoadContext ctx) {
        this.node = node;
        this.path = path;
        this.schema = schema;
        this.line = line;
        this.ctx = ctx;
    }

    static YamlValue root(Node node, LoadContext ctx) {
        return new YamlValue(node, "", "", lineOf(node), ctx);
    }

    /** 1-based line where the node starts (1 when SnakeYAML gives no mark). */
    static int lineOf(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    void problem(String message) {
        ctx.problem(line, path, message);
    }

    /** {@code ~}, {@code null} or nothing at all after the colon: treated as if the key were absent. */
    boolean isNull() {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** True for a sequence node (to accept a single item or a list). */
    boolean isList() {
        return node instanceof SequenceNode;
    }

    /** True for a mapping node. */
    boolean isMap() {
        return node instanceof MappingNode;
    }

    Optional<YamlMap> map() {
        if (node instanceof MappingNode m) {
            return Optional.of(new YamlMap(m, path, ConfigKeys.mapSchema(schema), line, ctx));
        }
        problem("expected a map of key: value lines, found " + describe());
        return Optional.empty();
    }

    Optional<List<YamlValue>> list() {
        if (node instanceof SequenceNode s) {
            List<YamlValue> items = new ArrayList<>();
            List<Node> nodes = s.getValue();
            for (int i = 0; i < nodes.size(); i++) {
                items.add(new YamlValue(nodes.get(i), path + "[" + i + "]", schema + "[]", lineOf(nodes.get(i)), ctx));
            }
            return Optional.of(items);
        }
        problem("expected a list (\"- item\" lines or [a, b]), found " + describe());
        return Optional.empty();
    }

    /** The scalar's text with {@code ${VAR}} substituted. */
    Optional<Scalar> scalar() {
        if (!(node instanceof ScalarNode s)) {
            problem("expected a single value, found " + describe());
            return Optional.empty();
        }
        String source = s.getValue();
        EnvSubstitution.Result r = EnvSubstitution.apply(source, ctx.env());
        if (!r.problems().isEmpty()) {
            r.problems().forEach(this::problem);
            return Optional.empty();
        }
        return Optional.of(new Scalar(r.value(), quote(r.replaced() ? source : r.value())));
    }

    /** Whether this is a scalar written as a {@code ${VAR}} reference (a secret from the environment). */
    boolean fromEnvironment() {
        return node instanceof ScalarNode s && s.getValue().contains("${");
    }

    /** A scalar whose text is not blank. Its messages never show the value, so this also reads passwords. */
    Optional<Scalar> nonEmpty() {
        Optional<Scalar> s = scalar();
        if (s.isPresent() && s.get().text().isBlank()) {
            problem("must not be empty");
            return Optional.empty();
        }
        return s;
    }

    /** Non-empty text; see {@link #nonEmpty}. */
    Optional<String> string() {
        return nonEmpty().map(Scalar::text);
    }

    Optional<Integer> integer(int min, int max) {
        Optional<Scalar> s = scalar();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String t = s.get().text().strip();
        if (!INTEGER.matcher(t).matches()) {
            problem(s.get().display() + " is not a whole number");
            return Optional.empty();
        }
        long n = Long.parseLong(t);
        if (n < min || n > max) {
            String shown = s.get().display().equals(quote(s.get().text())) ? t : s.get().display();
            problem(shown + " is out of range " + min + ".." + max);
            return Optional.empty();
        }
        return Optional.of((int) n);
    }

    Optional<Boolean> bool() {
        Optional<Scalar> s = scalar();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        switch (s.get().text().strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return Optional.of(true);
            case "false":
                return Optional.of(false);
            default:
                problem(s.get().display() + " is not true or false");
                return Optional.empty();
        }
    }

    /** A duration no shorter than {@code min}: {@code 500ms}, {@code 4s}, {@code 5m}, {@code 1h}. */
    Optional<Duration> duration(Duration min) {
        Optional<Scalar> s = scalar();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(s.get().text());
        if (d.isEmpty()) {
            problem(s.get().display() + " is not a duration (write 500ms, 4s, 5m or 1h)");
        } else if (d.get().compareTo(min) < 0) {
            problem(s.get().display() + " is shorter than " + Durations.format(min));
            return Optional.empty();
        }
        return d;
    }

    private String describe() {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "a single value";
    }

    static String quote(String s) {
        return '"' + Escapes.escape(s, true) + '"';
    }
}
