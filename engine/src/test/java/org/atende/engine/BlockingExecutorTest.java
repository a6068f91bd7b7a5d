package org.atende.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The I/O executor never runs work on its caller's thread (an event loop) and completes or fails every future. */
class BlockingExecutorTest {

    private final BlockingExecutor io = new BlockingExecutor("test-io", 1, 1);
    private final EventLoop loop = new DefaultEventLoop();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch busy = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        io.shutdown(Duration.ofSeconds(5));
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** The worker stuck in a task and the one queue slot taken. */
    private CompletableFuture<String> fill() throws InterruptedException {
        io.submit(() -> {
            busy.countDown();
            release.await();
            return "first";
        });
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        return io.submit(() -> "queued");
    }

    /** Submits from the event loop; what the submission returned, and on which thread the task ran, if it did. */
    private CompletableFuture<String> submitFromLoop(AtomicReference<Thread> ranOn) throws Exception {
        return loop.submit(() -> io.submit(() -> {
            ranOn.set(Thread.currentThread());
            return "from the loop";
        })).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFullQueueFailsTheFutureAtOnceAndNeverRunsTheTaskOnTheLoop() throws Exception {
        CompletableFuture<String> queued = fill();
        AtomicReference<Thread> ranOn = new AtomicReference<>();

        CompletableFuture<String> refused = submitFromLoop(ranOn);

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RejectedExecutionException.class).hasMessageContaining("full");
        assertThat(ranOn.get()).as("the task never ran, least of all on the loop").isNull();
        assertThat(io.rejected()).isEqualTo(1);

        release.countDown();
        assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo("queued");
    }

    @Test
    void executeOnAFullQueueThrowsInsteadOfRunningTheTaskOnTheCaller() throws Exception {
        fill();
        AtomicReference<Thread> ranOn = new AtomicReference<>();

        assertThatThrownBy(() -> io.execute(() -> ranOn.set(Thread.currentThread())))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(ranOn.get()).isNull();
    }

    @Test
    void refusalsAreCountedAndLoggedOnce() throws Exception {
        try (LogCapture logs = new LogCapture(BlockingExecutor.class)) {
            fill();
            for (int i = 0; i < 3; i++) {
                assertThat(io.submit(() -> "refused")).isCompletedExceptionally();
            }
            assertThat(io.rejected()).isEqualTo(3);
            assertThat(logs.at(Level.WARN)).singleElement().asString().contains("test-io refused a task");
        }
    }

    @Test
    void tasksSubmittedAfterShutdownFailTheirFutures() throws Exception {
        io.shutdown(Duration.ofSeconds(5));
        AtomicReference<Thread> ranOn = new AtomicReference<>();

        CompletableFuture<String> late = submitFromLoop(ranOn);

        assertThat(late).as("completed, not left waiting forever").isCompletedExceptionally();
        assertThatThrownBy(late::get).hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
        assertThat(ranOn.get()).isNull();
    }

    @Test
    void tasksStillQueuedWhenTheStopGivesUpFailTheirFutures() throws Exception {
        CompletableFuture<String> queued = fill();

        assertThat(io.shutdown(Duration.ofMillis(100))).isFalse();

        assertThat(queued).isCompletedExceptionally();
        assertThatThrownBy(queued::get).hasCauseInstanceOf(RejectedExecutionException.class);
    }
}
