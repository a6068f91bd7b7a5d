package org.atende.media.srtp;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jitsi.utils.logging2.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands jitsi-srtp's per-context logging to SLF4J, so its lines land with ours and are filtered by our config
 * ({@code org.jitsi.srtp.*} loggers). Level setters are ignored: levels belong to the logging configuration.
 * jitsi's static loggers in {@code org.jitsi.srtp.crypto} still write to java.util.logging.
 */
final class Slf4jJitsiLogger implements Logger {

    private final org.slf4j.Logger log;

    Slf4jJitsiLogger(org.slf4j.Logger log) {
        this.log = log;
    }

    @Override
    public Logger createChildLogger(String name, Map<String, String> context) {
        return new Slf4jJitsiLogger(LoggerFactory.getLogger(name));
    }

    @Override
    public Logger createChildLogger(String name) {
        return new Slf4jJitsiLogger(LoggerFactory.getLogger(name));
    }

    @Override
    public void setUseParentHandlers(boolean useParentHandlers) {
    }

    @Override
    public void addHandler(Handler handler) {
    }

    @Override
    public void removeHandler(Handler handler) {
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public void trace(Object msg) {
        if (log.isTraceEnabled()) {
            log.trace(String.valueOf(msg));
        }
    }

    @Override
    public void trace(Supplier<String> msgSupplier) {
        if (log.isTraceEnabled()) {
            log.trace(msgSupplier.get());
        }
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public void debug(Object msg) {
        if (log.isDebugEnabled()) {
            log.debug(String.valueOf(msg));
        }
    }

    @Override
    public void debug(Supplier<String> msgSupplier) {
        if (log.isDebugEnabled()) {
            log.debug(msgSupplier.get());
        }
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public void info(Object msg) {
        if (log.isInfoEnabled()) {
            log.info(String.valueOf(msg));
        }
    }

    @Override
    public void info(Supplier<String> msgSupplier) {
        if (log.isInfoEnabled()) {
            log.info(msgSupplier.get());
        }
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public void warn(Object msg) {
        if (log.isWarnEnabled()) {
            log.warn(String.valueOf(msg));
        }
    }

    @Override
    public void warn(Supplier<String> msgSupplier) {
        if (log.isWarnEnabled()) {
            log.warn(msgSupplier.get());
        }
    }

    @Override
    public void warn(Object msg, Throwable t) {
        log.warn(String.valueOf(msg), t);
    }

    @Override
    public void error(Object msg) {
        if (log.isErrorEnabled()) {
            log.error(String.valueOf(msg));
        }
    }

    @Override
    public void error(Supplier<String> msgSupplier) {
        if (log.isErrorEnabled()) {
            log.error(msgSupplier.get());
        }
    }

    @Override
    public void error(Object msg, Throwable t) {
        log.error(String.valueOf(msg), t);
    }

    @Override
    public void setLevelError() {
    }

    @Override
    public void setLevelWarn() {
    }

    @Override
    public void setLevelInfo() {
    }

    @Override
    public void setLevelDebug() {
    }

    @Override
    public void setLevelTrace() {
    }

    @Override
    public void setLevelAll() {
    }

    @Override
    public void setLevelOff() {
    }

    @Override
    public void setLevel(Level level) {
    }

    @Override
    public Level getLevel() {
        if (log.isTraceEnabled()) {
            return Level.FINEST;
        } else if (log.isDebugEnabled()) {
            return Level.FINE;
        } else if (log.isInfoEnabled()) {
            return Level.INFO;
        } else if (log.isWarnEnabled()) {
            return Level.WARNING;
        } else if (log.isErrorEnabled()) {
            return Level.SEVERE;
        }
        return Level.OFF;
    }

    @Override
    public void addContext(Map<String, String> addedContext) {
    }

    @Override
    public void addContext(String key, String value) {
    }
}
