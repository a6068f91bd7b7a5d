package org.atende.engine;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atende.call.TrunkDirectory;
import org.atende.config.AtendeConfig;
import org.atende.config.SecurityConfig;
import org.atende.config.TrunkConfig;
import org.atende.metrics.SecurityMetrics;
import org.atende.metrics.EngineMetrics;
import org.atende.security.AuthGuard;
import org.atende.security.OverloadGuard;
import org.atende.security.RateLimiter;
import org.atende.security.SecurityLog;
import org.atende.security.SourceGate;

/**
 * The engine's protection on the open internet ({@code org.atende.security}), built from {@code security:}: the
 * {@link AuthGuard} the registrar and the router authenticate under, the {@link RateLimiter}, and the
 * {@link SourceGate} the dispatcher puts every request through. Trusted addresses and every trunk's addresses
 * (its {@code allow} list and the registrar addresses learnt at run time) are exempt. Once started, one loop ends
 * bans and locks each second and logs the rate-limit summary every {@link #SUMMARY}, and the
 * {@link ConnectionErrorSummary} (connections closed on errors: a scanner's resets) every 10 s.
 */
final class Protection implements SecurityMetrics.Readings {

    /** How often what the rate limits refused is summarised in the security log. */
    static final Duration SUMMARY = Duration.ofSeconds(10);

    private final AuthGuard guard;
    private final RateLimiter limiter;
    private final Duration maxLoopLag;
    private final Duration retryAfter;
    private volatile SourceGate gate;
    private volatile OverloadGuard overload;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private final List<String> trunkNames;
    private volatile org.atende.call.TrunkChannels trunkChannels;

    Protection(AtendeConfig config, Clock clock, TrunkDirectory trunks) {
        SecurityConfig security = config.security();
        List<TrunkConfig> trunkList = config.trunks();
        java.util.function.Predicate<InetAddress> exempt = address -> security.trusts(address)
                || trunkList.stream().anyMatch(t -> trunks.allows(t, address));
        SecurityLog log = new SecurityLog();
        this.guard = new AuthGuard(security.authFailures(), exempt, user -> config.extension(user).isPresent(), clock,
                log, security.rateLimits().sources());
        this.limiter = new RateLimiter(security.rateLimits(), exempt, System::nanoTime, log);
        this.maxLoopLag = security.maxLoopLag();
        this.retryAfter = security.rateLimits().retryAfter();
        this.trunkNames = trunkList.stream().map(TrunkConfig::name).toList();
    }

    /** The trunks' channels, for the meters. Starting thread, before the meters are bound. */
    void meterTrunks(org.atende.call.TrunkChannels channels) {
        this.trunkChannels = channels;
    }

    /**
     * Starts the sweeps on {@code loop}, and the summary of {@code connectionErrors} (the transport's count). Starting
     * thread; once.
     */
    void start(EventExecutor loop, java.util.function.LongSupplier connectionErrors) {
        long interval = ConnectionErrorSummary.INTERVAL.toSeconds();
        tasks.add(loop.scheduleAtFixedRate(new ConnectionErrorSummary(connectionErrors), interval, interval,
                TimeUnit.SECONDS));
        tasks.add(loop.scheduleAtFixedRate(guard::sweep, 1, 1, TimeUnit.SECONDS));
        long summary = SUMMARY.toSeconds();
        tasks.add(loop.scheduleAtFixedRate(() -> limiter.summarize(SUMMARY), summary, summary, TimeUnit.SECONDS));
    }

    void stop() {
        tasks.forEach(t -> t.cancel(false));
    }

    AuthGuard guard() {
        return guard;
    }

    RateLimiter limiter() {
        return limiter;
    }

    /**
     * The front gate, its overload guard reading {@code loops} (each event loop's lag). Starting thread; once, when
     * the loops' probes exist.
     */
    SourceGate gate(List<LoopLag> loops) {
        List<java.util.function.LongSupplier> lags = new ArrayList<>();
        loops.forEach(loop -> lags.add(loop::sustainedLagNanos));
        overload = new OverloadGuard(lags, maxLoopLag);
        gate = new SourceGate(guard, limiter, overload, retryAfter);
        return gate;
    }

    /** Null until {@link #gate}. */
    OverloadGuard overload() {
        return overload;
    }

    // ---- SecurityMetrics.Readings ----

    @Override
    public long authFailures() {
        return guard.failures();
    }

    @Override
    public long bans() {
        return guard.bansStarted();
    }

    @Override
    public int activeBans() {
        return guard.activeBans();
    }

    @Override
    public long bannedRequests() {
        return guard.refusedRequests();
    }

    @Override
    public int activeLocks() {
        return guard.activeLocks();
    }

    @Override
    public long lockRefusals() {
        return guard.lockRefusals();
    }

    @Override
    public long limited(String limit) {
        return limiter.limited(RateLimiter.Limit.valueOf(limit.toUpperCase(java.util.Locale.ROOT)));
    }

    @Override
    public long overloadRefusals() {
        OverloadGuard o = overload;
        return o == null ? 0 : o.refused();
    }

    @Override
    public int overloaded() {
        OverloadGuard o = overload;
        return o != null && o.state() == OverloadGuard.State.OVERLOADED ? 1 : 0;
    }

    @Override
    public int trackedSources() {
        return limiter.trackedSources();
    }

    @Override
    public List<String> trunks() {
        return trunkNames;
    }

    @Override
    public int trunkCallsActive(String trunk) {
        var channels = trunkChannels;
        return channels == null ? 0 : channels.active(trunk);
    }

    @Override
    public long trunkCallsRefused(String trunk) {
        var channels = trunkChannels;
        return channels == null ? 0 : channels.refused(trunk);
    }
}
