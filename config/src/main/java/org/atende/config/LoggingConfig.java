package org.atende.config;

import java.util.Optional;
import java.nio.file.Path;

/**
 * @param level    root level: error, warn, info, debug, trace
 * @param file     optional log file; console only when absent
 * @param sipTrace log every SIP message at DEBUG (capped, with passwords never present on the wire)
 */
public record LoggingConfig(String level, Optional<Path> file, boolean sipTrace) {
}
