package org.atende.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLagTest {

    private long now = 5_000_000_000L;

    @Test
    void recordsTheLargestLagOfTheLastWindowAndCountsStalls() {
        LoopLag lag = new LoopLag(ImmediateEventExecutor.INSTANCE, () -> now);
        lag.record(0, now);
        lag.record(2_000_000, now += 10_000_000);
        lag.record(LoopLag.STALL_NANOS + 1, now += 10_000_000);
        assertThat(lag.stalls()).isEqualTo(1);
        assertThat(lag.samples()).isEqualTo(3);
        assertThat(lag.totalLagNanos()).isEqualTo(2_000_000 + LoopLag.STALL_NANOS + 1);
        lag.record(1_000_000, now += LoopLag.WINDOW_NANOS);
        // the window that held the stall (and this last lag) has closed; the gauge shows it for the next second
        lag.stop();
        assertThat(lag.maxLagNanos()).isEqualTo(LoopLag.STALL_NANOS + 1);
        lag.record(0, now += LoopLag.WINDOW_NANOS);
        assertThat(lag.maxLagNanos()).as("a quiet second").isZero();
        lag.record(LoopLag.STALL_NANOS * 3, now += 10_000_000);
        assertThat(lag.maxLagNanos()).as("a stall shows at once, not when its window closes")
                .isEqualTo(LoopLag.STALL_NANOS * 3);
    }

    @Test
    void theLagIsSustainedOnlyWhenEachOfTheLastThreeProbesWasLate() {
        LoopLag lag = new LoopLag(ImmediateEventExecutor.INSTANCE, () -> now);
        lag.record(0, now);
        lag.record(500_000_000L, now += 10_000_000);
        assertThat(lag.sustainedLagNanos()).as("one pause").isZero();
        lag.record(300_000_000L, now += 10_000_000);
        lag.record(200_000_000L, now += 10_000_000);
        assertThat(lag.sustainedLagNanos()).isEqualTo(200_000_000L);
        lag.record(1_000_000L, now += 10_000_000);
        assertThat(lag.sustainedLagNanos()).as("caught up").isEqualTo(1_000_000L);
    }

    @Test
    void aBlockedLoopShowsAsLateWhileBlockedAndAfter() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            LoopLag lag = new LoopLag(loop);
            lag.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (lag.samples() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(lag.samples()).as("the probe runs every 10 ms").isGreaterThanOrEqualTo(5);
            loop.execute(() -> sleep(300));
            Thread.sleep(200);
            assertThat(lag.maxLagNanos()).as("read while the loop is stuck")
                    .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (lag.stalls() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(lag.stalls()).isGreaterThanOrEqualTo(1);
            lag.stop();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
