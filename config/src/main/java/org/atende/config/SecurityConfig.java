package org.atende.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Protection on the open internet: who is never slowed or banned, how password guessing is stopped, and how fast
 * one source may send requests.
 *
 * @param trusted      addresses and networks never slowed, banned or rate-limited (the admins' own networks,
 *                     monitoring); trunks' {@code allow} addresses are exempt as well
 * @param authFailures what failed digest authentications lead to
 * @param rateLimits   per-source request rates, checked before anything is allocated for a request
 * @param ackTimeout   how long an answered call waits for the caller's ACK before it is hung up and its RTP ports
 *                     freed (RFC 3261 would wait 64×T1, 32 s: a flood of INVITEs that never ACK held every port)
 * @param maxLoopLag   how late an event loop may run before the engine counts as overloaded and refuses new calls
 */
public record SecurityConfig(List<Cidr> trusted, AuthFailures authFailures, RateLimits rateLimits,
                             Duration ackTimeout, Duration maxLoopLag) {

    /** The default ACK wait: 8 s, after the 200 was sent five times (0, 0.5, 1.5, 3.5 and 7.5 s with T1 500 ms). */
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(8);

    /**
     * The default overload threshold: 200 ms, where SIP retransmissions are near (T1 is 500 ms) while the short
     * stalls of a busy machine (GC, another process) pass unnoticed.
     */
    public static final Duration DEFAULT_MAX_LOOP_LAG = Duration.ofMillis(200);

    /** Nothing trusted, the default guards and limits. */
    public static final SecurityConfig DEFAULTS = new SecurityConfig(List.of(), AuthFailures.DEFAULTS,
            RateLimits.DEFAULTS, DEFAULT_ACK_TIMEOUT, DEFAULT_MAX_LOOP_LAG);

    public SecurityConfig {
        trusted = List.copyOf(trusted);
        Objects.requireNonNull(authFailures, "auth_failures");
        Objects.requireNonNull(rateLimits, "rate_limits");
        TimerConfig.requirePositive(ackTimeout, "ack_timeout");
        TimerConfig.requirePositive(maxLoopLag, "max_loop_lag");
    }

    /** Whether {@code address} is in {@link #trusted}. */
    public boolean trusts(InetAddress address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Failed digest authentications, counted per source address (IPv6: per /64) and per extension over a sliding
     * {@code window}.
     *
     * @param slowAfter          failures from one address after which its challenges are answered late: {@code delay}
     *                           after the next failure, doubled after each further one, up to {@code maxDelay}
     * @param banAfter           failures from one address that ban it for {@code ban}: its requests are refused with
     *                           403, or dropped when {@code silent}
     * @param window             how long a failure counts
     * @param delay              the first delay
     * @param maxDelay           the longest delay
     * @param ban                how long a ban lasts
     * @param silent             banned addresses get no answer at all
     * @param extensionLockAfter failures on one extension, from any addresses, that lock it for
     *                           {@code extensionLock}: it then authenticates only from addresses it has registered
     *                           from before, so its phones keep working and a guessed password is of no use
     * @param extensionLock      how long a lock lasts
     */
    public record AuthFailures(int slowAfter, int banAfter, Duration window, Duration delay, Duration maxDelay,
                               Duration ban, boolean silent, int extensionLockAfter, Duration extensionLock) {

        /** 5 and 10 failures in 1 min; 500 ms doubled up to 8 s; 15 min bans; 30 failures lock an extension for 15 min. */
        public static final AuthFailures DEFAULTS = new AuthFailures(5, 10, Duration.ofMinutes(1),
                Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofMinutes(15), false, 30,
                Duration.ofMinutes(15));

        public AuthFailures {
            if (slowAfter < 1 || banAfter < 1) {
                throw new IllegalArgumentException("slow_after and ban_after must be at least 1");
            }
            if (banAfter < slowAfter) {
                throw new IllegalArgumentException("ban_after (" + banAfter + ") must not be below slow_after ("
                        + slowAfter + ")");
            }
            if (extensionLockAfter < 1) {
                throw new IllegalArgumentException("extension_lock_after must be at least 1");
            }
            TimerConfig.requirePositive(window, "window");
            TimerConfig.requirePositive(delay, "delay");
            TimerConfig.requirePositive(maxDelay, "max_delay");
            TimerConfig.requirePositive(ban, "ban");
            TimerConfig.requirePositive(extensionLock, "extension_lock");
            if (maxDelay.compareTo(delay) < 0) {
                throw new IllegalArgumentException("max_delay must not be shorter than delay");
            }
            if (maxDelay.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("max_delay must be at most 30s (clients give up after 32 s)");
            }
        }
    }

    /**
     * A token bucket: {@code rate} requests a second on average, {@code burst} at once.
     *
     * @param rate  requests per second; 0 turns the limit off
     * @param burst the bucket's size, at least {@code rate}
     */
    public record Rate(int rate, int burst) {

        public Rate {
            if (rate < 0 || burst < 0) {
                throw new IllegalArgumentException("rate and burst must not be negative");
            }
            if (rate > 0 && burst < rate) {
                throw new IllegalArgumentException("burst (" + burst + ") must be at least rate (" + rate + ")");
            }
        }

        public boolean off() {
            return rate == 0;
        }
    }

    /**
     * Per-source request rates (IPv6: per /64), every request counted, retransmissions too.
     *
     * @param register   REGISTER
     * @param invite     INVITE (new calls and re-INVITEs)
     * @param other      every other method
     * @param sources    how many addresses are tracked; beyond, new addresses share one bucket set
     * @param retryAfter the {@code Retry-After} of the 503 a request over its limit gets
     */
    public record RateLimits(Rate register, Rate invite, Rate other, int sources, Duration retryAfter) {

        /** REGISTER 20/s (burst 40), INVITE 10/s (20), others 50/s (100); 65,536 sources; Retry-After 5 s. */
        public static final RateLimits DEFAULTS = new RateLimits(new Rate(20, 40), new Rate(10, 20),
                new Rate(50, 100), 65_536, Duration.ofSeconds(5));

        public RateLimits {
            Objects.requireNonNull(register, "register");
            Objects.requireNonNull(invite, "invite");
            Objects.requireNonNull(other, "other");
            if (sources < 16) {
                throw new IllegalArgumentException("sources must be at least 16");
            }
            TimerConfig.requirePositive(retryAfter, "retry_after");
        }
    }
}
