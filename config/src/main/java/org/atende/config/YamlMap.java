package org.atende.config;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML map checked against {@link ConfigKeys}: unknown keys (with a "did you mean"), duplicate keys and
 * non-scalar keys are reported when it is built; {@link #get} hands out the known ones.
 */
final class YamlMap {

    private final String path;
    private final int line;
    private final LoadContext ctx;
    private final Set<String> known;
    private final Map<String, YamlValue> entries = new LinkedHashMap<>();
    private boolean unknownKeys;

    /**
     * @param schemaPath the map's path in {@link ConfigKeys} terms: list indexes as {@code []}, names the user
     *                   chooses (flows, nodes, menu keys) as {@code *}, prompt maps as {@link ConfigKeys#PROMPT}
     */
    YamlMap(MappingNode node, String path, String schemaPath, int line, LoadContext ctx) {
        this.path = path;
        this.line = line;
        this.ctx = ctx;
        this.known = ConfigKeys.childrenOf(schemaPath);
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = YamlValue.lineOf(keyNode);
            if (!(keyNode instanceof ScalarNode k)) {
                ctx.problem(keyLine, path, "keys must be plain names, found a list or map as a key");
                continue;
            }
            String key = k.getValue();
            String childPath = child(key);
            if (Tag.MERGE.equals(k.getTag())) {
                ctx.problem(keyLine, path, "merge keys (<<) are not supported; write the keys out");
            } else if (!known.contains(key) && !known.contains(ConfigKeys.ANY)) {
                unknownKeys = true;
                ctx.problem(keyLine, childPath, unknownKey(key, schemaPath));
            } else if (entries.containsKey(key)) {
                ctx.problem(keyLine, childPath, "duplicate key (first at line " + entries.get(key).line() + ")");
            } else {
                String childSchema = ConfigKeys.child(schemaPath, known.contains(key) ? key : ConfigKeys.ANY);
                entries.put(key, new YamlValue(tuple.getValueNode(), childPath, childSchema, keyLine, ctx));
            }
        }
    }

    /**
     * A section that is not in the file, so its defaults go through the same checks as written values; problems
     * about it are reported at {@code line}, the line of the map that would hold it.
     */
    static YamlMap absent(String path, int line, LoadContext ctx) {
        return new YamlMap(new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.BLOCK), path,
                ConfigKeys.schemaPath(path), line, ctx);
    }

    /**
     * Every accepted key as written, in file order, null values included: the entries of a map whose keys
     * the user chooses ({@code flows:}, {@code nodes:}), or to tell which keys a node was written with.
     */
    Map<String, YamlValue> entries() {
        return java.util.Collections.unmodifiableMap(entries);
    }

    /** Whether {@code key} is written at all, even as null ({@code hangup:} with nothing after it). */
    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Whether a key was reported as unknown (so a "needs ..." about the same map would say it twice). */
    boolean hadUnknownKeys() {
        return unknownKeys;
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value of a known key; empty when absent or null. */
    Optional<YamlValue> get(String key) {
        if (!known.contains(key) && !known.contains(ConfigKeys.ANY)) {
            throw new IllegalStateException(child(key) + " is missing from ConfigKeys.PATHS");
        }
        YamlValue v = entries.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    /** The value of a required key; reports "is required" when absent or null. */
    Optional<YamlValue> required(String key) {
        Optional<YamlValue> v = get(key);
        if (v.isEmpty()) {
            YamlValue present = entries.get(key);
            ctx.problem(present == null ? line : present.line(), child(key), "is required");
        }
        return v;
    }

    Optional<String> requiredString(String key) {
        return required(key).flatMap(YamlValue::string);
    }

    String string(String key, String defaultValue) {
        return get(key).flatMap(YamlValue::string).orElse(defaultValue);
    }

    int integer(String key, int defaultValue, int min, int max) {
        return get(key).flatMap(v -> v.integer(min, max)).orElse(defaultValue);
    }

    boolean bool(String key, boolean defaultValue) {
        return get(key).flatMap(YamlValue::bool).orElse(defaultValue);
    }

    Duration duration(String key, Duration defaultValue, Duration min) {
        return get(key).flatMap(v -> v.duration(min)).orElse(defaultValue);
    }

    private String unknownKey(String key, String schemaPath) {
        Optional<String> best = closest(key, known)
                .or(() -> key.length() < 5 ? Optional.empty()
                        : known.stream().filter(k -> fold(k).startsWith(fold(key))).findFirst());
        if (best.isPresent()) {
            return "unknown key (did you mean " + best.get() + "?)";
        }
        List<String> elsewhere = ConfigKeys.parentsOf(key, schemaPath);
        if (!elsewhere.isEmpty()) {
            String where = elsewhere.get(0).isEmpty() ? "at the top level" : "under " + elsewhere.get(0);
            return "unknown key here (" + key + " belongs " + where + ")";
        }
        return "unknown key (known here: " + String.join(", ", known) + ")";
    }

    /**
     * The candidate a misspelt name was probably meant to be, for "did you mean": the nearest one by
     * {@link #distance}, ignoring case, '_' and '-', when it is within 1 edit for short names and 2 for longer
     * ones; empty when nothing is that near.
     */
    static Optional<String> closest(String written, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = fold(written);
        for (String candidate : candidates) {
            int d = distance(w, fold(candidate));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.min(2, Math.max(1, w.length() / 3))
                ? Optional.of(best) : Optional.empty();
    }

    /** displayName, display-name and display_name compare equal. */
    private static String fold(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Optimal string alignment distance: edits and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
