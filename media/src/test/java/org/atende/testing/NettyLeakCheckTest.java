package org.atende.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check itself: a buffer dropped unreleased fails the check that follows it. */
class NettyLeakCheckTest {

    @Test
    void aBufferNeverReleasedFailsTheCheck() throws InterruptedException {
        NettyLeakCheck.check("before");
        leak();
        // the collector enqueues the dropped buffer's reference on its own thread: on a loaded machine it may take
        // a few checks (each a GC and a round of allocations) before the detector sees it
        AssertionError reported = null;
        for (int i = 0; i < 100 && reported == null; i++) {
            try {
                NettyLeakCheck.check("the leak");
                Thread.sleep(20);
            } catch (AssertionError e) {
                reported = e;
            }
        }
        assertThat(reported).as("the leak is reported within 100 checks").isNotNull()
                .hasMessageContaining("leaked buffer").hasMessageContaining("LEAK");
        NettyLeakCheck.check("after the leak was reported");
    }

    private static void leak() {
        PooledByteBufAllocator.DEFAULT.buffer(32).writeInt(42); // and never released
    }
}
