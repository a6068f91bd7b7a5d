package org.atende.config.flow;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Something the caller hears: a WAV file (8 kHz mono; resolved against the configuration file's directory), a
 * built-in tone for a duration, or silence.
 */
public sealed interface Prompt {

    /** A WAV prompt. */
    record File(Path path) implements Prompt {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A built-in tone: {@code ringback}, {@code busy}, {@code beep}, {@code dial}, {@code hold}. */
    record Tone(String name, Duration duration) implements Prompt {
        public static final java.util.List<String> NAMES = java.util.List.of("ringback", "busy", "beep", "dial", "hold");

        public Tone {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown tone " + name);
            }
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Silence. */
    record Silence(Duration duration) implements Prompt {
        public Silence {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * Speaks the value of a call variable digit by digit ("você digitou 1 2 3"), from the digit prompts
     * {@code digitsDir/0.wav} … {@code 9.wav}.
     */
    record SayDigits(String variable) implements Prompt {
        public SayDigits {
            Objects.requireNonNull(variable, "variable");
        }
    }
}
