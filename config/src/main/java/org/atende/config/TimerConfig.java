package org.atende.config;

import java.time.Duration;

/** RFC 3261 timer base values. */
public record TimerConfig(Duration t1, Duration t2, Duration t4) {

    public static final TimerConfig RFC3261 =
            new TimerConfig(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));

    public TimerConfig {
        requirePositive(t1, "t1");
        requirePositive(t2, "t2");
        requirePositive(t4, "t4");
    }

    public Duration timerB() {
        return t1.multipliedBy(64);
    }

    static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }
}
