package org.atende.acd.estimate;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How fast a queue's waiting callers hang up: over the last {@code capacity} waits that ended, the callers who
 * abandoned divided by the time all of them waited. That is the maximum-likelihood rate of an exponential patience
 * when the waits that ended in an answer (or an overflow) are cut short before the caller's patience ran out: each
 * second waited is a second in which the caller could have hung up. Real patience is not exponential, but the
 * estimate only needs the mean hazard over the waits callers actually have, which this is.
 *
 * <p>A ring of the last N, like {@link HandleTimes}: every wait in the window weighs the same and a quiet spell
 * keeps its history. Below {@code minimum} ended waits there is no rate (the estimate then assumes nobody ahead
 * hangs up, which errs long).
 *
 * <p>Not thread-safe: the queue's owner records and reads.
 */
public final class AbandonRate {

    public static final int DEFAULT_CAPACITY = 200;
    public static final int DEFAULT_MINIMUM = 20;

    private final long[] waitedMillis;
    private final boolean[] abandoned;
    private final int minimum;
    private int size;
    private int next;
    private long totalMillis;
    private int abandons;

    /** A ring of {@link #DEFAULT_CAPACITY} ended waits that gives a rate from {@link #DEFAULT_MINIMUM}. */
    public AbandonRate() {
        this(DEFAULT_CAPACITY, DEFAULT_MINIMUM);
    }

    public AbandonRate(int capacity, int minimum) {
        if (minimum < 1 || minimum > capacity) {
            throw new IllegalArgumentException("minimum " + minimum + " out of 1.." + capacity);
        }
        this.waitedMillis = new long[capacity];
        this.abandoned = new boolean[capacity];
        this.minimum = minimum;
    }

    /** A caller stopped waiting after {@code waited} without hanging up: an agent took the call, or it overflowed. */
    public void answered(Duration waited) {
        add(waited, false);
    }

    /** A caller hung up after waiting {@code waited}. */
    public void abandoned(Duration waited) {
        add(waited, true);
    }

    /**
     * Hang-ups per second per waiting caller; empty below the minimum number of ended waits, or when they add up
     * to less than a second (nobody waited: nothing is known of their patience).
     */
    public OptionalDouble perSecond() {
        if (size < minimum || totalMillis < 1000) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(abandons / (totalMillis / 1000.0));
    }

    private void add(Duration waited, boolean hungUp) {
        Objects.requireNonNull(waited, "waited");
        if (waited.isNegative()) {
            throw new IllegalArgumentException("negative wait " + waited);
        }
        if (size == waitedMillis.length) {
            totalMillis -= waitedMillis[next];
            abandons -= abandoned[next] ? 1 : 0;
        } else {
            size++;
        }
        waitedMillis[next] = waited.toMillis();
        abandoned[next] = hungUp;
        totalMillis += waitedMillis[next];
        abandons += hungUp ? 1 : 0;
        next = (next + 1) % waitedMillis.length;
    }
}
