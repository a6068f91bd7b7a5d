package org.atende.media.session;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * The UDP ports media may use: pairs of an even RTP port and the odd RTCP port after it (RFC 3550 §11), inside
 * the configured range. Ports are handed out round-robin so that a port just released (whose peer may still
 * send a few late packets) is the last to be reused.
 *
 * <p>Thread-safe: shared by every shard. The lock is held for a bit-set scan only, once per call leg.
 */
public final class RtpPortPool {

    private final int first;
    private final int pairs;
    private final BitSet used;
    private int cursor;
    private int inUse;

    /** Pairs in {@code [min, max]}: the first even port at or above {@code min}, as long as its odd port fits. */
    public RtpPortPool(int min, int max) {
        if (min < 1024 || max > 65535 || max <= min) {
            throw new IllegalArgumentException("RTP port range must lie within 1024-65535, was " + min + "-" + max);
        }
        this.first = (min + 1) & ~1;
        this.pairs = (max - first + 1) / 2;
        if (pairs < 1) {
            throw new IllegalArgumentException("RTP port range " + min + "-" + max + " holds no even/odd pair");
        }
        this.used = new BitSet(pairs);
    }

    /** An even RTP port whose pair is free, or empty when all are taken. */
    public synchronized OptionalInt acquire() {
        if (inUse == pairs) {
            return OptionalInt.empty();
        }
        int i = used.nextClearBit(cursor);
        if (i >= pairs) {
            i = used.nextClearBit(0);
        }
        used.set(i);
        inUse++;
        cursor = i + 1 == pairs ? 0 : i + 1;
        return OptionalInt.of(first + 2 * i);
    }

    /** Gives back a port from {@link #acquire()}; releasing a port twice is ignored. */
    public synchronized void release(int rtpPort) {
        int i = (rtpPort - first) / 2;
        if (rtpPort < first || (rtpPort & 1) != 0 || i >= pairs || !used.get(i)) {
            return;
        }
        used.clear(i);
        inUse--;
    }

    /** How many pairs the range holds. */
    public int capacity() {
        return pairs;
    }

    public synchronized int inUse() {
        return inUse;
    }
}
