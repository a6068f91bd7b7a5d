package org.atende.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful stop: from its start new INVITEs get 503 ({@link #stopping}); every active call is ended with BYE
 * and the calls get the grace period to end, their BYEs up to a second more to be answered; then the engine's parts
 * are released. A second stop waits for the first. Runs on the thread that calls it.
 */
final class GracefulStop {

    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

    private final Duration grace;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean stopping;

    /** @param grace how long active calls get to end ({@code server.shutdown_grace}) */
    GracefulStop(Duration grace) {
        this.grace = grace;
    }

    /** True once the stop began. Any thread. */
    boolean stopping() {
        return stopping;
    }

    /**
     * Stops: {@code endCalls} asks every call to end, {@code activeCalls} says how many are left, and
     * {@code release} closes the parts in order once they are gone or the grace period is over. Returns within the
     * grace period plus what {@code release} takes; a second call waits (at most 30 s) for the first to finish.
     */
    void run(IntSupplier activeCalls, Runnable endCalls, Runnable release) {
        if (stopping) {
            awaitTermination(Duration.ofSeconds(30));
            return;
        }
        stopping = true;
        boolean hadCalls = activeCalls.getAsInt() > 0;
        log.info("stopping: refusing new calls, ending {} active call(s) (grace {} s)", activeCalls.getAsInt(),
                grace.toSeconds());
        endCalls.run();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (System.nanoTime() < deadline && activeCalls.getAsInt() > 0) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            // let the BYEs just sent get their answers (or retransmit) before the sockets close
            long drain = Math.min(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            if (hadCalls && drain > 0) {
                TimeUnit.NANOSECONDS.sleep(drain);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        release.run();
        log.info("stopped");
        terminated.countDown();
    }

    /** Waits until a stop has finished releasing; false when {@code timeout} passed first. */
    boolean awaitTermination(Duration timeout) {
        try {
            return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
