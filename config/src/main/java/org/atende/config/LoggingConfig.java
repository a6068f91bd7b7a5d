package org.atende.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * @param level       root level: error, warn, info, debug, trace
 * @param file        optional log file; console only when absent (null becomes empty)
 * @param sipTrace    log every SIP message at DEBUG (capped, with passwords never present on the wire)
 * @param maxFileSize the size in bytes at which the file is rotated ({@code atende.log} becomes
 *                    {@code atende.log.1}, and so on)
 * @param maxFiles    rotated files kept besides the current one; older ones are deleted
 */
public record LoggingConfig(String level, Optional<Path> file, boolean sipTrace, long maxFileSize, int maxFiles) {

    public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");
    /** 50 MB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 50L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILES = 10;
    /** The smallest rotation size accepted, 64 KB; the largest is 10 GB. */
    public static final long MIN_FILE_SIZE = 64L * 1024;
    public static final long MAX_FILE_SIZE = 10L * 1024 * 1024 * 1024;

    private static final Pattern SIZE = Pattern.compile("(?i)(\\d{1,12})\\s*(B|KB|MB|GB)");

    /** Level info, console only, no SIP trace; 50 MB files, 10 kept. */
    public static final LoggingConfig DEFAULTS = new LoggingConfig("info", Optional.empty(), false);

    public LoggingConfig {
        Objects.requireNonNull(level, "level");
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("level must be one of " + LEVELS + ", was " + level);
        }
        if (file == null) {
            file = Optional.empty();
        }
        if (maxFileSize < MIN_FILE_SIZE || maxFileSize > MAX_FILE_SIZE) {
            throw new IllegalArgumentException("max_file_size must be between 64KB and 10GB");
        }
        if (maxFiles < 1 || maxFiles > 100) {
            throw new IllegalArgumentException("max_files must be between 1 and 100");
        }
    }

    public LoggingConfig(String level, Optional<Path> file, boolean sipTrace) {
        this(level, file, sipTrace, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_FILES);
    }

    /** {@code 512KB}, {@code 50MB}, {@code 1GB} (powers of 1024) in bytes; empty when it is not such a size. */
    public static Optional<Long> parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        return n > (Long.MAX_VALUE >> shift) ? Optional.empty() : Optional.of(n << shift);
    }
}
