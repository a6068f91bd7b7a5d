package org.atende.media.rtp;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The RTP stream Atende sends on one leg: one SSRC, one sequence-number space and one timeline, whatever the
 * audio comes from (the other leg relayed, a prompt, a tone, an echo).
 *
 * <p><b>Relaying.</b> A packet from the other leg keeps its timing: its sequence number and timestamp are
 * shifted by offsets fixed when that source began (so gaps, i.e. losses, stay visible to the receiver's
 * statistics), its SSRC is replaced by ours and its payload type mapped to this leg's. A packet that is not
 * newer than the newest one relayed from the source (a duplicate or a late packet) is dropped: the output is
 * never reordered. A new SSRC, a sequence jump of more than {@link SequenceTracker#MAX_DROPOUT} or a timestamp
 * that goes backwards or leaps by more than a minute is a new source segment.
 *
 * <p><b>Segments.</b> Whenever the origin changes (first packet, a new source, relay to prompt, prompt to
 * relay, a pause) the stream <em>rebases</em>: the next sequence number is the last one plus one and the
 * next timestamp is the last one plus the wall-clock time elapsed since it was sent (at least one sample), with
 * the marker bit set, so each peer sees one continuous stream with monotonic sequence numbers and
 * timestamps that never go backwards.
 *
 * <p>Not thread-safe: owned by the leg's event loop. Allocation-free; headers are rewritten in place.
 */
public final class OutboundStream {

    /** Timestamp leap (in samples at 8 kHz) beyond which a relayed source counts as restarted. */
    static final long MAX_TS_LEAP = 8000L * 60;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ssrc;
    private final int clockRate;
    private boolean started;
    private int lastSeq;
    private long lastTs;
    private long lastSentNanos;
    /** Samples covered by the last generated packet (its next timestamp is lastTs + this); 0 after a relay. */
    private int lastGeneratedSamples;

    private boolean relaying;
    private long sourceSsrc;
    private int sourceHighestSeq;
    private long sourceLastTs;
    private int seqOffset;
    private long tsOffset;
    private boolean forceRebase;

    private long relayed;
    private long generated;
    private long dropped;
    private long rebases;

    public OutboundStream(int clockRate) {
        this(ThreadLocalRandom.current().nextLong(1L << 32), clockRate,
                ThreadLocalRandom.current().nextInt(1 << 16), ThreadLocalRandom.current().nextLong(1L << 31));
    }

    /** With chosen initial values (tests, benchmarks); RFC 3550 wants them random otherwise. */
    public OutboundStream(long ssrc, int clockRate, int initialSeq, long initialTs) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.clockRate = clockRate;
        this.lastSeq = (initialSeq - 1) & 0xFFFF;
        this.lastTs = initialTs & 0xFFFFFFFFL;
    }

    public long ssrc() {
        return ssrc;
    }

    /**
     * Rewrites the header of a packet relayed from another leg, in place: sequence number, timestamp, SSRC,
     * payload type and marker. {@code header} must describe {@code packet} (read by the receiving leg).
     *
     * @return false when the packet must not be sent (a duplicate or late packet)
     */
    public boolean relay(ByteBuf packet, RtpHeader header, int payloadType, long nowNanos) {
        int seq = header.sequenceNumber();
        long ts = header.timestamp();
        boolean marker = header.marker();
        if (!relaying || forceRebase || header.ssrc() != sourceSsrc) {
            rebaseOnto(header.ssrc(), seq, ts, nowNanos);
            marker = true;
        } else {
            int ahead = (short) (seq - sourceHighestSeq);
            long tsAhead = (int) (ts - sourceLastTs);
            if (ahead <= 0 && ahead > -SequenceTracker.MAX_MISORDER) {
                dropped++;
                return false;
            }
            if (ahead <= 0 || ahead > SequenceTracker.MAX_DROPOUT || tsAhead < 0 || tsAhead > MAX_TS_LEAP) {
                rebaseOnto(header.ssrc(), seq, ts, nowNanos);
                marker = true;
            }
        }
        sourceHighestSeq = seq;
        sourceLastTs = ts;
        int outSeq = (seq + seqOffset) & 0xFFFF;
        long outTs = (ts + tsOffset) & 0xFFFFFFFFL;
        int at = packet.readerIndex();
        packet.setByte(at + 1, (marker ? 0x80 : 0) | (payloadType & 0x7F));
        packet.setShort(at + 2, outSeq);
        packet.setInt(at + 4, (int) outTs);
        packet.setInt(at + 8, (int) ssrc);
        lastSeq = outSeq;
        lastTs = outTs;
        lastSentNanos = nowNanos;
        lastGeneratedSamples = 0;
        started = true;
        relayed++;
        return true;
    }

    private void rebaseOnto(long sourceSsrc, int seq, long ts, long nowNanos) {
        int nextSeq = (lastSeq + 1) & 0xFFFF;
        long nextTs = nextTimestamp(nowNanos);
        this.sourceSsrc = sourceSsrc;
        this.seqOffset = (nextSeq - seq) & 0xFFFF;
        this.tsOffset = (nextTs - ts) & 0xFFFFFFFFL;
        this.relaying = true;
        this.forceRebase = false;
        rebases++;
    }

    /** Where a new segment starts: right after the last packet, as much later as wall-clock time has passed. */
    private long nextTimestamp(long nowNanos) {
        if (!started) {
            return (lastTs + 1) & 0xFFFFFFFFL;
        }
        long elapsed = Math.max(0, nowNanos - lastSentNanos);
        long samples = Math.max(lastGeneratedSamples, Math.min(elapsed * clockRate / NANOS_PER_SECOND, MAX_TS_LEAP));
        return (lastTs + Math.max(1, samples)) & 0xFFFFFFFFL;
    }

    /**
     * Writes a 12-byte header for a locally generated packet (prompt, tone, transcoded frame) of
     * {@code samples} samples at {@code packet}'s writer index. Consecutive generated packets are contiguous on
     * the timeline; after a relay or a pause of more than two packets the stream rebases.
     */
    public void writeGeneratedHeader(ByteBuf packet, int payloadType, int samples, long nowNanos) {
        boolean marker;
        long ts;
        if (started && !relaying && !forceRebase && lastGeneratedSamples > 0
                && nowNanos - lastSentNanos < 3L * lastGeneratedSamples * NANOS_PER_SECOND / clockRate) {
            ts = (lastTs + lastGeneratedSamples) & 0xFFFFFFFFL;
            marker = false;
        } else {
            ts = nextTimestamp(nowNanos);
            marker = true;
            rebases++;
        }
        writeHeader(packet, payloadType, marker, ts, samples, nowNanos);
    }

    /**
     * Writes a 12-byte header for an RFC 4733 event packet generated by Atende: the first packet of an event
     * starts at the current point of the timeline with the marker bit; its updates and end packets keep that
     * timestamp (RFC 4733 §2.3.5) with rising sequence numbers. Audio after the event rebases on elapsed time.
     */
    public void writeEventHeader(ByteBuf packet, int payloadType, boolean firstOfEvent, long nowNanos) {
        long ts;
        if (firstOfEvent || !started) {
            ts = started && !relaying && !forceRebase && lastGeneratedSamples > 0
                    ? (lastTs + lastGeneratedSamples) & 0xFFFFFFFFL : nextTimestamp(nowNanos);
        } else {
            ts = lastTs;
        }
        writeHeader(packet, payloadType, firstOfEvent, ts, 0, nowNanos);
    }

    /** Appends the header of the next generated packet and moves the stream on to it. */
    private void writeHeader(ByteBuf packet, int payloadType, boolean marker, long ts, int samples, long nowNanos) {
        int seq = (lastSeq + 1) & 0xFFFF;
        packet.writeByte(0x80);
        packet.writeByte((marker ? 0x80 : 0) | (payloadType & 0x7F));
        packet.writeShort(seq);
        packet.writeInt((int) ts);
        packet.writeInt((int) ssrc);
        lastSeq = seq;
        lastTs = ts;
        lastSentNanos = nowNanos;
        lastGeneratedSamples = samples;
        relaying = false;
        forceRebase = false;
        started = true;
        generated++;
    }

    /** The next relayed or generated packet starts a new segment (after hold, a codec change, a re-INVITE). */
    public void interrupt() {
        forceRebase = true;
    }

    public int lastSequenceNumber() {
        return lastSeq;
    }

    public long lastTimestamp() {
        return lastTs;
    }

    public long relayedPackets() {
        return relayed;
    }

    public long generatedPackets() {
        return generated;
    }

    /** Relayed packets dropped as duplicates or late arrivals. */
    public long droppedPackets() {
        return dropped;
    }

    public long rebases() {
        return rebases;
    }
}
