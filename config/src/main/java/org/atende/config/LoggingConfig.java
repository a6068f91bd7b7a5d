package org.atende.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * @param level    root level: error, warn, info, debug, trace
 * @param file     optional log file; console only when absent (null becomes empty)
 * @param sipTrace log every SIP message at DEBUG (capped, with passwords never present on the wire)
 */
public record LoggingConfig(String level, Optional<Path> file, boolean sipTrace) {

    public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

    /** Level info, console only, no SIP trace. */
    public static final LoggingConfig DEFAULTS = new LoggingConfig("info", Optional.empty(), false);

    public LoggingConfig {
        Objects.requireNonNull(level, "level");
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("level must be one of " + LEVELS + ", was " + level);
        }
        if (file == null) {
            file = Optional.empty();
        }
    }
}
