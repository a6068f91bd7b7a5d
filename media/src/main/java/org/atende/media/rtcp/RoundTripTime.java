package org.atende.media.rtcp;

/**
 * Round-trip time between us and the peer from the peer's report blocks about our stream (RFC 3550
 * §6.4.1): with A the arrival time of the report as the middle 32 bits of our NTP clock, LSR the echo of our
 * last SR's timestamp and DLSR the peer's holding time, RTT = A − LSR − DLSR in 1/65536 s.
 *
 * <pre>
 *   [10 Nov 1995 11:33:25.125 UTC]       [10 Nov 1995 11:33:36.5 UTC]
 *   n                 SR(n)              A=b710:8000 (46864.500 s)
 *   ----------------------------------------------------------------&gt;
 *                      v                 ^
 *   ntp_sec =0xb44db705 v               ^ dlsr=0x0005:4000 (    5.250s)
 *   ntp_frac=0x20000000  v             ^  lsr =0xb705:2000 (46853.125s)
 *     (3024992005.125 s)  v           ^
 *   r                      v         ^ RR(n)
 *   ----------------------------------------------------------------&gt;
 *                          |&lt;-DLSR-&gt;|
 *                           (5.250 s)
 *
 *   A     0xb710:8000 (46864.500 s)
 *   DLSR -0x0005:4000 (    5.250 s)
 *   LSR  -0xb705:2000 (46853.125 s)
 *   -------------------------------
 *   delay 0x0006:2000 (    6.125 s)
 * </pre>
 *
 * <p>A block with LSR 0 (the peer has no SR of ours yet) gives no sample, and neither does one whose
 * result is negative modulo 2^32 (clock step, or a stale or forged echo): such samples are counted as
 * rejected rather than averaged. Not thread-safe: owned by the leg's event loop; no allocation.
 */
public final class RoundTripTime {

    /** {@link #compute} result when the block yields no sample. */
    public static final long UNKNOWN = -1;

    private long samples;
    private long rejected;
    private long lastUnits;
    private long sumUnits;
    private long maxUnits;

    /**
     * Round trip in 1/65536 s from the three 32-bit quantities, or {@link #UNKNOWN} when LSR is 0 or the
     * difference is negative (taken as signed 32-bit).
     */
    public static long compute(long arrivalNtpMiddle32, long lastSenderReport, long delaySinceLastSenderReport) {
        if (lastSenderReport == 0) {
            return UNKNOWN;
        }
        int rtt = (int) (arrivalNtpMiddle32 - lastSenderReport - delaySinceLastSenderReport);
        return rtt < 0 ? UNKNOWN : rtt;
    }

    /**
     * Takes one report block about our stream.
     *
     * @return whether it gave a sample
     */
    public boolean onReportBlock(long lastSenderReport, long delaySinceLastSenderReport, long arrivalNtpMiddle32) {
        if (lastSenderReport == 0) {
            return false;
        }
        long rtt = compute(arrivalNtpMiddle32, lastSenderReport, delaySinceLastSenderReport);
        if (rtt == UNKNOWN) {
            rejected++;
            return false;
        }
        samples++;
        lastUnits = rtt;
        sumUnits += rtt;
        maxUnits = Math.max(maxUnits, rtt);
        return true;
    }

    public long samples() {
        return samples;
    }

    /** Blocks with an LSR whose round trip came out negative. */
    public long rejected() {
        return rejected;
    }

    /** Latest round trip in milliseconds; NaN before the first sample. */
    public double lastMillis() {
        return samples == 0 ? Double.NaN : NtpTime.shortUnitsToMillis(lastUnits);
    }

    /** Mean round trip in milliseconds; NaN before the first sample. */
    public double averageMillis() {
        return samples == 0 ? Double.NaN : NtpTime.shortUnitsToMillis(sumUnits) / samples;
    }

    /** Largest round trip in milliseconds; NaN before the first sample. */
    public double maxMillis() {
        return samples == 0 ? Double.NaN : NtpTime.shortUnitsToMillis(maxUnits);
    }
}
