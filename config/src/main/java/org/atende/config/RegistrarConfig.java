package org.atende.config;

import java.time.Duration;

/**
 * Registrar limits.
 *
 * @param minExpires     shorter requested expiries get 423 Interval Too Brief
 * @param maxExpires     longer requested expiries are cut to this
 * @param defaultExpires used when the REGISTER names none
 * @param nonceLifetime  a digest nonce older than this is answered with stale=true
 */
public record RegistrarConfig(Duration minExpires, Duration maxExpires, Duration defaultExpires, Duration nonceLifetime) {

    /** The defaults of the YAML file: 60s, 3600s, 3600s, 300s. */
    public static final RegistrarConfig DEFAULTS = new RegistrarConfig(
            Duration.ofSeconds(60), Duration.ofSeconds(3600), Duration.ofSeconds(3600), Duration.ofSeconds(300));

    public RegistrarConfig {
        TimerConfig.requirePositive(minExpires, "min_expires");
        TimerConfig.requirePositive(maxExpires, "max_expires");
        TimerConfig.requirePositive(defaultExpires, "default_expires");
        TimerConfig.requirePositive(nonceLifetime, "nonce_lifetime");
        if (maxExpires.compareTo(minExpires) < 0
                || defaultExpires.compareTo(minExpires) < 0
                || defaultExpires.compareTo(maxExpires) > 0) {
            throw new IllegalArgumentException("need min_expires <= default_expires <= max_expires");
        }
    }
}
