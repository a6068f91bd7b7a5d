package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.atende.config.SecurityConfig.AuthFailures;
import org.atende.config.SecurityConfig.Rate;
import org.atende.config.SecurityConfig.RateLimits;

/** Binds {@code security:} to a {@link SecurityConfig}; every key may be left out. */
final class SecurityBinder {

    private static final Duration MIN_DURATION = Duration.ofMillis(1);

    private final LoadContext ctx;

    SecurityBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    Optional<SecurityConfig> bind(YamlMap s) {
        int before = ctx.problemCount();
        List<Cidr> trusted = new ArrayList<>();
        s.get("trusted").flatMap(YamlValue::list).ifPresent(items -> items.forEach(item -> item.nonEmpty()
                .ifPresent(text -> Cidr.tryParse(text.text()).ifPresentOrElse(trusted::add,
                        () -> item.problem(text.display() + " is not an address or CIDR")))));
        AuthFailures auth = s.get("auth_failures").flatMap(YamlValue::map).flatMap(this::authFailures)
                .orElse(AuthFailures.DEFAULTS);
        RateLimits limits = s.get("rate_limits").flatMap(YamlValue::map).flatMap(this::rateLimits)
                .orElse(RateLimits.DEFAULTS);
        Duration ackTimeout = s.duration("ack_timeout", SecurityConfig.DEFAULT_ACK_TIMEOUT, Duration.ofSeconds(1));
        Duration maxLoopLag = s.duration("max_loop_lag", SecurityConfig.DEFAULT_MAX_LOOP_LAG, Duration.ofMillis(20));
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, s, () -> new SecurityConfig(trusted, auth, limits, ackTimeout, maxLoopLag));
    }

    private Optional<AuthFailures> authFailures(YamlMap a) {
        AuthFailures d = AuthFailures.DEFAULTS;
        int before = ctx.problemCount();
        int slowAfter = a.integer("slow_after", d.slowAfter(), 1, 1000);
        int banAfter = a.integer("ban_after", d.banAfter(), 1, 1000);
        Duration window = a.duration("window", d.window(), Duration.ofSeconds(1));
        Duration delay = a.duration("delay", d.delay(), MIN_DURATION);
        Duration maxDelay = a.duration("max_delay", d.maxDelay(), MIN_DURATION);
        Duration ban = a.duration("ban", d.ban(), Duration.ofSeconds(1));
        boolean silent = a.bool("silent", d.silent());
        int lockAfter = a.integer("extension_lock_after", d.extensionLockAfter(), 1, 1000);
        Duration lock = a.duration("extension_lock", d.extensionLock(), Duration.ofSeconds(1));
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, a, () -> new AuthFailures(slowAfter, banAfter, window, delay, maxDelay, ban,
                silent, lockAfter, lock));
    }

    private Optional<RateLimits> rateLimits(YamlMap r) {
        RateLimits d = RateLimits.DEFAULTS;
        int before = ctx.problemCount();
        Rate register = rate(r, "register", d.register());
        Rate invite = rate(r, "invite", d.invite());
        Rate other = rate(r, "other", d.other());
        int sources = r.integer("sources", d.sources(), 16, 10_000_000);
        Duration retryAfter = r.duration("retry_after", d.retryAfter(), Duration.ofSeconds(1));
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, r, () -> new RateLimits(register, invite, other, sources, retryAfter));
    }

    /** {@code { rate: 10, burst: 20 }}; a missing burst is twice the rate. */
    private Rate rate(YamlMap r, String key, Rate defaults) {
        Optional<YamlMap> m = r.get(key).flatMap(YamlValue::map);
        if (m.isEmpty()) {
            return defaults;
        }
        int rate = m.get().integer("rate", defaults.rate(), 0, 1_000_000);
        int burst = m.get().integer("burst", m.get().has("rate") ? 2 * rate : defaults.burst(), 0, 10_000_000);
        return ConfigBinder.build(ctx, m.get(), () -> new Rate(rate, burst)).orElse(defaults);
    }
}
