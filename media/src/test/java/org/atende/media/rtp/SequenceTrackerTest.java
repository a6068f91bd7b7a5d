package org.atende.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    /** A tracker that has accepted {@code first} and {@code first + 1} (out of probation). */
    private static SequenceTracker validatedAt(int first) {
        SequenceTracker tracker = new SequenceTracker();
        assertThat(tracker.update(first)).isFalse();
        assertThat(tracker.update((first + 1) & 0xFFFF)).isTrue();
        assertThat(tracker.validated()).isTrue();
        return tracker;
    }

    @Test
    void newSourceIsOnProbationForItsFirstPacket() {
        SequenceTracker tracker = new SequenceTracker();
        assertThat(tracker.update(100)).isFalse();
        assertThat(tracker.validated()).isFalse();
        assertThat(tracker.expected()).isZero();
        assertThat(tracker.update(101)).isTrue();
        assertThat(tracker.received()).isEqualTo(1);
        assertThat(tracker.expected()).isEqualTo(1);
    }

    @Test
    void outOfOrderPacketDuringProbationRestartsProbation() {
        SequenceTracker tracker = new SequenceTracker();
        assertThat(tracker.update(100)).isFalse();
        assertThat(tracker.update(200)).isFalse();
        assertThat(tracker.validated()).isFalse();
        assertThat(tracker.update(201)).isTrue();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(201);
    }

    @Test
    void inOrderPacketsAreAllValidAndNoneLost() {
        SequenceTracker tracker = validatedAt(1000);
        for (int seq = 1002; seq < 1100; seq++) {
            assertThat(tracker.update(seq)).isTrue();
        }
        assertThat(tracker.received()).isEqualTo(99);
        assertThat(tracker.expected()).isEqualTo(99);
        assertThat(tracker.lost()).isZero();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(1099);
    }

    @Test
    void wrapFrom65535ToZeroCountsACycle() {
        SequenceTracker tracker = validatedAt(65533);
        assertThat(tracker.update(65535)).isTrue();
        assertThat(tracker.cycles()).isZero();
        assertThat(tracker.update(0)).isTrue();
        assertThat(tracker.cycles()).isEqualTo(1);
        assertThat(tracker.update(1)).isTrue();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(65536 + 1);
        assertThat(tracker.expected()).isEqualTo(4); // base is 65534, the packet that ended probation
        assertThat(tracker.lost()).isZero();
    }

    @Test
    void duplicateIsValidCountedAndDoesNotMoveTheHighestSequence() {
        SequenceTracker tracker = validatedAt(10);
        assertThat(tracker.update(12)).isTrue();
        assertThat(tracker.update(12)).isTrue();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(12);
        assertThat(tracker.received()).isEqualTo(3);
        assertThat(tracker.expected()).isEqualTo(2);
        assertThat(tracker.lost()).isEqualTo(-1);
    }

    @Test
    void misorderWithinOneHundredIsAcceptedAcrossTheWrap() {
        SequenceTracker tracker = validatedAt(65500);
        assertThat(tracker.update(50)).isTrue(); // jump ahead across the wrap, < MAX_DROPOUT
        assertThat(tracker.cycles()).isEqualTo(1);
        assertThat(tracker.update(65530)).isTrue(); // late packet from before the wrap
        assertThat(tracker.cycles()).isEqualTo(1);
        assertThat(tracker.extendedHighestSequence()).isEqualTo(65536 + 50);
    }

    @Test
    void lossIsExpectedMinusReceived() {
        SequenceTracker tracker = validatedAt(0);
        for (int seq = 2; seq <= 101; seq++) {
            if (seq % 10 != 0) {
                tracker.update(seq);
            }
        }
        assertThat(tracker.expected()).isEqualTo(101); // 1..101
        assertThat(tracker.received()).isEqualTo(91);
        assertThat(tracker.lost()).isEqualTo(10);
    }

    @Test
    void largeJumpIsInvalidUntilTheNextPacketFollowsItThenTheSourceRestarts() {
        SequenceTracker tracker = validatedAt(100);
        tracker.update(102);
        assertThat(tracker.update(40000)).isFalse();
        assertThat(tracker.extendedHighestSequence()).isEqualTo(102);
        assertThat(tracker.update(103)).isTrue(); // the old stream goes on, still valid
        assertThat(tracker.update(40005)).isFalse(); // does not follow 40000: still a bad jump
        assertThat(tracker.extendedHighestSequence()).isEqualTo(103);
        assertThat(tracker.update(40006)).isTrue(); // follows 40005: the source restarted
        assertThat(tracker.extendedHighestSequence()).isEqualTo(40006);
        assertThat(tracker.received()).isEqualTo(1);
        assertThat(tracker.expected()).isEqualTo(1);
        assertThat(tracker.update(40007)).isTrue();
        assertThat(tracker.lost()).isZero();
    }

    @Test
    void packetFarBehindIsABadJumpNotAMisorder() {
        SequenceTracker tracker = validatedAt(5000);
        assertThat(tracker.update(5000 - SequenceTracker.MAX_MISORDER - 1)).isFalse();
        assertThat(tracker.update(5000 - SequenceTracker.MAX_MISORDER)).isTrue();
    }

    @Test
    void constantSpacingHasNoJitter() {
        SequenceTracker tracker = new SequenceTracker();
        for (int i = 0; i < 500; i++) {
            tracker.arrival(0xFFFF_0000L + 160L * i, 12345 + 160L * i); // wraps the 32-bit timestamp
        }
        assertThat(tracker.jitter()).isZero();
    }

    @Test
    void alternatingSpacingConvergesToTheDelayDifference() {
        SequenceTracker tracker = new SequenceTracker();
        for (int i = 0; i < 500; i++) {
            tracker.arrival(160L * i, 160L * i + (i % 2 == 0 ? 0 : 40));
        }
        assertThat(tracker.jitter()).isBetween(38L, 40L);
    }

    @Property(tries = 300)
    void jitterFollowsTheA8Formula(@ForAll @Size(min = 2, max = 200) List<@IntRange(min = 0, max = 400) Integer> delays) {
        SequenceTracker tracker = new SequenceTracker();
        double expected = 0;
        long previousTransit = 0;
        for (int i = 0; i < delays.size(); i++) {
            long ts = 160L * i;
            long arrival = ts + 1000 + delays.get(i);
            tracker.arrival(ts, arrival);
            long transit = arrival - ts;
            if (i > 0) {
                double d = Math.abs(transit - previousTransit);
                expected += (1.0 / 16.0) * (d - expected);
            }
            previousTransit = transit;
        }
        assertThat(tracker.jitter()).isEqualTo((long) expected);
    }
}
