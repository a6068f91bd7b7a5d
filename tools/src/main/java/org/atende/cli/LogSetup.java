package org.atende.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.atende.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging:} to logback: the root level, the SIP trace, and the log file, rotated by size
 * ({@code atende.log} → {@code atende.log.1} … {@code atende.log.N}, the oldest deleted). The file's lines carry a
 * full date, which fail2ban needs ({@code tools/fail2ban/}): {@value #FILE_PATTERN}. A message's line breaks become
 * {@code _}, so that no text a peer sent can start a line of its own that fail2ban would read.
 */
final class LogSetup {

    /** The file's line format; {@code docs/security.md} and the fail2ban filter depend on it. */
    static final String FILE_PATTERN = "%d{ISO8601} %-5level [%thread] %logger{20} - %replace(%msg){'[\\r\\n]', '_'}%n";
    static final String FILE_APPENDER = "file";

    private LogSetup() {
    }

    static void apply(LoggingConfig logging) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(logging.level(), Level.INFO));
        if (logging.sipTrace()) {
            context.getLogger("org.atende.sip.wire").setLevel(Level.DEBUG);
        }
        logging.file().ifPresent(file -> {
            RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
            appender.setContext(context);
            appender.setName(FILE_APPENDER);
            appender.setFile(file.toString());

            FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
            rolling.setContext(context);
            rolling.setParent(appender);
            rolling.setFileNamePattern(file + ".%i");
            rolling.setMinIndex(1);
            rolling.setMaxIndex(logging.maxFiles());
            rolling.start();

            SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
            trigger.setContext(context);
            trigger.setMaxFileSize(new FileSize(logging.maxFileSize()));
            // the size is looked at on every line (one stat, about a microsecond), not once per 60 ms: a burst
            // of lines cannot overshoot the size
            trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
            trigger.start();

            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(FILE_PATTERN);
            encoder.start();

            appender.setRollingPolicy(rolling);
            appender.setTriggeringPolicy(trigger);
            appender.setEncoder(encoder);
            appender.start();
            root.detachAppender(FILE_APPENDER);
            root.addAppender(appender);
        });
    }
}
