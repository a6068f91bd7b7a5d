package org.atende.call;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.atende.acd.AcdTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread the ACD runs on ({@link QueueService}): messages posted to it run in order, reads hand back
 * futures, and the ACD's timers fire on it. Counts the messages not yet run (the ACD's backlog). A failing message
 * is logged and the next one runs.
 */
final class AcdThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueService.class);

    private final ScheduledThreadPoolExecutor thread;
    private final AtomicInteger pending = new AtomicInteger();
    /** The timers started and not yet fired or cancelled. This thread only. */
    private final Map<AcdTimer, ScheduledFuture<?>> timers = new HashMap<>();

    AcdThread() {
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "atende-acd");
            t.setDaemon(true);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // timers do not hold the stop up
    }

    /** Hands {@code task} to the thread, in order with every other message; false once it is stopped. Any thread. */
    boolean post(Runnable task) {
        pending.incrementAndGet();
        try {
            thread.execute(() -> {
                pending.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("ACD failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            log.debug("ACD stopped; message not delivered");
            return false;
        }
    }

    /** {@code read} run on the thread, in order with the messages. Any thread. */
    <T> CompletableFuture<T> read(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, thread);
    }

    /** Messages posted and not yet run. Any thread. */
    int pending() {
        return pending.get();
    }

    /**
     * Runs {@code fired} on the thread after {@code after}, unless cancelled or started again first (the new one
     * replaces it). This thread only.
     */
    void start(AcdTimer timer, Duration after, Runnable fired) {
        // on this thread the task cannot run before self[0] is set; a timer started again replaces the old one,
        // which then neither runs nor removes its successor
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = thread.schedule(() -> {
            if (timers.remove(timer, self[0])) {
                fired.run();
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> old = timers.put(timer, self[0]);
        if (old != null) {
            old.cancel(false);
        }
    }

    /** This thread only. */
    void cancel(AcdTimer timer) {
        ScheduledFuture<?> old = timers.remove(timer);
        if (old != null) {
            old.cancel(false);
        }
    }

    /** The messages already posted run (for two seconds at most); then the thread ends. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("stopping: the ACD still had {} message(s) after 2 s", pending.get());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
