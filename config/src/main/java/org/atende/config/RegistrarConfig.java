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
}
