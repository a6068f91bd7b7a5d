package org.atende.config;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Calls from extensions to external numbers, and the toll-fraud guards on them and on flows' routes to external
 * numbers: which kinds of number ({@link NumberClass}) may be called, how many such calls at once and how many
 * minutes a day, for each extension and for all together. International and premium numbers need an explicit allow.
 *
 * @param trunk           the trunk extensions' external calls go through; empty: extensions cannot dial out
 * @param allow           what every extension (and every flow) may call unless {@code extensions} says otherwise
 * @param maxCalls        external calls at once, everyone together
 * @param minutesPerDay   minutes of external calls a day (midnight to midnight, the node's time zone), together
 * @param extension       each extension's defaults
 * @param extensions      per-extension exceptions, by extension number
 */
public record DialOutConfig(Optional<String> trunk, Set<NumberClass> allow, int maxCalls, int minutesPerDay,
                            Limits extension, Map<String, Limits> extensions) {

    /** What one extension may call, how many at once, how many minutes a day. */
    public record Limits(Set<NumberClass> allow, int maxCalls, int minutesPerDay) {
        public Limits {
            allow = allow.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allow));
            if (maxCalls < 1 || minutesPerDay < 1) {
                throw new IllegalArgumentException("max_calls and minutes_per_day must be at least 1");
            }
        }
    }

    /** National, mobile, toll-free and emergency numbers. */
    public static final Set<NumberClass> DEFAULT_ALLOW = Set.of(NumberClass.NATIONAL, NumberClass.MOBILE,
            NumberClass.TOLL_FREE, NumberClass.EMERGENCY);

    /** No dial-out trunk; 30 calls and 6,000 minutes a day together; 2 calls and 240 minutes per extension. */
    public static final DialOutConfig DEFAULTS = new DialOutConfig(Optional.empty(), DEFAULT_ALLOW, 30, 6_000,
            new Limits(DEFAULT_ALLOW, 2, 240), Map.of());

    public DialOutConfig {
        Objects.requireNonNull(trunk, "trunk");
        allow = Set.copyOf(allow);
        extensions = Map.copyOf(extensions);
        if (maxCalls < 1 || minutesPerDay < 1) {
            throw new IllegalArgumentException("max_calls and minutes_per_day must be at least 1");
        }
    }

    /** The limits of extension {@code number}: its exception, else the extensions' defaults. */
    public Limits limitsOf(String number) {
        return extensions.getOrDefault(number, extension);
    }
}
