package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random edits of valid files load or fail with located problems; nothing else ever escapes the loader. */
class ConfigMutationTest {

    private static final String DEMO = ConfigLoader.resource(ConfigLoader.DEMO_RESOURCE);
    private static final Pattern SCALAR = Pattern.compile("(:\\s+|-\\s+|\\[\\s*)([^,{}\\[\\]#\\s][^,{}\\[\\]#]*)");

    enum Kind { DELETE, DUPLICATE, REPLACE }

    /** One edit: a line (modulo the line count), and for REPLACE which scalar on it and its new text. */
    record Mutation(Kind kind, int line, int which, String replacement) {
        List<String> applyTo(List<String> lines) {
            List<String> out = new ArrayList<>(lines);
            if (out.isEmpty()) {
                return out;
            }
            int i = Math.floorMod(line, out.size());
            switch (kind) {
                case DELETE -> out.remove(i);
                case DUPLICATE -> out.add(i, out.get(i));
                case REPLACE -> out.set(i, replaceScalar(out.get(i)));
            }
            return out;
        }

        private String replaceScalar(String text) {
            Matcher m = SCALAR.matcher(text);
            List<int[]> spans = new ArrayList<>();
            while (m.find()) {
                spans.add(new int[] {m.start(2), m.end(2)});
            }
            if (spans.isEmpty()) {
                return text + replacement;
            }
            int[] span = spans.get(Math.floorMod(which, spans.size()));
            return text.substring(0, span[0]) + replacement + text.substring(span[1]);
        }
    }

    @Property(tries = 400)
    void mutatedDemoLoadsOrReportsLocatedProblems(@ForAll("edits") List<Mutation> edits) {
        check(DEMO, "demo.yaml", edits, Map.of());
    }

    @Property(tries = 400)
    void mutatedReferenceLoadsOrReportsLocatedProblems(
            @ForAll("edits") List<Mutation> edits) {
        check(ReferenceYamlTest.REFERENCE, "reference.yaml", edits, ReferenceYamlTest.ENV);
    }

    private static void check(String original, String name, List<Mutation> edits, Map<String, String> env) {
        List<String> lines = Arrays.asList(original.split("\n", -1));
        for (Mutation edit : edits) {
            lines = edit.applyTo(lines);
        }
        String text = String.join("\n", lines);
        int lineCount = lines.size();
        try {
            AtendeConfig config = ConfigLoader.parse(text, name, env);
            assertThat(config.server()).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty();
            assertThat(e.problems()).allSatisfy(p -> {
                assertThat(p.line()).as(p.toString()).isBetween(1, lineCount + 1);
                assertThat(p.file()).isEqualTo(name);
                assertThat(p.message()).isNotBlank();
                assertThat(p.toString()).doesNotContain("correct-horse-battery", "carrier-secret");
            });
            assertThat(e.getMessage().lines()).hasSize(e.problems().size());
        }
    }

    @Provide
    Arbitrary<List<Mutation>> edits() {
        return mutations().list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<Mutation> mutations() {
        Arbitrary<String> replacements = Arbitraries.oneOf(
                Arbitraries.of("", "~", "x", "0", "-1", "65536", "99999999999999999999", "true", "yes", "[a, b]",
                        "{a: 1}", "\"unterminated", "'", "${UNSET}", "${X:-1}", "$${", "${", "&a", "*a", "&a x",
                        "!!binary", "!tag x", "10.0.0.300/24", "::1", "0.0.0.0", "1s", "0ms", "1001", "1002",
                        "0800 123 4567", ":", "- x", "? x", "|", ">", "%", "@", "`", "\t", "<<: {}", "a: b: c",
                        "\u0000", "\uFEFF", "🎧", "echo", "PCMU", "5000-6000", "10001-10002",
                        "builtin:pt-BR/x.wav", "builtin:", "menu", "atendente", "principal", "24:00", "{var.x}", "{",
                        "regex", "POST", "csat", "{ tone: beep }", "{ silence: 1s }", "[]", "{}"),
                Arbitraries.strings().ofMaxLength(8));
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, 5), replacements).as(Mutation::new);
    }
}
