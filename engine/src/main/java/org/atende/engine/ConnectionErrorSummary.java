package org.atende.engine;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per interval for the SIP connections closed on errors (peers that reset, TLS handshakes that failed,
 * streams that lost their framing), however many there were: a scanner resetting ten thousand connections writes a
 * few lines, never one per connection and never a stack trace. Each error is counted by the transport (and is a
 * DEBUG line there); the meter {@code sip.connections.errors} has the running count. Runs on one loop.
 */
final class ConnectionErrorSummary implements Runnable {

    static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ConnectionErrorSummary.class);

    private final LongSupplier errors;
    private long reported;

    ConnectionErrorSummary(LongSupplier errors) {
        this.errors = errors;
        this.reported = errors.getAsLong();
    }

    @Override
    public void run() {
        long now = errors.getAsLong();
        long recent = now - reported;
        if (recent > 0) {
            reported = now;
            log.warn("SIP connections closed on errors (resets, failed TLS handshakes, broken framing): {} in the last"
                    + " {} s, {} since start", recent, INTERVAL.toSeconds(), now);
        }
    }
}
