package org.atende.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.atende.config.SecurityConfig.Rate;
import org.atende.config.SecurityConfig.RateLimits;

/**
 * Per-source request rates (the Kamailio {@code pike} and {@code ratelimit} practice): a token bucket per source
 * ({@link SourceKey}) and {@link Limit}, checked for every request before anything is allocated for it. The table
 * holds at most {@code sources} sources; a source arriving when it is full shares one of {@link #OVERFLOW_SETS} sets
 * of buckets (by hash) with the other such sources, so a flood from many addresses is bounded too. Trusted and trunk addresses ({@code exempt})
 * are never limited (a trunk's calls have the trunk's own limits).
 *
 * <p>What was refused is not logged per request: {@link #summarize} writes one line per limited source and
 * interval (at most {@link #SUMMARY_LINES}, then one line for the rest), and forgets sources idle long enough for
 * their buckets to be full again.
 *
 * <p>Thread-safe: every event loop checks requests here; a source's buckets are locked only for the few
 * instructions of a take.
 */
public final class RateLimiter {

    /** Which bucket a request takes from. */
    public enum Limit {
        REGISTER("register"), INVITE("invite"), OTHER("other");

        private final String word;

        Limit(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** The bucket of a request {@code method}. */
        public static Limit of(String method) {
            return switch (method) {
                case "REGISTER" -> REGISTER;
                case "INVITE" -> INVITE;
                default -> OTHER;
            };
        }
    }

    /** Sources named one by one in a summary; the rest are folded into one line. */
    static final int SUMMARY_LINES = 20;
    /**
     * Bucket sets shared by the sources beyond the table, chosen by the source's hash: a flood from many addresses
     * that filled the table shares 64 sets, not one, with whoever comes after it.
     */
    static final int OVERFLOW_SETS = 64;
    private static final Limit[] LIMITS = Limit.values();

    private final Rate[] rates = new Rate[LIMITS.length];
    private final int maxSources;
    private final LongSupplier nanos;
    private final Predicate<InetAddress> exempt;
    private final SecurityLog log;
    private final Map<InetAddress, Buckets> sources = new ConcurrentHashMap<>();
    /** Shared by the sources that arrived while the table was full, {@link #OVERFLOW_SETS} sets by hash. */
    private final Buckets[] overflow = new Buckets[OVERFLOW_SETS];
    private final LongAdder[] limited = new LongAdder[LIMITS.length];
    private final boolean off;

    public RateLimiter(RateLimits limits, Predicate<InetAddress> exempt, LongSupplier nanos, SecurityLog log) {
        rates[Limit.REGISTER.ordinal()] = limits.register();
        rates[Limit.INVITE.ordinal()] = limits.invite();
        rates[Limit.OTHER.ordinal()] = limits.other();
        for (int i = 0; i < limited.length; i++) {
            limited[i] = new LongAdder();
        }
        this.maxSources = limits.sources();
        this.nanos = nanos;
        this.exempt = exempt;
        this.log = log;
        for (int i = 0; i < OVERFLOW_SETS; i++) {
            overflow[i] = new Buckets(false, nanos.getAsLong());
        }
        this.off = limits.register().off() && limits.invite().off() && limits.other().off();
    }

    /** One source's buckets, full at first. */
    private final class Buckets {
        /** IPv4 only (an IPv6 source is looked at itself: its /64 may hold exempt and other addresses). */
        volatile boolean exempt;
        final double[] tokens = new double[LIMITS.length];
        final long[] refilled = new long[LIMITS.length];
        final long[] refused = new long[LIMITS.length];

        Buckets(boolean exempt, long now) {
            this.exempt = exempt;
            for (int i = 0; i < LIMITS.length; i++) {
                tokens[i] = rates[i].burst();
                refilled[i] = now;
            }
        }

        synchronized boolean take(int limit, long now) {
            Rate rate = rates[limit];
            double t = Math.min(rate.burst(), tokens[limit] + (now - refilled[limit]) * 1e-9 * rate.rate());
            refilled[limit] = now;
            if (t >= 1) {
                tokens[limit] = t - 1;
                return true;
            }
            tokens[limit] = t;
            refused[limit]++;
            return false;
        }

        /** Takes and clears what was refused since the last summary. */
        synchronized long[] drainRefused() {
            long[] out = refused.clone();
            java.util.Arrays.fill(refused, 0);
            return out;
        }

        /** Whether every bucket would be full by {@code now}: nothing left to remember. */
        synchronized boolean idle(long now) {
            for (int i = 0; i < LIMITS.length; i++) {
                Rate rate = rates[i];
                if (!rate.off() && tokens[i] + (now - refilled[i]) * 1e-9 * rate.rate() < rate.burst()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Whether a request of {@code limit} from {@code source} may go on; false counts it as limited. Any thread. */
    public boolean tryAcquire(InetAddress source, Limit limit) {
        if (off || rates[limit.ordinal()].off()) {
            return true;
        }
        boolean v6 = source instanceof Inet6Address;
        if (v6 && exempt.test(source)) {
            return true;
        }
        InetAddress key = SourceKey.of(source);
        Buckets buckets = sources.get(key);
        long now = nanos.getAsLong();
        if (buckets == null) {
            if (sources.size() >= maxSources) {
                buckets = exempt.test(source) ? null : overflow[Math.floorMod(key.hashCode(), OVERFLOW_SETS)];
            } else {
                buckets = sources.computeIfAbsent(key, k -> new Buckets(!v6 && exempt.test(source), now));
            }
            if (buckets == null) {
                return true;
            }
        }
        if (buckets.exempt || buckets.take(limit.ordinal(), now)) {
            return true;
        }
        if (!v6 && exempt.test(source)) { // exempt since its buckets were made (a trunk's registrar address learnt)
            buckets.exempt = true;
            return true;
        }
        limited[limit.ordinal()].increment();
        return false;
    }

    /**
     * Logs what each source had refused since the last call (one line per source and limit, the busiest first) and
     * forgets idle sources. Call every {@code interval} from one thread.
     */
    public void summarize(Duration interval) {
        long now = nanos.getAsLong();
        record Refused(InetAddress key, Limit limit, long count) {
        }
        List<Refused> all = new ArrayList<>();
        for (Map.Entry<InetAddress, Buckets> e : sources.entrySet()) {
            long[] refused = e.getValue().drainRefused();
            for (Limit limit : LIMITS) {
                if (refused[limit.ordinal()] > 0) {
                    all.add(new Refused(e.getKey(), limit, refused[limit.ordinal()]));
                }
            }
        }
        long untracked = 0;
        for (Buckets b : overflow) {
            for (long n : b.drainRefused()) {
                untracked += n;
            }
        }
        sources.values().removeIf(b -> b.idle(now));
        all.sort(Comparator.comparingLong(Refused::count).reversed());
        long rest = 0;
        for (int i = 0; i < all.size(); i++) {
            Refused r = all.get(i);
            if (i < SUMMARY_LINES) {
                log.rateLimited(r.key(), r.limit().word(), r.count(), interval);
            } else {
                rest += r.count();
            }
        }
        int folded = Math.max(0, all.size() - SUMMARY_LINES);
        if (rest > 0) {
            log.moreRateLimited(folded, rest, interval);
        }
        if (untracked > 0) {
            log.untrackedRateLimited(untracked, interval);
        }
    }

    /** Requests refused so far for {@code limit}. */
    public long limited(Limit limit) {
        return limited[limit.ordinal()].sum();
    }

    /** Sources tracked now. */
    public int trackedSources() {
        return sources.size();
    }
}
