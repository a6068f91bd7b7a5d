package org.atende.config;

import java.time.Duration;
import java.util.Objects;

/**
 * RFC 4028 session timers on anchored calls: each leg whose peer supports them is refreshed (by UPDATE) or
 * expected to be refreshed, and a leg whose refresh fails or never comes ends the call.
 *
 * @param enabled whether Atende asks for and honours session timers
 * @param expires the interval Atende asks for (Session-Expires), at least {@code minSe}
 * @param minSe   the shortest interval accepted (Min-SE; RFC 4028 says 90 s: lower values are for tests)
 */
public record SessionTimerConfig(boolean enabled, Duration expires, Duration minSe) {

    public static final SessionTimerConfig DEFAULTS = new SessionTimerConfig(true, Duration.ofMinutes(30),
            Duration.ofSeconds(90));

    public SessionTimerConfig {
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(minSe, "minSe");
        if (minSe.isNegative() || minSe.isZero() || expires.compareTo(minSe) < 0) {
            throw new IllegalArgumentException("session timers: expires " + expires + " must be at least min_se "
                    + minSe + ", which must be positive");
        }
    }
}
