package org.atende.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.atende.config.SecurityConfig.Rate;
import org.atende.config.SecurityConfig.RateLimits;
import org.atende.security.RateLimiter.Limit;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-source token buckets, on a clock stepped by hand. */
class RateLimiterTest {

    private static final RateLimits LIMITS = new RateLimits(new Rate(2, 4), new Rate(1, 2), new Rate(0, 0), 16,
            Duration.ofSeconds(5));

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LogCapture security = new LogCapture(SecurityLog.LOGGER);
    private final InetAddress flooder = address("127.0.0.5");
    private final InetAddress caller = address("127.0.0.6");
    private final InetAddress trunk = address("127.0.0.7");
    private final RateLimiter limiter = new RateLimiter(LIMITS, trunk::equals, nanos::get, new SecurityLog());

    @AfterEach
    void detach() {
        security.close();
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private int admitted(InetAddress from, Limit limit, int requests) {
        int n = 0;
        for (int i = 0; i < requests; i++) {
            n += limiter.tryAcquire(from, limit) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aBurstPassesThenTheRateRefills() {
        assertThat(admitted(flooder, Limit.REGISTER, 10)).isEqualTo(4);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(admitted(flooder, Limit.REGISTER, 10)).isEqualTo(1);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertThat(admitted(flooder, Limit.REGISTER, 10)).as("refilled to the burst, no more").isEqualTo(4);
        assertThat(limiter.limited(Limit.REGISTER)).isEqualTo(21);
    }

    @Test
    void eachSourceAndEachLimitHasItsOwnBucket() {
        assertThat(admitted(flooder, Limit.INVITE, 100)).isEqualTo(2);
        assertThat(admitted(caller, Limit.INVITE, 1)).isEqualTo(1);
        assertThat(admitted(flooder, Limit.REGISTER, 1)).isEqualTo(1);
        assertThat(admitted(flooder, Limit.OTHER, 1000)).as("rate 0: off").isEqualTo(1000);
    }

    @Test
    void exemptSourcesAreNeverLimited() {
        assertThat(admitted(trunk, Limit.INVITE, 1000)).isEqualTo(1000);
        assertThat(limiter.limited(Limit.INVITE)).isZero();
    }

    @Test
    void sourcesBeyondTheTableShareTheOverflowSets() {
        for (int i = 0; i < 16; i++) {
            limiter.tryAcquire(address("10.0.0." + i), Limit.INVITE);
        }
        assertThat(limiter.trackedSources()).isEqualTo(16);
        int admitted = 0;
        for (int i = 0; i < 200; i++) {
            admitted += limiter.tryAcquire(address("10.0.1." + i), Limit.INVITE) ? 1 : 0;
        }
        assertThat(admitted).as("200 new sources share the overflow sets' bursts, not 200 of their own")
                .isLessThanOrEqualTo(2 * RateLimiter.OVERFLOW_SETS).isLessThan(200);
        assertThat(limiter.trackedSources()).isEqualTo(16);
    }

    @Test
    void refusalsAreSummarisedOneLinePerSourceAndIdleSourcesForgotten() {
        admitted(flooder, Limit.INVITE, 52);
        admitted(caller, Limit.REGISTER, 5);
        limiter.summarize(Duration.ofSeconds(10));
        assertThat(security.at(Level.WARN)).containsExactly(
                "rate-limited src=127.0.0.5 limit=invite refused=50 interval=10s",
                "rate-limited src=127.0.0.6 limit=register refused=1 interval=10s");
        limiter.summarize(Duration.ofSeconds(10));
        assertThat(security.at(Level.WARN)).as("nothing new refused, nothing written").hasSize(2);
        assertThat(limiter.trackedSources()).isEqualTo(2);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(10));
        limiter.summarize(Duration.ofSeconds(10));
        assertThat(limiter.trackedSources()).isZero();
    }

    @Test
    void aSummaryNamesTheBusiestSourcesAndFoldsTheRest() {
        RateLimiter limiter = new RateLimiter(new RateLimits(new Rate(2, 4), new Rate(1, 2), new Rate(0, 0), 25,
                Duration.ofSeconds(5)), a -> false, nanos::get, new SecurityLog());
        for (int i = 0; i < RateLimiter.SUMMARY_LINES + 5; i++) {
            InetAddress from = address("10.0.2." + i);
            for (int j = 0; j < 3 + i; j++) {
                limiter.tryAcquire(from, Limit.INVITE);
            }
        }
        limiter.tryAcquire(address("10.0.3.1"), Limit.INVITE);
        limiter.tryAcquire(address("10.0.3.1"), Limit.INVITE);
        limiter.tryAcquire(address("10.0.3.1"), Limit.INVITE);
        limiter.summarize(Duration.ofSeconds(10));
        var lines = security.at(Level.WARN);
        assertThat(lines).hasSize(RateLimiter.SUMMARY_LINES + 2);
        assertThat(lines.get(0)).isEqualTo("rate-limited src=10.0.2.24 limit=invite refused=25 interval=10s");
        assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly(
                "rate-limited-more sources=5 refused=15 interval=10s",
                "rate-limited-untracked refused=1 interval=10s");
    }
}
