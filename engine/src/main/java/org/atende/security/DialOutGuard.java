package org.atende.security;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.atende.config.DialOutConfig;
import org.atende.config.NumberClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The toll-fraud guard on every call to an external number, an extension's or a flow's: the number's kind must be
 * allowed ({@code dial_out.allow}, or the extension's own list), and the calls out at once and their minutes today
 * must be within the extension's limits and everyone's. A refusal is a {@code dial-out-refused} line of the
 * security log (the number with its last four digits hidden). Minutes are counted from the dial: those of the calls
 * that ended today, plus those the calls still up have run so far, so that long calls count before they end; a call
 * under way is not cut off when the day's minutes run out (the next one is refused). Days run midnight to midnight in
 * the node's time zone. Thread-safe: every shard dials out through it.
 */
public final class DialOutGuard {

    private static final Logger log = LoggerFactory.getLogger(SecurityLog.LOGGER);

    /** A call out that was let through at {@code started}: give it back with {@link #ended}. */
    public record Ticket(String extension, NumberClass kind, java.time.Instant started) {
    }

    private final DialOutConfig config;
    private final String countryCode;
    private final Clock clock;
    private final ZoneId zone;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: calls out now and seconds today, per extension and together. */
    private final Map<String, int[]> active = new ConcurrentHashMap<>();
    private final Map<String, long[]> secondsToday = new ConcurrentHashMap<>();
    private int activeAll;
    /** The calls out up now (at most {@code max_calls}), for the minutes they have run. */
    private final java.util.List<Ticket> up = new java.util.ArrayList<>();
    private long secondsAll;
    private LocalDate today;
    private final LongAdder refused = new LongAdder();

    public DialOutGuard(DialOutConfig config, String countryCode, Clock clock, ZoneId zone) {
        this.config = config;
        this.countryCode = countryCode;
        this.clock = clock;
        this.zone = zone;
        this.today = LocalDate.ofInstant(clock.instant(), zone);
    }

    /**
     * Lets a call to {@code number} through, or says why not (and logs it).
     *
     * @param extension the calling extension, or null for a flow's route
     */
    public Optional<Ticket> admit(String extension, String number, String callId) {
        NumberClass kind = NumberClass.of(number, countryCode);
        DialOutConfig.Limits limits = extension == null ? null : config.limitsOf(extension);
        if (!(limits == null ? config.allow() : limits.allow()).contains(kind)) {
            return refuse(extension, number, kind, kind == NumberClass.UNKNOWN ? "unknown-number" : "not-allowed",
                    callId);
        }
        java.time.Instant now = clock.instant();
        Ticket ticket = new Ticket(extension, kind, now);
        synchronized (lock) {
            rollDay();
            if (activeAll >= config.maxCalls()) {
                return refuse(extension, number, kind, "max-calls", callId);
            }
            if (secondsAll + running(null, now) >= config.minutesPerDay() * 60L) {
                return refuse(extension, number, kind, "minutes-per-day", callId);
            }
            if (limits != null) {
                int[] mine = active.computeIfAbsent(extension, e -> new int[1]);
                if (mine[0] >= limits.maxCalls()) {
                    return refuse(extension, number, kind, "extension-max-calls", callId);
                }
                long used = secondsToday.computeIfAbsent(extension, e -> new long[1])[0] + running(extension, now);
                if (used >= limits.minutesPerDay() * 60L) {
                    return refuse(extension, number, kind, "extension-minutes-per-day", callId);
                }
                mine[0]++;
            }
            activeAll++;
            up.add(ticket);
        }
        return Optional.of(ticket);
    }

    /** Seconds the calls up now (of {@code extension}; null: everyone's) have run. Under the lock. */
    private long running(String extension, java.time.Instant now) {
        java.time.Instant midnight = today.atStartOfDay(zone).toInstant();
        long seconds = 0;
        for (Ticket t : up) {
            if (extension == null || extension.equals(t.extension())) {
                java.time.Instant from = t.started().isAfter(midnight) ? t.started() : midnight;
                seconds += Math.max(0, Duration.between(from, now).toSeconds());
            }
        }
        return seconds;
    }

    /** A call {@link #admit} let through ended after {@code lasted}. */
    public void ended(Ticket ticket, Duration lasted) {
        long seconds = Math.max(0, lasted.toSeconds());
        synchronized (lock) {
            if (!up.remove(ticket)) {
                return; // given back already
            }
            rollDay();
            activeAll--;
            secondsAll += seconds;
            if (ticket.extension() != null) {
                active.get(ticket.extension())[0]--;
                secondsToday.computeIfAbsent(ticket.extension(), e -> new long[1])[0] += seconds;
            }
        }
    }

    /** Calls out refused so far. */
    public long refused() {
        return refused.sum();
    }

    /** Calls out now, everyone together. */
    public int active() {
        synchronized (lock) {
            return activeAll;
        }
    }

    private void rollDay() {
        LocalDate now = LocalDate.ofInstant(clock.instant(), zone);
        if (!now.equals(today)) {
            today = now;
            secondsAll = 0;
            secondsToday.clear();
        }
    }

    private Optional<Ticket> refuse(String extension, String number, NumberClass kind, String reason, String callId) {
        refused.increment();
        log.warn("dial-out-refused caller={} number={} kind={} reason={} call-id={}",
                extension == null ? "flow" : SecurityLog.field(extension),
                masked(org.atende.config.PhoneNumbers.normalize(number, countryCode)), kind.word(), reason,
                SecurityLog.field(callId));
        return Optional.empty();
    }

    /** The number with its last four digits hidden: enough to see where fraud was going, not whom. */
    static String masked(String number) {
        String safe = SecurityLog.field(number);
        return safe.length() <= 4 ? "xxxx" : safe.substring(0, safe.length() - 4) + "xxxx";
    }
}
