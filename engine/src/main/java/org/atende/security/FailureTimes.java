package org.atende.security;

/**
 * The times of the last failures of one source or one extension, enough of them to tell how many fell within a
 * sliding window: a ring of {@code capacity} timestamps, since no threshold looks further back than that. Not
 * thread-safe: its owner guards it.
 */
final class FailureTimes {

    private final long[] at;
    private int next;
    private int size;

    FailureTimes(int capacity) {
        this.at = new long[Math.max(1, capacity)];
    }

    /** Adds a failure at {@code now} and returns how many fell within {@code window} of it, itself included. */
    int add(long now, long window) {
        at[next] = now;
        next = (next + 1) % at.length;
        if (size < at.length) {
            size++;
        }
        return within(now, window);
    }

    /** How many failures fell within {@code window} before {@code now}. */
    int within(long now, long window) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (now - at[i] < window) {
                n++;
            }
        }
        return n;
    }

    void clear() {
        next = 0;
        size = 0;
    }
}
