package org.atende.sip.transaction;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.Instant;
import java.time.Clock;
import java.util.PriorityQueue;

/**
 * A {@link TimerService} on a manual clock: {@link #advance} fires every timer that falls due, in deadline order
 * (ties in scheduling order), including timers scheduled by the ones firing. Single-threaded, like the event loop
 * it stands in for.
 */
public final class ManualTimerService implements TimerService {

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        Scheduled scheduled = new Scheduled(now + delay.toNanos(), sequence++, task);
        queue.add(scheduled);
        return scheduled;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Moves the clock forward by {@code duration}, firing due timers at their own instants. */
    public void advance(Duration duration) {
        long target = now + duration.toNanos();
        while (!queue.isEmpty() && queue.peek().deadline <= target) {
            Scheduled next = queue.poll();
            now = Math.max(now, next.deadline);
            if (!next.cancelled) {
                next.task.run();
            }
        }
        now = target;
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** Time since the service was created. */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /** Timers scheduled and neither fired nor cancelled. */
    public long pending() {
        return queue.stream().filter(s -> !s.cancelled).count();
    }

    private static final class Scheduled implements Timer, Comparable<Scheduled> {
        final long deadline;
        final long sequence;
        final Runnable task;
        boolean cancelled;

        Scheduled(long deadline, long sequence, Runnable task) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Scheduled other) {
            int byDeadline = Long.compare(deadline, other.deadline);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }

    /** A {@link Clock} that reads this service's time: {@code start} plus {@link #elapsed()}. */
    public Clock clock(Instant start) {
        ManualTimerService timers = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return start.plus(timers.elapsed());
            }
        };
    }
}
