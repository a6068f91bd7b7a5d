package org.atende.acd.estimate;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A queue's recent handle times: for each answered call, its talk time plus the wrap-up after it, the time one call
 * takes an agent away from the queue. Keeps the last {@code capacity} in a ring; below {@code minimum} there is no
 * estimate.
 *
 * <p>Why a ring of the last N and not an exponentially weighted average: the estimate needs the shape of the
 * distribution, not only its mean. From the samples it reads how much longer a call already {@code t} seconds old
 * will last (a five-minute call in a queue whose calls run two to four minutes is nearly over; in one with a long
 * tail it is not), and how soon the first of several calls ends; a weighted average keeps only the mean. The ring
 * weighs every call in the window alike and forgets by count, so a slow night keeps its day's history instead of
 * decaying it to nothing, and its cost is a fixed array. The default window, 200 calls, is a few hours of a small
 * queue and under an hour of a twenty-agent one; the default minimum, 20 calls, puts the mean within about ±45 % of
 * the truth 95 % of the time for handle times as spread as real ones (coefficient of variation ~1), which is as
 * rough as an announcement may be.
 *
 * <p>Not thread-safe: the queue's owner records and reads.
 */
public final class HandleTimes {

    public static final int DEFAULT_CAPACITY = 200;
    public static final int DEFAULT_MINIMUM = 20;

    private final long[] ring;
    private final int minimum;
    private int size;
    private int next;
    private long totalMillis;
    /** The samples in seconds, ascending, rebuilt on the first read after a change. */
    private double[] sorted;

    /** A ring of {@link #DEFAULT_CAPACITY} that estimates from {@link #DEFAULT_MINIMUM} calls. */
    public HandleTimes() {
        this(DEFAULT_CAPACITY, DEFAULT_MINIMUM);
    }

    /** Keeps the last {@code capacity} handle times, and estimates from {@code minimum} (1..capacity). */
    public HandleTimes(int capacity, int minimum) {
        if (minimum < 1 || minimum > capacity) {
            throw new IllegalArgumentException("minimum " + minimum + " out of 1.." + capacity);
        }
        this.ring = new long[capacity];
        this.minimum = minimum;
    }

    /** One more call handled: {@code handleTime} is its talk time plus its wrap-up. */
    public void record(Duration handleTime) {
        Objects.requireNonNull(handleTime, "handleTime");
        if (handleTime.isNegative()) {
            throw new IllegalArgumentException("negative handle time " + handleTime);
        }
        long millis = handleTime.toMillis();
        if (size == ring.length) {
            totalMillis -= ring[next];
        } else {
            size++;
        }
        ring[next] = millis;
        totalMillis += millis;
        next = (next + 1) % ring.length;
        sorted = null;
    }

    /** How many handle times are kept (at most the capacity). */
    public int size() {
        return size;
    }

    /** Whether there are enough handle times for an estimate. */
    public boolean enough() {
        return size >= minimum;
    }

    /** The mean of the handle times kept, in seconds; 0 with none. */
    public double meanSeconds() {
        return size == 0 ? 0 : totalMillis / 1000.0 / size;
    }

    /** The handle times kept, in seconds, ascending; shared until the next record, so read it only. */
    double[] sortedSeconds() {
        if (sorted == null) {
            sorted = new double[size];
            for (int i = 0; i < size; i++) {
                sorted[i] = ring[i] / 1000.0;
            }
            Arrays.sort(sorted);
        }
        return sorted;
    }
}
