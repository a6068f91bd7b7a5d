package org.atende.sip.transaction;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Completed non-INVITE server transactions on UDP, in the order they completed, which is the order their Timer J
 * (the same 64*T1 for all) fires: one timer for the head instead of a scheduled task per transaction, which under
 * a registration storm were tens of thousands of live objects. Owning event loop only.
 */
final class TimerJQueue {

    private final ArrayDeque<NonInviteServerTransaction> waiting = new ArrayDeque<>();
    private final TimerService timers;
    private final Consumer<Runnable> dispatch;
    private TimerService.Timer timer;

    /** @param dispatch runs a firing as one step of the layer (transport errors it causes run after it) */
    TimerJQueue(TimerService timers, Consumer<Runnable> dispatch) {
        this.timers = timers;
        this.dispatch = dispatch;
    }

    /** {@code tx} terminates after {@code j}, which must be the same for every transaction of this queue. */
    void add(NonInviteServerTransaction tx, Duration j) {
        tx.timerJDeadline = timers.nanoTime() + j.toNanos();
        waiting.add(tx);
        if (timer == null) {
            arm();
        }
    }

    private void arm() {
        NonInviteServerTransaction head = waiting.peek();
        if (head == null) {
            timer = null;
            return;
        }
        long delay = Math.max(0, head.timerJDeadline - timers.nanoTime());
        timer = timers.schedule(Duration.ofNanos(delay), () -> dispatch.accept(this::fire));
    }

    private void fire() {
        long now = timers.nanoTime();
        NonInviteServerTransaction head;
        while ((head = waiting.peek()) != null && head.timerJDeadline - now <= 0) {
            waiting.poll();
            head.onTimerJ();
        }
        arm();
    }
}
