package org.atende.config;

import java.time.Duration;
import java.util.List;

/**
 * Registrar limits.
 *
 * @param minExpires     shorter requested expiries get 423 Interval Too Brief
 * @param maxExpires     longer requested expiries are cut to this
 * @param defaultExpires used when the REGISTER names none
 * @param nonceLifetime  a digest nonce older than this is answered with stale=true
 * @param digestAlgorithms the digest challenges offered, most preferred first ({@code SHA-256}, {@code MD5});
 *                       RFC 8760 clients pick the first they support, but some (SIPp 3.6, older phones) read
 *                       only the first challenge, so the order matters
 */
public record RegistrarConfig(Duration minExpires, Duration maxExpires, Duration defaultExpires, Duration nonceLifetime,
                              List<String> digestAlgorithms) {

    /** The supported algorithms, in RFC 8760's order of preference. */
    public static final List<String> ALGORITHMS = List.of("SHA-256", "MD5");

    /**
     * The default offer: MD5 alone. Offering SHA-256 as well breaks common clients: SIPp 3.6 reads only the first
     * challenge, baresip 1.0 refuses to register when any challenge names an algorithm it lacks. Both algorithms
     * are always accepted; admins whose phones implement RFC 8760 configure [SHA-256, MD5].
     */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("MD5");

    /** The defaults of the YAML file: 60s, 3600s, 3600s, 300s, [MD5]. */
    public static final RegistrarConfig DEFAULTS = new RegistrarConfig(
            Duration.ofSeconds(60), Duration.ofSeconds(3600), Duration.ofSeconds(3600), Duration.ofSeconds(300),
            DEFAULT_ALGORITHMS);

    public RegistrarConfig {
        digestAlgorithms = digestAlgorithms == null ? DEFAULT_ALGORITHMS : List.copyOf(digestAlgorithms);
        if (digestAlgorithms.isEmpty() || !ALGORITHMS.containsAll(digestAlgorithms)) {
            throw new IllegalArgumentException("digest_algorithms must be a non-empty list of " + ALGORITHMS);
        }
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
