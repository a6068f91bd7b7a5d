package org.atende.sip.transaction;

import java.time.Duration;

/** RFC 3261 §17 timer values derived from T1, T2 and T4 (Table 4 of the RFC). */
public record SipTimers(Duration t1, Duration t2, Duration t4) {

    public static final SipTimers RFC3261 = new SipTimers(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));

    public SipTimers {
        if (t1.isNegative() || t1.isZero() || t2.compareTo(t1) < 0 || t4.isNegative()) {
            throw new IllegalArgumentException("invalid SIP timers: T1=" + t1 + " T2=" + t2 + " T4=" + t4);
        }
    }

    public Duration timerB() { return t1.multipliedBy(64); }
    public Duration timerD(boolean reliable) { return reliable ? Duration.ZERO : Duration.ofSeconds(32).compareTo(timerB()) > 0 ? Duration.ofSeconds(32) : timerB(); }
    public Duration timerF() { return t1.multipliedBy(64); }
    public Duration timerH() { return t1.multipliedBy(64); }
    public Duration timerI(boolean reliable) { return reliable ? Duration.ZERO : t4; }
    public Duration timerJ(boolean reliable) { return reliable ? Duration.ZERO : t1.multipliedBy(64); }
    public Duration timerK(boolean reliable) { return reliable ? Duration.ZERO : t4; }
    public Duration timerL() { return t1.multipliedBy(64); }
    public Duration timerM() { return t1.multipliedBy(64); }
}
