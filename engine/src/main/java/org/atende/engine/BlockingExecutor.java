package org.atende.engine;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded executor for work that may block (file writes and their fsyncs): a few threads and a bounded queue.
 *
 * <p>It never runs a task on the caller's thread, which may be an event loop. A task it cannot take (the queue is
 * full, or it was shut down) is refused: {@link #execute} throws {@link RejectedExecutionException} and
 * {@link #submit} returns a failed future. Refusals are counted ({@link #rejected}); the first is logged at WARN,
 * the rest at DEBUG. {@link #shutdown} lets queued tasks run for a bounded time and fails the futures of those
 * still waiting after it, so no future from {@link #submit} is left incomplete.
 *
 * <p>Thread-safe.
 */
public final class BlockingExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(BlockingExecutor.class);

    private final String name;
    private final ThreadPoolExecutor pool;
    private final LongAdder rejected = new LongAdder();
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param name     thread name prefix and the name in log lines
     * @param threads  worker threads
     * @param capacity tasks that may wait; more are refused
     */
    public BlockingExecutor(String name, int threads, int capacity) {
        this.name = Objects.requireNonNull(name, "name");
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity),
                new DefaultThreadFactory(name), (task, executor) -> {
                    throw new RejectedExecutionException(executor.isShutdown() ? name + " is shut down"
                            : name + " is full (" + capacity + " tasks waiting)");
                });
    }

    /**
     * Queues {@code task}; any thread.
     *
     * @throws RejectedExecutionException when the queue is full or the executor was shut down (counted)
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            refused(e);
            throw e;
        }
    }

    /**
     * Runs {@code work} on a worker; any thread. The future completes with its result or failure, or fails with
     * {@link RejectedExecutionException} at once when the task is refused, or at {@link #shutdown} when it never
     * ran. Callbacks on the future run on a worker (or on the caller's thread when refused): post them onward.
     */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        Task<T> task = new Task<>(work);
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            refused(e);
            task.future.completeExceptionally(e);
        }
        return task.future;
    }

    /** Tasks refused since start. */
    public long rejected() {
        return rejected.sum();
    }

    /** Tasks waiting to run. */
    public int queued() {
        return pool.getQueue().size();
    }

    public boolean isShutdown() {
        return pool.isShutdown();
    }

    /**
     * Refuses new tasks, lets the queued ones run for at most {@code grace}, then interrupts the workers and fails
     * the futures of the tasks that never ran. Blocking; not for an event loop.
     *
     * @return whether every queued task ran
     */
    public boolean shutdown(Duration grace) {
        pool.shutdown();
        try {
            if (pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Runnable> never = pool.shutdownNow();
        for (Runnable r : never) {
            if (r instanceof Task<?> t) {
                t.future.completeExceptionally(new RejectedExecutionException(name + " stopped before the task ran"));
            }
        }
        log.warn("{}: {} task(s) had not run {} ms after the stop began; dropped", name, never.size(), grace.toMillis());
        return false;
    }

    private void refused(RejectedExecutionException e) {
        rejected.increment();
        if (warned.compareAndSet(false, true)) {
            log.warn("{} refused a task: {} (further refusals are counted, logged at DEBUG)", name, e.getMessage());
        } else {
            log.debug("{} refused a task ({} so far): {}", name, rejected.sum(), e.getMessage());
        }
    }

    /** A submitted task and its future. */
    private static final class Task<T> implements Runnable {
        final Callable<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Task(Callable<T> work) {
            this.work = Objects.requireNonNull(work, "work");
        }

        @Override
        public void run() {
            if (future.isDone()) {
                return;
            }
            try {
                future.complete(work.call());
            } catch (Exception | Error e) {
                future.completeExceptionally(e);
            }
        }
    }
}
