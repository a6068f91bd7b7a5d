package org.atende.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NonceCountsTest {

    @Test
    void countMustIncreasePerNonce() {
        NonceCounts counts = new NonceCounts(16, 1_000);

        assertThat(counts.advance("a", 100, 1, 100)).isTrue();
        assertThat(counts.advance("a", 100, 1, 101)).isFalse();
        assertThat(counts.advance("b", 100, 1, 101)).isTrue();
        assertThat(counts.advance("a", 100, 3, 102)).isTrue();
        assertThat(counts.advance("a", 100, 2, 103)).isFalse();
        assertThat(counts.advance("c", 100, 0, 103)).isFalse();
    }

    @Test
    void entriesAreDroppedOnceTheirNonceExpires() {
        NonceCounts counts = new NonceCounts(16, 1_000);
        counts.advance("a", 0, 1, 0);
        counts.advance("b", 500, 1, 500);

        counts.advance("c", 1_200, 1, 1_200);

        assertThat(counts.size()).isEqualTo(2);
    }

    @Test
    void evictionWhenFullKeepsEvictedNoncesUsedUp() {
        NonceCounts counts = new NonceCounts(4, 1_000_000);
        for (int i = 0; i < 4; i++) {
            assertThat(counts.advance("n" + i, i, 1, 10)).isTrue();
        }

        assertThat(counts.advance("n4", 4, 1, 10)).isTrue();

        assertThat(counts.size()).isEqualTo(3);
        assertThat(counts.advance("n0", 0, 2, 10)).as("evicted nonce must not be reopened").isFalse();
        assertThat(counts.advance("n3", 3, 2, 10)).isTrue();
    }
}
