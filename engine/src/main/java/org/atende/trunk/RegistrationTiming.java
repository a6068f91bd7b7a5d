package org.atende.trunk;

import java.time.Duration;

/**
 * When to refresh a registration and how long to wait after a failure. Pure functions of their arguments.
 *
 * <p><b>Refresh</b>: after 80% of the granted interval, but at least 5 s before the binding expires, and never
 * before half of it: {@code max(g/2, min(0.8 g, g - 5 s))}. For 3600 s that is 2880 s (12 minutes of slack for
 * retransmissions and a challenge round trip), for 120 s 96 s, for 8 s 4 s.
 *
 * <p><b>Retry</b> (RFC 5626 §4.5 with base-time 30 s and max-time 600 s): after the n-th consecutive failure
 * {@code W = min(600 s, 30 s * 2^n)} and the wait is uniformly drawn from {@code [W/2, W)}: 30-60 s, then 60-120 s,
 * 120-240 s, 240-480 s, then 300-600 s for every later failure. The jitter keeps a fleet of nodes that lost their
 * carrier at the same moment from coming back in lockstep.
 */
final class RegistrationTiming {

    static final Duration RETRY_BASE = Duration.ofSeconds(30);
    static final Duration RETRY_CAP = Duration.ofMinutes(10);
    static final Duration REFRESH_MIN_MARGIN = Duration.ofSeconds(5);

    private RegistrationTiming() {
    }

    /** How long after the REGISTER was sent to send the refresh, for a binding granted for {@code granted}. */
    static Duration refreshDelay(Duration granted) {
        long g = granted.toMillis();
        long delay = Math.max(g / 2, Math.min(g / 5 * 4, g - REFRESH_MIN_MARGIN.toMillis()));
        return Duration.ofMillis(delay);
    }

    /**
     * The wait before the next attempt.
     *
     * @param consecutiveFailures failures since the last success, at least 1
     * @param unit                a random number in {@code [0, 1)}
     */
    static Duration retryDelay(int consecutiveFailures, double unit) {
        if (consecutiveFailures < 1 || !(unit >= 0 && unit < 1)) {
            throw new IllegalArgumentException("failures=" + consecutiveFailures + " unit=" + unit);
        }
        long cap = RETRY_CAP.toMillis();
        long ceiling = RETRY_BASE.toMillis() << Math.min(consecutiveFailures, 10);
        ceiling = Math.min(ceiling, cap);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (half * unit));
    }
}
