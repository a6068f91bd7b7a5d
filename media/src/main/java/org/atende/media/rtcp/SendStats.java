package org.atende.media.rtcp;

/**
 * What a leg has sent, for the sender info of its SRs (RFC 3550 §6.4.1): packet and payload octet counts,
 * and the RTP timestamp and monotonic time of the last packet sent, from which the RTP timestamp matching
 * the SR's NTP time is extrapolated.
 *
 * <p>The send path calls {@link #onRtpSent} once per packet: a few field writes, no allocation. Not
 * thread-safe: owned by the leg's event loop.
 */
public final class SendStats {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private long packets;
    private long octets;
    private boolean sentAny;
    private boolean sentSinceReport;
    private long lastRtpTimestamp;
    private long lastSentNanos;
    private int clockRate;

    /**
     * Records one RTP packet sent.
     *
     * @param rtpTimestamp  its RTP timestamp (only the low 32 bits count)
     * @param payloadOctets payload bytes, without RTP header and padding (what the SR octet count counts)
     * @param sentNanos     monotonic time of sending, in nanoseconds
     * @param clockRate     the payload format's RTP clock rate, e.g. 8000
     */
    public void onRtpSent(long rtpTimestamp, int payloadOctets, long sentNanos, int clockRate) {
        packets++;
        octets += payloadOctets;
        sentAny = true;
        sentSinceReport = true;
        lastRtpTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
        lastSentNanos = sentNanos;
        this.clockRate = clockRate;
    }

    /** Whether RTP went out since the last report: the next report is then an SR, otherwise an RR. */
    public boolean sentSinceLastReport() {
        return sentSinceReport;
    }

    /** Called by the writer once a report is written: the next interval starts. */
    public void onReportWritten() {
        sentSinceReport = false;
    }

    public long packetsSent() {
        return packets;
    }

    public long octetsSent() {
        return octets;
    }

    /** Clock rate of the last packet sent; 0 before any. */
    public int clockRate() {
        return clockRate;
    }

    /**
     * The RTP timestamp corresponding to monotonic time {@code nowNanos}: the last sent timestamp advanced
     * by the time elapsed since, at the clock rate (RFC 3550 §6.4.1 asks for the SR's RTP timestamp to match
     * its NTP timestamp, not to repeat the last packet's). Unsigned 32-bit; 0 before anything was sent.
     */
    public long rtpTimestampAt(long nowNanos) {
        if (!sentAny) {
            return 0;
        }
        long elapsed = Math.max(0, nowNanos - lastSentNanos);
        long ticks = elapsed / NANOS_PER_SECOND * clockRate + elapsed % NANOS_PER_SECOND * clockRate / NANOS_PER_SECOND;
        return (lastRtpTimestamp + ticks) & 0xFFFF_FFFFL;
    }
}
