package org.atende.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.atende.config.SecurityConfig.AuthFailures;
import org.atende.sip.auth.AuthFailure.Reason;

/**
 * Stops password guessing (the fail2ban and Kamailio {@code htable} practice, built in): failed digest
 * authentications are counted per source ({@link SourceKey}) and per extension over a sliding window.
 *
 * <ul>
 *   <li>A source past {@code slow_after} failures gets its challenges late: {@code delay} after the next failure,
 *       doubled after each further one, up to {@code max_delay} ({@link #failed}, {@link #challengeDelay}).</li>
 *   <li>At {@code ban_after} it is banned for {@code ban}: {@link #refuses} tells the front gate to refuse its
 *       requests before anything is allocated for them, so a right guess made while banned registers nothing.</li>
 *   <li>An extension that collected {@code extension_lock_after} failures, from any addresses, is locked for
 *       {@code extension_lock}: it then authenticates only from addresses it registered from before
 *       ({@link #mayAuthenticate}), so a password guessed from a botnet is of no use, while its phones keep
 *       working.</li>
 * </ul>
 * Both decay: a failure counts for {@code window}, bans and locks end by themselves ({@link #sweep}, which logs the
 * end). Trusted and trunk addresses ({@code exempt}) are never counted, slowed, banned or locked out; their failures
 * are still logged. Every failure, ban and lock is a {@link SecurityLog} line. The tables are bounded: sources by
 * {@code maxSources} (the least recently failing one is forgotten first), extensions by those configured.
 *
 * <p>Thread-safe: the registrar's loop and every call's loop use it; the gate's check is lock-free.
 */
public final class AuthGuard {

    /** Addresses an extension remembers having registered from. */
    static final int KNOWN_ADDRESSES = 16;

    private final AuthFailures config;
    private final Predicate<InetAddress> exempt;
    private final Predicate<String> isExtension;
    private final Clock clock;
    private final SecurityLog log;
    private final long window;
    private final int maxSources;
    /** Failing sources, least recently failing first. Guarded by itself. */
    private final LinkedHashMap<InetAddress, FailureTimes> sources = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<InetAddress, Ban> bans = new ConcurrentHashMap<>();
    private final Map<String, Watch> extensions = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private final LongAdder bansStarted = new LongAdder();
    private final LongAdder refusedRequests = new LongAdder();
    private final LongAdder lockRefusals = new LongAdder();

    /**
     * @param exempt      trusted and trunk addresses
     * @param isExtension whether a user name is a configured extension (only those are watched)
     * @param maxSources  failing sources remembered at most
     */
    public AuthGuard(AuthFailures config, Predicate<InetAddress> exempt, Predicate<String> isExtension, Clock clock,
                     SecurityLog log, int maxSources) {
        this.config = config;
        this.exempt = exempt;
        this.isExtension = isExtension;
        this.clock = clock;
        this.log = log;
        this.window = config.window().toMillis();
        this.maxSources = maxSources;
    }

    /**
     * A guard that counts nothing and bans no one (every address exempt): for a registrar or router built without
     * protection, as unit tests do. Failures are still logged.
     */
    public static AuthGuard off(Clock clock) {
        return new AuthGuard(AuthFailures.DEFAULTS, address -> true, user -> false, clock, new SecurityLog(), 16);
    }

    /** A banned source: until when, and how many of its requests were refused. */
    private static final class Ban {
        final long until;
        final LongAdder refused = new LongAdder();

        Ban(long until) {
            this.until = until;
        }
    }

    /** One extension's failures, lock and known addresses. Guarded by itself. */
    private final class Watch {
        final FailureTimes failures = new FailureTimes(config.extensionLockAfter());
        final LinkedHashSet<InetAddress> known = new LinkedHashSet<>();
        long lockedUntil;
        long refused;

        boolean locked(long now) {
            return lockedUntil > now;
        }

        /** Remembers {@code key}; true when it was not known. */
        boolean remember(InetAddress key) {
            if (known.remove(key)) {
                known.add(key);
                return false;
            }
            known.add(key);
            if (known.size() > KNOWN_ADDRESSES) {
                Iterator<InetAddress> oldest = known.iterator();
                oldest.next();
                oldest.remove();
            }
            return true;
        }
    }

    /**
     * A failed authentication: logged, counted against the source and (when it names one) the extension, which may
     * slow, ban or lock. Any thread.
     *
     * @param user what the credentials named
     * @return how long to hold back the answer to this request: zero unless the source is being slowed
     */
    public Duration failed(InetSocketAddress source, String transport, String method, String user, Reason reason,
                           String callId) {
        failures.increment();
        InetAddress address = source.getAddress();
        if (exempt.test(address)) {
            log.exemptAuthFailure(source, transport, method, user, reason.word(), callId);
            return Duration.ZERO;
        }
        long now = clock.millis();
        InetAddress key = SourceKey.of(address);
        int count;
        synchronized (sources) {
            FailureTimes times = sources.get(key);
            if (times == null) {
                times = new FailureTimes(config.banAfter());
                sources.put(key, times);
                if (sources.size() > maxSources) {
                    Iterator<InetAddress> eldest = sources.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
            count = times.add(now, window);
            if (count >= config.banAfter()) {
                times.clear();
            }
        }
        log.authFailure(source, transport, method, user, reason.word(), count, callId);
        if (user != null && reason == Reason.WRONG_PASSWORD && isExtension.test(user)) {
            watchFailure(user, now);
        }
        if (count >= config.banAfter()) {
            // a REGISTER that was past the gate when the ban began does not start it again; a ban that ran out
            // but is not swept yet is replaced
            Ban fresh = new Ban(now + config.ban().toMillis());
            Ban current = bans.compute(key, (k, old) -> old == null || old.until <= now ? fresh : old);
            if (current == fresh) {
                bansStarted.increment();
                log.banStarted(key, count, config.window(), config.ban());
            }
            return Duration.ZERO;
        }
        return delayAfter(count);
    }

    private void watchFailure(String user, long now) {
        Watch watch = extensions.computeIfAbsent(user, u -> new Watch());
        synchronized (watch) {
            int count = watch.failures.add(now, window);
            if (count >= config.extensionLockAfter() && !watch.locked(now)) {
                watch.lockedUntil = now + config.extensionLock().toMillis();
                watch.refused = 0;
                watch.failures.clear();
                log.lockStarted(user, count, config.extensionLock());
            }
        }
    }

    /** How long to hold back a challenge to {@code source} that follows no failure: zero unless it is slowed. */
    public Duration challengeDelay(InetAddress source) {
        if (exempt.test(source)) {
            return Duration.ZERO;
        }
        InetAddress key = SourceKey.of(source);
        int count;
        synchronized (sources) {
            FailureTimes times = sources.get(key);
            count = times == null ? 0 : times.within(clock.millis(), window);
        }
        return delayAfter(count);
    }

    private Duration delayAfter(int failures) {
        if (failures <= config.slowAfter()) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - config.slowAfter() - 1, 30);
        Duration delay = config.delay().multipliedBy(1L << doublings);
        return delay.compareTo(config.maxDelay()) > 0 ? config.maxDelay() : delay;
    }

    /**
     * The front gate's question, for every request: whether {@code source} is banned (the refusal is counted). Any
     * thread; lock-free, and allocation-free for IPv4 when nothing is banned.
     */
    public boolean refuses(InetAddress source) {
        if (bans.isEmpty()) {
            return false;
        }
        Ban ban = bans.get(SourceKey.of(source));
        if (ban == null || ban.until <= clock.millis() || exempt.test(source)) {
            return false; // an exempt address is never refused, even in a banned IPv6 /64
        }
        ban.refused.increment();
        refusedRequests.increment();
        return true;
    }

    /** Whether banned sources get no answer at all. */
    public boolean silent() {
        return config.silent();
    }

    /**
     * Whether {@code user}, whose credentials were right, may authenticate from {@code source}: false while the
     * extension is locked and it never registered from there (logged as auth-refused). Any thread.
     */
    public boolean mayAuthenticate(String user, InetSocketAddress source, String method, String callId) {
        Watch watch = extensions.get(user);
        if (watch == null || exempt.test(source.getAddress())) {
            return true;
        }
        synchronized (watch) {
            if (!watch.locked(clock.millis()) || watch.known.contains(SourceKey.of(source.getAddress()))) {
                return true;
            }
            watch.refused++;
        }
        lockRefusals.increment();
        log.authRefused(source, method, user, callId);
        return false;
    }

    /**
     * {@code user} registered from {@code source}: remembered as one of its addresses; the first time, logged as
     * new-address (INFO). Any thread.
     *
     * @return whether the address was new for the extension
     */
    public boolean registered(String user, InetSocketAddress source, String transport) {
        Watch watch = extensions.computeIfAbsent(user, u -> new Watch());
        boolean added;
        synchronized (watch) {
            added = watch.remember(SourceKey.of(source.getAddress()));
        }
        if (added) {
            log.newAddress(user, source, transport);
        }
        return added;
    }

    /** An address {@code user} had registered from before this start (its stored bindings); nothing is logged. */
    public void knownAddress(String user, InetAddress address) {
        Watch watch = extensions.computeIfAbsent(user, u -> new Watch());
        synchronized (watch) {
            watch.remember(SourceKey.of(address));
        }
    }

    /** Ends the bans and locks that are over (logging each end) and forgets sources whose failures aged out. */
    public void sweep() {
        long now = clock.millis();
        bans.entrySet().removeIf(e -> {
            if (e.getValue().until > now) {
                return false;
            }
            log.banEnded(e.getKey(), e.getValue().refused.sum());
            return true;
        });
        for (Map.Entry<String, Watch> e : extensions.entrySet()) {
            Watch watch = e.getValue();
            synchronized (watch) {
                if (watch.lockedUntil != 0 && watch.lockedUntil <= now) {
                    watch.lockedUntil = 0;
                    log.lockEnded(e.getKey(), watch.refused);
                }
            }
        }
        synchronized (sources) {
            sources.values().removeIf(times -> times.within(now, window) == 0);
        }
    }

    /** Failed authentications so far (for the meters). */
    public long failures() {
        return failures.sum();
    }

    public long bansStarted() {
        return bansStarted.sum();
    }

    /** Requests from banned sources refused or dropped so far. */
    public long refusedRequests() {
        return refusedRequests.sum();
    }

    /** Right credentials refused because the extension was locked. */
    public long lockRefusals() {
        return lockRefusals.sum();
    }

    /** Bans in force (some may have just run out; the next sweep removes them). */
    public int activeBans() {
        return bans.size();
    }

    public int activeLocks() {
        long now = clock.millis();
        int n = 0;
        for (Watch watch : extensions.values()) {
            synchronized (watch) {
                n += watch.locked(now) ? 1 : 0;
            }
        }
        return n;
    }

    /** Whether {@code source} is banned now, without counting a refusal (tests, the control port). */
    public boolean banned(InetAddress source) {
        Ban ban = bans.get(SourceKey.of(source));
        return ban != null && ban.until > clock.millis();
    }

    /** Whether {@code user} is locked now. */
    public boolean locked(String user) {
        Watch watch = extensions.get(user);
        if (watch == null) {
            return false;
        }
        synchronized (watch) {
            return watch.locked(clock.millis());
        }
    }
}
