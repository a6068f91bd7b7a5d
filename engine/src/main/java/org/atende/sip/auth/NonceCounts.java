package org.atende.sip.auth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The highest nonce count accepted per nonce (RFC 7616 §3.4: replay protection). Bounded: entries go
 * once their nonce expires; if the map is still full, the oldest half is evicted and every nonce issued
 * at or before the newest evicted one counts as used up, so eviction never reopens a replay.
 * Thread-safe (one short lock per successful authentication).
 */
final class NonceCounts {

    private final int capacity;
    private final long lifetimeMillis;
    private final Map<String, Entry> byNonce = new HashMap<>();
    private long evictedUpTo = Long.MIN_VALUE;
    private long lastPurge = Long.MIN_VALUE;

    private record Entry(long issuedMillis, long highestNc) {
    }

    NonceCounts(int capacity, long lifetimeMillis) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2");
        }
        this.capacity = capacity;
        this.lifetimeMillis = lifetimeMillis;
    }

    /**
     * Records {@code nc} for {@code nonce} if it is greater than every count seen for it before.
     *
     * @return false for a replayed (or evicted) nonce count
     */
    synchronized boolean advance(String nonce, long issuedMillis, long nc, long nowMillis) {
        if (nowMillis - lifetimeMillis > lastPurge || byNonce.size() >= capacity) {
            purgeExpired(nowMillis);
        }
        Entry entry = byNonce.get(nonce);
        if (entry == null) {
            if (issuedMillis <= evictedUpTo || nc < 1) {
                return false;
            }
            if (byNonce.size() >= capacity) {
                evictOldestHalf();
                if (issuedMillis <= evictedUpTo) {
                    return false;
                }
            }
            byNonce.put(nonce, new Entry(issuedMillis, nc));
            return true;
        }
        if (nc <= entry.highestNc()) {
            return false;
        }
        byNonce.put(nonce, new Entry(entry.issuedMillis(), nc));
        return true;
    }

    synchronized int size() {
        return byNonce.size();
    }

    private void purgeExpired(long nowMillis) {
        lastPurge = nowMillis;
        byNonce.values().removeIf(e -> nowMillis - e.issuedMillis() > lifetimeMillis);
    }

    private void evictOldestHalf() {
        List<Map.Entry<String, Entry>> entries = new ArrayList<>(byNonce.entrySet());
        entries.sort(Comparator.comparingLong(e -> e.getValue().issuedMillis()));
        for (Map.Entry<String, Entry> e : entries.subList(0, entries.size() / 2)) {
            evictedUpTo = Math.max(evictedUpTo, e.getValue().issuedMillis());
            byNonce.remove(e.getKey());
        }
    }
}
