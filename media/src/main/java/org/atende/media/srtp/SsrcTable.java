package org.atende.media.srtp;

/**
 * A few crypto contexts keyed by SSRC, least recently used evicted when full. A linear scan over a handful of
 * ints: no boxing, no allocation per lookup. Not thread-safe; owned by its {@link SrtpSession}.
 */
final class SsrcTable<C> {

    private final int[] ssrcs;
    private final Object[] contexts;
    private final long[] lastUsed;
    private int size;
    private long clock;

    SsrcTable(int capacity) {
        ssrcs = new int[capacity];
        contexts = new Object[capacity];
        lastUsed = new long[capacity];
    }

    /** The context for this SSRC, or {@code null}. */
    @SuppressWarnings("unchecked")
    C get(int ssrc) {
        for (int i = 0; i < size; i++) {
            if (ssrcs[i] == ssrc) {
                lastUsed[i] = ++clock;
                return (C) contexts[i];
            }
        }
        return null;
    }

    /** Adds a context for an SSRC not in the table, evicting the least recently used one when full. */
    void put(int ssrc, C context) {
        int slot;
        if (size < ssrcs.length) {
            slot = size++;
        } else {
            slot = 0;
            for (int i = 1; i < size; i++) {
                if (lastUsed[i] < lastUsed[slot]) {
                    slot = i;
                }
            }
        }
        ssrcs[slot] = ssrc;
        contexts[slot] = context;
        lastUsed[slot] = ++clock;
    }

    int size() {
        return size;
    }

    void clear() {
        java.util.Arrays.fill(contexts, null);
        size = 0;
    }
}
