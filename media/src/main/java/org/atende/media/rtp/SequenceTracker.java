package org.atende.media.rtp;

/**
 * Per-source sequence number bookkeeping (RFC 3550 Appendix A.1) and interarrival jitter (Appendix A.8).
 *
 * <p>A new source is on probation until {@link #MIN_SEQUENTIAL} packets arrive in sequence; packets during
 * probation are reported invalid and not counted. Afterwards a jump of less than {@link #MAX_DROPOUT} ahead is
 * accepted (a wrap past 65535 adds a cycle), a packet up to {@link #MAX_MISORDER} behind is a duplicate or
 * reordered packet (valid, counted, does not move the highest sequence), and anything else is a bad jump:
 * invalid, unless the next packet follows it, in which case the source is taken to have restarted and the
 * counters begin again.
 *
 * <p>Not thread-safe: owned by the event loop of the media session; no allocation.
 */
public final class SequenceTracker {

    public static final int MIN_SEQUENTIAL = 2;
    public static final int MAX_DROPOUT = 3000;
    public static final int MAX_MISORDER = 100;
    static final int RTP_SEQ_MOD = 1 << 16;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;

    private boolean jitterStarted;
    private int transit;
    private double jitter;

    /**
     * Records the arrival of a packet with sequence number {@code seq} (0..65535).
     *
     * @return whether the packet is valid (source out of probation and sequence plausible)
     */
    public boolean update(int seq) {
        seq &= 0xFFFF;
        if (!started) {
            started = true;
            initSeq(seq);
            maxSeq = (seq - 1) & 0xFFFF;
            probation = MIN_SEQUENTIAL;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += RTP_SEQ_MOD;
            }
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            if (seq == badSeq) {
                // two sequential packets after a big jump: the source restarted without telling us
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
        }
        // else: duplicate or reordered packet
        received++;
        return true;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1; // so seq == badSeq is false
        cycles = 0;
        received = 0;
    }

    /** Whether the source has left probation. */
    public boolean validated() {
        return started && probation == 0;
    }

    /** Number of sequence number wraps seen (the RFC's {@code cycles} divided by 2^16). */
    public long cycles() {
        return cycles >>> 16;
    }

    /** Highest sequence number extended with the cycle count: {@code cycles * 65536 + max_seq}. */
    public long extendedHighestSequence() {
        return cycles + maxSeq;
    }

    /** Packets expected since the base sequence: {@code extended_max - base_seq + 1}; 0 while on probation. */
    public long expected() {
        return validated() ? extendedHighestSequence() - baseSeq + 1 : 0;
    }

    /** Valid packets received, duplicates included (as in the RFC). */
    public long received() {
        return received;
    }

    /** Cumulative packets lost: {@code expected - received}; negative when duplicates outnumber losses. */
    public long lost() {
        return expected() - received;
    }

    /**
     * Feeds the interarrival jitter estimate (A.8) with one packet: its RTP timestamp and its arrival time
     * converted to the same timestamp units (e.g. 8000 per second for 8 kHz audio). Both are used modulo 2^32.
     */
    public void arrival(long rtpTimestamp, long arrivalInTimestampUnits) {
        int t = (int) arrivalInTimestampUnits - (int) rtpTimestamp;
        if (!jitterStarted) {
            jitterStarted = true;
            transit = t;
            return;
        }
        long d = Math.abs((long) (t - transit));
        transit = t;
        jitter += (d - jitter) / 16.0;
    }

    /** Interarrival jitter in timestamp units, truncated as in the RR report field. */
    public long jitter() {
        return (long) jitter;
    }
}
