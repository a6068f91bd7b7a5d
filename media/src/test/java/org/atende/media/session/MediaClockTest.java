package org.atende.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clock stepped by hand: a fake monotonic clock and a scheduler that only remembers the next step. */
class MediaClockTest {

    private long now = 1_000_000_000L;
    private Runnable pending;
    private long pendingDelay;
    private final MediaClock clock = new MediaClock(ImmediateEventExecutor.INSTANCE, () -> now, (task, delay) -> {
        pending = task;
        pendingDelay = delay;
        return () -> pending = null;
    });

    /** Records its ticks: the tick number and the clock's time. */
    private static final class Member implements MediaClock.Tickable {
        final List<Long> ticks = new ArrayList<>();
        final List<Long> times = new ArrayList<>();

        @Override
        public void tick(long tick, long nowNanos) {
            ticks.add(tick);
            times.add(nowNanos);
        }
    }

    private List<Member> members(int n) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Member m = new Member();
            members.add(m);
            clock.add(m);
        }
        return members;
    }

    /** Advances the fake time to when the pending step is due and fires it. */
    private void step() {
        now += pendingDelay;
        Runnable task = pending;
        pending = null;
        task.run();
    }

    @Test
    void eachStepRunsOneTenthOfTheMembersAndEveryMemberTicksOncePerTick() {
        List<Member> members = members(25);
        assertThat(pendingDelay).isEqualTo(MediaClock.STEP_NANOS);
        for (int s = 0; s < MediaClock.SLOTS; s++) {
            int before = members.stream().mapToInt(m -> m.ticks.size()).sum();
            step();
            int ran = members.stream().mapToInt(m -> m.ticks.size()).sum() - before;
            assertThat(ran).as("members ticked in step %d", s).isBetween(2, 3);
        }
        assertThat(members).allSatisfy(m -> assertThat(m.ticks).containsExactly(1L));
        for (int s = 0; s < 2 * MediaClock.SLOTS; s++) {
            step();
        }
        assertThat(members).allSatisfy(m -> {
            assertThat(m.ticks).containsExactly(1L, 2L, 3L);
            assertThat(m.times.get(1) - m.times.get(0)).isEqualTo(MediaClock.TICK_NANOS);
        });
        assertThat(clock.ticks()).isEqualTo(3);
        assertThat(clock.slips()).isZero();
    }

    @Test
    void aLateLoopCatchesUpTheMissedTicksAtOnce() {
        List<Member> members = members(10);
        now += 3 * MediaClock.TICK_NANOS;
        pending.run();
        assertThat(members).allSatisfy(m -> assertThat(m.ticks).containsExactly(1L, 2L, 3L));
        assertThat(clock.slips()).isZero();
    }

    @Test
    void tooFarBehindSkipsAheadAndCountsTheSlips() {
        List<Member> members = members(10);
        now += 12 * MediaClock.TICK_NANOS;
        pending.run();
        assertThat(clock.slips()).isEqualTo(11);
        assertThat(members.stream().mapToInt(m -> m.ticks.size()).sum()).as("one step, one member").isEqualTo(1);
        for (int s = 0; s < MediaClock.SLOTS - 1; s++) {
            step();
        }
        assertThat(members).allSatisfy(m -> assertThat(m.ticks).hasSize(1));
        // the step run at once is the last of tick 12; the others run in their own time, in tick 13
        assertThat(members.get(MediaClock.SLOTS - 1).ticks).containsExactly(12L);
        assertThat(members.get(0).ticks).containsExactly(13L);
    }

    @Test
    void aRemovedMemberStopsAndTheNextAddFillsItsStep() {
        List<Member> members = members(MediaClock.SLOTS);
        clock.remove(members.get(3));
        Member late = new Member();
        clock.add(late);
        for (int s = 0; s < MediaClock.SLOTS; s++) {
            int before = members.stream().mapToInt(m -> m.ticks.size()).sum() + late.ticks.size();
            step();
            int ran = members.stream().mapToInt(m -> m.ticks.size()).sum() + late.ticks.size() - before;
            assertThat(ran).as("step %d", s).isEqualTo(1);
        }
        assertThat(members.get(3).ticks).isEmpty();
        assertThat(late.ticks).containsExactly(1L);
        assertThat(clock.size()).isEqualTo(MediaClock.SLOTS);
    }

    @Test
    void aFailingMemberIsRemovedAndTheRestTickOn() {
        List<Member> members = members(1);
        MediaClock.Tickable broken = (tick, nanos) -> {
            throw new IllegalStateException("broken");
        };
        clock.add(broken);
        for (int s = 0; s < 2 * MediaClock.SLOTS; s++) {
            step();
        }
        assertThat(clock.size()).isEqualTo(1);
        assertThat(members.get(0).ticks).containsExactly(1L, 2L);
    }

    @Test
    void idleWithoutMembersAndRestartsOnTheNextAdd() {
        Member m = members(1).get(0);
        clock.remove(m);
        step();
        assertThat(pending).as("no step scheduled while idle").isNull();
        clock.add(m);
        assertThat(pending).isNotNull();
        for (int s = 0; s < MediaClock.SLOTS; s++) {
            step();
        }
        assertThat(m.ticks).containsExactly(1L);
    }
}
