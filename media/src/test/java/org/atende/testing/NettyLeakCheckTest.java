package org.atende.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check itself: a buffer dropped unreleased fails the check that follows it. */
class NettyLeakCheckTest {

    @Test
    void aBufferNeverReleasedFailsTheCheck() {
        NettyLeakCheck.check("before");
        leak();
        assertThatThrownBy(() -> NettyLeakCheck.check("the leak"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("leaked buffer")
                .hasMessageContaining("LEAK");
        NettyLeakCheck.check("after the leak was reported");
    }

    private static void leak() {
        PooledByteBufAllocator.DEFAULT.buffer(32).writeInt(42); // and never released
    }
}
