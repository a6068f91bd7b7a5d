package org.atende.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Binds {@code logging:} to a {@link LoggingConfig}; every key may be left out. */
final class LoggingBinder {

    private LoggingBinder() {
    }

    static LoggingConfig bind(YamlMap l) {
        String level = l.get("level").flatMap(v -> v.nonEmpty().flatMap(s -> {
            String lv = s.text().strip().toLowerCase(Locale.ROOT);
            if (LoggingConfig.LEVELS.contains(lv)) {
                return Optional.of(lv);
            }
            v.problem(s.display() + " is not a level (" + String.join(", ", LoggingConfig.LEVELS) + ")");
            return Optional.empty();
        })).orElse(LoggingConfig.DEFAULTS.level());
        Optional<Path> file = l.get("file").flatMap(ServerBinder::path);
        boolean sipTrace = l.bool("sip_trace", false);
        long maxFileSize = l.get("max_file_size").flatMap(v -> v.nonEmpty().flatMap(s -> {
            Optional<Long> size = LoggingConfig.parseSize(s.text());
            if (size.isEmpty()) {
                v.problem(s.display() + " is not a size (write 512KB, 50MB or 1GB)");
            } else if (size.get() < LoggingConfig.MIN_FILE_SIZE || size.get() > LoggingConfig.MAX_FILE_SIZE) {
                v.problem(s.display() + " is outside 64KB..10GB");
                return Optional.<Long>empty();
            }
            return size;
        })).orElse(LoggingConfig.DEFAULT_MAX_FILE_SIZE);
        int maxFiles = l.integer("max_files", LoggingConfig.DEFAULT_MAX_FILES, 1, 100);
        return new LoggingConfig(level, file, sipTrace, maxFileSize, maxFiles);
    }
}
