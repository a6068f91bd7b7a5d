package org.atende.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads the one YAML file that is Atende's whole configuration into an {@link AtendeConfig}.
 *
 * <p>The file is composed into a SnakeYAML node tree (which keeps every node's line), {@code ${VAR}}
 * references in scalar values are replaced from the given environment, and the tree is bound to the records
 * while every problem is collected: unknown keys, wrong types, out-of-range values, duplicates, dangling
 * references, weak passwords. Either a complete configuration comes back or a {@link ConfigException} with all
 * of the problems, each with file, line and key path.
 *
 * <p>Never reads {@code System.getenv}: the caller passes the environment.
 */
public final class ConfigLoader {

    /**
     * The bundled demo configuration: loopback only, extensions 1001..1010, one trunk, one 0800 number and the
     * echo test number.
     */
    public static final String DEMO_RESOURCE = "/org/atende/config/demo.yaml";
    /** Every key with its default and a comment. */
    public static final String REFERENCE_RESOURCE = "/org/atende/config/reference.yaml";

    private ConfigLoader() {
    }

    /** Loads a configuration file; problems name the file as {@code file.toString()}. */
    public static AtendeConfig load(Path file, Map<String, String> env) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw single(file.toString(), 0, "is not UTF-8 text");
        } catch (IOException e) {
            throw single(file.toString(), 0, "cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        return parse(text, file.toString(), env);
    }

    /**
     * Parses configuration text.
     *
     * @param fileName the name problems are reported against
     * @param env      the environment for {@code ${VAR}} substitution
     */
    public static AtendeConfig parse(String yamlText, String fileName, Map<String, String> env)
            throws ConfigException {
        LoadContext ctx = new LoadContext(fileName, env);
        Node root;
        try {
            root = compose(yamlText);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getContext();
            String context = e.getContext() != null && e.getProblem() != null ? " (" + e.getContext() + ")" : "";
            throw single(fileName, mark == null ? 1 : mark.getLine() + 1, "malformed YAML: " + what + context);
        } catch (YAMLException e) {
            throw single(fileName, 1, "malformed YAML: " + e.getMessage());
        }
        if (root == null) {
            throw single(fileName, 1, "the file is empty (it needs at least server: with domain and listen)");
        }
        Optional<AtendeConfig> config = new ConfigBinder(ctx).bind(YamlValue.root(root, ctx));
        List<ConfigProblem> problems = ctx.problems();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config.orElseThrow(() -> new IllegalStateException("no configuration and no problem reported"));
    }

    /** The bundled demo configuration ({@link #DEMO_RESOURCE}). */
    public static AtendeConfig demo() {
        try {
            return parse(resource(DEMO_RESOURCE), "demo.yaml", Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException("the bundled demo configuration is invalid:\n" + e.getMessage(), e);
        }
    }

    /** The text of a bundled resource ({@link #DEMO_RESOURCE}, {@link #REFERENCE_RESOURCE}). */
    public static String resource(String name) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(4 * 1024 * 1024);
        options.setAllowRecursiveKeys(false);
        return new Yaml(options).compose(new StringReader(text));
    }

    private static ConfigException single(String file, int line, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, line, "", message)));
    }
}
