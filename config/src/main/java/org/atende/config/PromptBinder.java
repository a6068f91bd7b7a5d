package org.atende.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.atende.config.flow.Prompt;

/**
 * Binds prompts, written as one prompt or a list of them. A prompt is a string, a WAV file (a relative path
 * resolves against the configuration file's directory; the file must exist and be 8 kHz mono, see
 * {@link WavHeader}) or {@code builtin:pt-BR/name.wav}, a prompt bundled with Atende (only the name's form is
 * checked here: the bundle lives in module media); or a map: {@code { tone: ringback, duration: 3s }},
 * {@code { silence: 1s }}, {@code { say_digits: cpf }}.
 *
 * <p>A built-in prompt is bound to a {@link Prompt.File} whose path is the name as written
 * ({@code builtin:pt-BR/menu.wav}), unresolved; the player maps it to the classpath resource
 * {@code org/atende/prompts/pt-BR/menu.wav}.
 */
final class PromptBinder {

    static final String BUILTIN = "builtin:";
    private static final Pattern BUILTIN_NAME = Pattern.compile(
            "builtin:[a-z]{2,3}(-[A-Z]{2})?(/[A-Za-z0-9_][A-Za-z0-9_.-]*)+\\.wav");
    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Duration ONE_MS = Duration.ofMillis(1);
    private static final List<String> KINDS = List.of("tone", "silence", "say_digits");

    private final LoadContext ctx;
    private final Path baseDir;

    PromptBinder(LoadContext ctx) {
        this.ctx = ctx;
        this.baseDir = ctx.baseDir();
    }

    /** One prompt or a list; empty only when there were problems. */
    Optional<List<Prompt>> prompts(YamlValue v) {
        int before = ctx.problemCount();
        List<Prompt> result = new ArrayList<>();
        if (v.isList()) {
            v.list().orElseThrow().forEach(item -> prompt(item).ifPresent(result::add));
        } else {
            prompt(v).ifPresent(result::add);
        }
        return ctx.problemCount() == before ? Optional.of(result) : Optional.empty();
    }

    /** Prompts under an optional key: none when absent. */
    Optional<List<Prompt>> optional(YamlMap m, String key) {
        return m.get(key).map(this::prompts).orElse(Optional.of(List.of()));
    }

    Optional<Prompt> prompt(YamlValue v) {
        if (v.isMap()) {
            return v.map().flatMap(this::promptMap);
        }
        return v.nonEmpty().flatMap(s -> {
            String text = s.text().strip();
            if (text.startsWith(BUILTIN)) {
                if (!BUILTIN_NAME.matcher(text).matches()) {
                    v.problem(s.display() + " is not a built-in prompt name (like builtin:pt-BR/menu.wav)");
                    return Optional.empty();
                }
                return Optional.of(new Prompt.File(Path.of(text)));
            }
            return file(v, s, text);
        });
    }

    private Optional<Prompt> file(YamlValue v, YamlValue.Scalar s, String text) {
        Path path;
        try {
            path = baseDir.resolve(text);
        } catch (InvalidPathException e) {
            v.problem(s.display() + " is not a file path (" + e.getReason() + ")");
            return Optional.empty();
        }
        if (!Files.isRegularFile(path)) {
            v.problem(s.display() + " does not exist (looked for " + path + ")");
            return Optional.empty();
        }
        Optional<String> wrong = WavHeader.problem(path);
        if (wrong.isPresent()) {
            v.problem(s.display() + " " + wrong.get());
            return Optional.empty();
        }
        return Optional.of(new Prompt.File(path));
    }

    private Optional<Prompt> promptMap(YamlMap m) {
        List<String> kinds = KINDS.stream().filter(m::has).toList();
        if (kinds.isEmpty()) {
            if (!m.hadUnknownKeys()) {
                ctx.problem(m.line(), m.path(), "needs tone, silence or say_digits (or write a file path)");
            }
            return Optional.empty();
        }
        if (kinds.size() > 1) {
            ctx.problem(m.line(), m.path(), "has both " + kinds.get(0) + " and " + kinds.get(1)
                    + "; a prompt is one of them");
            return Optional.empty();
        }
        if (m.has("duration") && !kinds.get(0).equals("tone")) {
            m.entries().get("duration").problem("applies to a tone only");
            return Optional.empty();
        }
        return switch (kinds.get(0)) {
            case "tone" -> tone(m);
            case "silence" -> m.required("silence").flatMap(d -> d.duration(ONE_MS)).map(Prompt.Silence::new);
            default -> m.required("say_digits").flatMap(FlowBinder::variable).map(Prompt.SayDigits::new);
        };
    }

    private Optional<Prompt> tone(YamlMap m) {
        Optional<YamlValue> toneValue = m.required("tone");
        Optional<String> name = toneValue.flatMap(v -> v.nonEmpty().flatMap(s -> FlowBinder.oneOf(v, s,
                Prompt.Tone.NAMES, "a tone")));
        Optional<Duration> duration = m.required("duration").flatMap(d -> d.duration(ONE_MS));
        if (name.isEmpty() || duration.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Prompt.Tone(name.get(), duration.get()));
    }
}
