package org.atende.media.rtcp;

import org.atende.media.rtp.SequenceTracker;

/**
 * Reception statistics for one remote RTP source on one leg: the RFC 3550 A.1 sequence bookkeeping and A.8
 * jitter of {@link SequenceTracker}, the A.3 interval loss between reports, the LSR/DLSR bookkeeping for the
 * source's sender reports, and the running mean and maximum of jitter for the call record. It produces the
 * report block our next SR or RR carries about the source.
 *
 * <p><b>Hot path.</b> {@link #onRtp} runs once per received packet: arithmetic on primitives, no
 * allocation. Arrival time is converted to timestamp units relative to the first arrival, exactly and
 * without overflow for any call length.
 *
 * <p><b>Discontinuities.</b> Two cases would otherwise poison the figures for the rest of the call:
 * <ul>
 *   <li>The tracker restarts its counters when the source jumps in sequence and keeps going (A.1). The
 *       report block then speaks of the restarted source, as the RFC has it, but the totals for the call
 *       ({@link #totalExpected()}, {@link #totalReceived()}) keep what came before, and the A.3 priors are
 *       reset so the interval after the restart is not negative.</li>
 *   <li>A timestamp jump without a matching gap in arrival (a B2BUA or SBC switching media sources under the
 *       same SSRC, or a sender that froze its clock while on hold) changes the relative transit time by far
 *       more than any network does. A transit change above {@link #TRANSIT_JUMP_SECONDS} second is taken as
 *       such a jump: the jitter estimate restarts from the next packet instead of absorbing a spike of
 *       seconds that would take hundreds of packets to decay and would stay in the maximum forever. This is
 *       the one allocation outside construction (a fresh tracker for the A.8 state, which
 *       {@link SequenceTracker} cannot reset), once per discontinuity.</li>
 * </ul>
 *
 * <p>Not thread-safe: owned by the leg's event loop.
 */
public final class ReceptionStats {

    /** A change in relative transit time above this many seconds is a timestamp discontinuity, not jitter. */
    public static final int TRANSIT_JUMP_SECONDS = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long ssrc;
    private final SequenceTracker sequence = new SequenceTracker();
    /** Only its A.8 part is used, so that it can be replaced on a timestamp discontinuity. */
    private SequenceTracker jitterEstimator = new SequenceTracker();

    private long invalid;
    private long discontinuities;
    private boolean receivedSinceReport;

    private boolean arrived;
    private long firstArrivalNanos;
    private boolean estimatorFed;
    private int lastTransit;
    private int clockRate;

    private long expectedPrior;
    private long receivedPrior;
    private long expectedBeforeRestarts;
    private long receivedBeforeRestarts;

    private double jitterMsSum;
    private long jitterSamples;
    private double jitterMsMax;

    private boolean senderReportReceived;
    private long lastSenderReport;
    private long lastSenderReportArrivalNanos;

    /** @param ssrc the remote source, unsigned 32-bit */
    public ReceptionStats(long ssrc) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
    }

    public long ssrc() {
        return ssrc;
    }

    /**
     * Records the arrival of one RTP packet from this source.
     *
     * @param seq          its sequence number (0..65535)
     * @param rtpTimestamp its RTP timestamp (low 32 bits)
     * @param arrivalNanos monotonic arrival time in nanoseconds
     * @param clockRate    the payload format's RTP clock rate (positive), e.g. 8000
     * @return whether the packet counted: false while the source is on probation or after an implausible
     *     sequence jump (A.1); such packets are counted in {@link #invalidPackets()}
     */
    public boolean onRtp(int seq, long rtpTimestamp, long arrivalNanos, int clockRate) {
        long receivedBefore = sequence.received();
        long expectedBefore = sequence.expected();
        if (!sequence.update(seq)) {
            invalid++;
            return false;
        }
        if (sequence.received() <= receivedBefore) {
            // the tracker took a sequence jump as a restart of the source and began its counts again
            expectedBeforeRestarts += expectedBefore;
            receivedBeforeRestarts += receivedBefore;
            expectedPrior = 0;
            receivedPrior = 0;
        }
        receivedSinceReport = true;
        updateJitter(rtpTimestamp, arrivalNanos, clockRate);
        return true;
    }

    private void updateJitter(long rtpTimestamp, long arrivalNanos, int rate) {
        if (rate <= 0) {
            return; // no clock, no timestamp units: a caller bug, but not worth an exception on this path
        }
        if (!arrived) {
            arrived = true;
            firstArrivalNanos = arrivalNanos;
        }
        if (rate != clockRate) {
            // a new clock means new transit units: start the estimate over rather than compare across them
            clockRate = rate;
            restartJitter();
        }
        long arrivalUnits = toTimestampUnits(arrivalNanos - firstArrivalNanos, rate);
        int transit = (int) arrivalUnits - (int) rtpTimestamp;
        if (estimatorFed && Math.abs((long) transit - lastTransit) > (long) TRANSIT_JUMP_SECONDS * rate) {
            discontinuities++;
            restartJitter();
        }
        lastTransit = transit;
        jitterEstimator.arrival(rtpTimestamp, arrivalUnits);
        estimatorFed = true;
        double jitterMs = jitterEstimator.jitter() * 1000.0 / rate;
        jitterMsSum += jitterMs;
        jitterSamples++;
        jitterMsMax = Math.max(jitterMsMax, jitterMs);
    }

    private void restartJitter() {
        if (estimatorFed) {
            jitterEstimator = new SequenceTracker();
            estimatorFed = false;
        }
    }

    private static long toTimestampUnits(long nanos, int rate) {
        long whole = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
        return whole * rate + rest * rate / NANOS_PER_SECOND;
    }

    /**
     * Records a sender report from this source, for the LSR and DLSR of our next block about it.
     *
     * @param ntpMiddle32  middle 32 bits of the SR's NTP timestamp
     * @param arrivalNanos monotonic arrival time in nanoseconds
     */
    public void onSenderReport(long ntpMiddle32, long arrivalNanos) {
        senderReportReceived = true;
        lastSenderReport = ntpMiddle32 & 0xFFFF_FFFFL;
        lastSenderReportArrivalNanos = arrivalNanos;
    }

    /**
     * Whether a report block is due: the source has left probation and sent since the last block
     * (RFC 3550 §6.4 reports on sources heard from in the interval).
     */
    public boolean hasReportBlock() {
        return sequence.validated() && receivedSinceReport;
    }

    /**
     * The report block about this source at monotonic time {@code nowNanos}, closing the A.3 interval:
     * fraction lost covers the packets since the previous call. Allocates one record per report interval.
     */
    public ReportBlock nextReportBlock(long nowNanos) {
        long expected = sequence.expected();
        long received = sequence.received();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        receivedSinceReport = false;
        long dlsr = 0;
        if (senderReportReceived) {
            long held = NtpTime.nanosToShortUnits(Math.max(0, nowNanos - lastSenderReportArrivalNanos));
            dlsr = Math.min(held, 0xFFFF_FFFFL);
        }
        return new ReportBlock(ssrc, Math.min(fraction, 255), ReportBlock.clampCumulativeLost(sequence.lost()),
                sequence.extendedHighestSequence() & 0xFFFF_FFFFL, jitterEstimator.jitter() & 0xFFFF_FFFFL,
                senderReportReceived ? lastSenderReport : 0, dlsr);
    }

    /** Packets expected over the whole reception, across source restarts. */
    public long totalExpected() {
        return expectedBeforeRestarts + sequence.expected();
    }

    /** Valid packets received (duplicates included, as A.3 counts them) over the whole reception. */
    public long totalReceived() {
        return receivedBeforeRestarts + sequence.received();
    }

    /** {@code totalExpected - totalReceived}; negative when duplicates outnumber losses. */
    public long totalLost() {
        return totalExpected() - totalReceived();
    }

    /** Packets refused by the sequence check (probation, implausible jumps). */
    public long invalidPackets() {
        return invalid;
    }

    /** Timestamp discontinuities that restarted the jitter estimate. */
    public long timestampDiscontinuities() {
        return discontinuities;
    }

    /** Current interarrival jitter in timestamp units (the report block's value). */
    public long jitter() {
        return jitterEstimator.jitter();
    }

    /** Current interarrival jitter in milliseconds; 0 before two packets have arrived. */
    public double jitterMs() {
        return clockRate == 0 ? 0 : jitterEstimator.jitter() * 1000.0 / clockRate;
    }

    /** Mean of the jitter estimate over all valid packets, in milliseconds; 0 before any. */
    public double meanJitterMs() {
        return jitterSamples == 0 ? 0 : jitterMsSum / jitterSamples;
    }

    /** Packets the mean jitter is taken over. */
    long jitterSamples() {
        return jitterSamples;
    }

    /** Largest jitter estimate seen, in milliseconds. */
    public double maxJitterMs() {
        return jitterMsMax;
    }
}
