package org.atende.trunk;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** Captures what one class logs (logback is the test-scope SLF4J binding). Close to detach. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            synchronized (this) {
                super.append(event);
                notifyAll();
            }
        }
    };

    public LogCapture(Class<?> type) {
        this(type.getName());
    }

    /** What the logger {@code name} logs (a class not visible to the test, by its name). */
    public LogCapture(String name) {
        if (!(LoggerFactory.getLogger(name) instanceof Logger logback)) {
            throw new IllegalStateException("tests expect logback as the SLF4J binding");
        }
        logger = logback;
        previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    /** Formatted messages at {@code level}, in order. */
    public List<String> at(Level level) {
        synchronized (appender) {
            return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    public List<String> all() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Waits up to {@code timeout} for a message at {@code level} containing {@code fragment}; whether one came. */
    public boolean await(Level level, String fragment, Duration timeout) throws InterruptedException {
        return await(level, fragment, 1, timeout);
    }

    /** Waits up to {@code timeout} for {@code count} messages at {@code level} containing {@code fragment}. */
    public boolean await(Level level, String fragment, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (appender) {
            while (at(level).stream().filter(m -> m.contains(fragment)).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(appender, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }
}
