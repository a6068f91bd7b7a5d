package org.atende.sip.transaction;

import java.time.Duration;

/**
 * Schedules timer callbacks on the thread that owns the transactions (the call's event loop).
 * Tests use a manual implementation that fires timers when the clock is advanced.
 */
public interface TimerService {

    /** Runs {@code task} on the owning thread after {@code delay}, unless cancelled first. */
    Timer schedule(Duration delay, Runnable task);

    /** The clock {@link #schedule} counts delays on, in nanoseconds from an arbitrary origin. */
    default long nanoTime() {
        return System.nanoTime();
    }

    interface Timer {
        void cancel();
    }
}
