package org.atende.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.atende.config.LoggingConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code logging.file}: a real logback file appender, rotated by size, its count kept. */
class LogSetupTest {

    @TempDir
    Path dir;

    @AfterEach
    void detach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var file = root.getAppender(LogSetup.FILE_APPENDER);
        if (file != null) {
            root.detachAppender(file);
            file.stop();
        }
    }

    @Test
    void theFileRotatesAtItsSizeAndKeepsMaxFiles() throws IOException {
        Path log = dir.resolve("atende.log");
        LogSetup.apply(new LoggingConfig("info", Optional.of(log), false, LoggingConfig.MIN_FILE_SIZE, 2));
        Logger logger = LoggerFactory.getLogger("org.atende.test");
        String line = "x".repeat(200);
        for (int i = 0; i < 2_000; i++) { // about 450 KB: seven files' worth
            logger.info("line {} {}", i, line);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("atende.log", "atende.log.1", "atende.log.2");
        }
        for (String name : List.of("atende.log.1", "atende.log.2")) {
            assertThat(Files.size(dir.resolve(name))).as(name).isBetween(LoggingConfig.MIN_FILE_SIZE,
                    LoggingConfig.MIN_FILE_SIZE + 1024);
        }
        List<String> current = Files.readAllLines(log);
        assertThat(current.get(current.size() - 1)).matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[[^]]+] org\\.atende\\.test - line 1999 x+");
    }
}
