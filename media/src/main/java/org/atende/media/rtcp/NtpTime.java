package org.atende.media.rtcp;

import java.time.Clock;
import java.time.Instant;

/**
 * NTP timestamps as RTCP carries them (RFC 3550 §4): 64-bit fixed point, whole seconds since 1900-01-01 in
 * the high 32 bits and the fraction of a second in the low 32 bits, held in a {@code long} (the seconds wrap
 * in 2036, which the 32-bit arithmetic of LSR/DLSR tolerates). The "middle 32 bits" (16.16 fixed point,
 * units of 1/65536 s) are what report blocks echo as LSR and what round-trip time is computed in.
 *
 * <p>Wall-clock time comes from an injected {@link Clock}; intervals (DLSR, RTP timestamp extrapolation) are
 * measured with the caller's monotonic nanoseconds instead, so a wall-clock step never yields a negative
 * delay.
 */
public final class NtpTime {

    /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NtpTime() {
    }

    /** The 64-bit NTP timestamp of {@code instant}. */
    public static long of(Instant instant) {
        return of(instant.getEpochSecond(), instant.getNano());
    }

    /** The 64-bit NTP timestamp of Unix time {@code epochSecond} + {@code nanos} (0..999 999 999). */
    public static long of(long epochSecond, int nanos) {
        long seconds = epochSecond + UNIX_EPOCH_OFFSET_SECONDS;
        long fraction = ((long) nanos << 32) / NANOS_PER_SECOND;
        return (seconds << 32) | fraction;
    }

    /** Now by {@code clock}; allocates an {@link Instant}, so for report time, not for every RTP packet. */
    public static long now(Clock clock) {
        return of(clock.instant());
    }

    /** The middle 32 bits (low 16 of the seconds, high 16 of the fraction), as an unsigned value. */
    public static long middle32(long ntp) {
        return (ntp >>> 16) & 0xFFFF_FFFFL;
    }

    /** A duration in nanoseconds as units of 1/65536 s (the unit of DLSR and round-trip time). */
    public static long nanosToShortUnits(long nanos) {
        // split to avoid overflow: whole seconds exactly, the rest scaled
        return Math.floorDiv(nanos, NANOS_PER_SECOND) * 65_536L
                + Math.floorMod(nanos, NANOS_PER_SECOND) * 65_536L / NANOS_PER_SECOND;
    }

    /** A duration in units of 1/65536 s as milliseconds. */
    public static double shortUnitsToMillis(long units) {
        return units * 1000.0 / 65_536.0;
    }
}
