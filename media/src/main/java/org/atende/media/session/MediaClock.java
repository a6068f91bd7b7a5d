package org.atende.media.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 20 ms heartbeat of one shard's media: paces prompt playback, recording and periodic checks (RTP timeout,
 * RTCP reports) for every call pinned to the shard's event loop, so a thousand calls cost one timer, not a
 * thousand.
 *
 * <p>The tick is cut into {@link #SLOTS} steps of 2 ms and each member is placed in the step with the fewest
 * members: every member still ticks once every 20 ms, but the loop runs a tenth of its calls' media at a time, and
 * SIP waits behind at most that tenth. Run all at once, 800 prompts cost 6–10 ms of every 20 ms on the loop, and
 * every INVITE arriving meanwhile waited for them (p90 16 ms between the INVITE and its 100 Trying on the wire at
 * 800 IVR calls/s).
 *
 * <p>Steps are due at {@code start + n × 2 ms} on the monotonic clock: a late step does not push the next one
 * back (no drift accumulates). When the loop falls behind by up to {@link #MAX_CATCH_UP} ticks (a GC pause, a
 * burst of work) the missed steps run at once so that players and recorders keep their place on the timeline;
 * further behind than that the clock skips ahead and counts the ticks skipped as slips, rather than flooding the
 * network with a burst of stale audio.
 *
 * <p>Owned by one event loop: {@link #add} and {@link #remove} must be called on it.
 */
public final class MediaClock {

    /** One tick: 20 ms of audio at 8 kHz. */
    public static final long TICK_NANOS = 20_000_000L;
    public static final int TICKS_PER_SECOND = 50;
    static final int MAX_CATCH_UP = 5;
    /** Steps per tick; each member ticks in one of them. */
    static final int SLOTS = 10;
    static final long STEP_NANOS = TICK_NANOS / SLOTS;

    private static final Logger log = LoggerFactory.getLogger(MediaClock.class);

    /** Something paced by the clock. */
    public interface Tickable {
        /** Called on the clock's loop once per tick; {@code tick} counts from the clock's start. */
        void tick(long tick, long nowNanos);
    }

    /** Schedules the next step; returns what cancels it. A seam for tests, which step the clock by hand. */
    interface Scheduler {
        Runnable schedule(Runnable task, long delayNanos);
    }

    private final EventExecutor loop;
    private final LongSupplier nanoTime;
    private final Scheduler scheduler;
    private final List<List<Tickable>> slots = new ArrayList<>(SLOTS);
    private final Map<Tickable, Integer> slotOf = new IdentityHashMap<>();
    private final List<Tickable> snapshot = new ArrayList<>();
    private long startNanos;
    /** Steps run since the start; step {@code n} (from 0) runs slot {@code n % SLOTS} for tick {@code n / SLOTS + 1}. */
    private long step;
    private long slips;
    /** Cancels the pending step; null while idle. */
    private Runnable next;
    private boolean stopped;

    public MediaClock(EventExecutor loop) {
        this(loop, System::nanoTime);
    }

    MediaClock(EventExecutor loop, LongSupplier nanoTime) {
        this(loop, nanoTime, (task, delayNanos) -> {
            ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        });
    }

    MediaClock(EventExecutor loop, LongSupplier nanoTime, Scheduler scheduler) {
        this.loop = loop;
        this.nanoTime = nanoTime;
        this.scheduler = scheduler;
        for (int i = 0; i < SLOTS; i++) {
            slots.add(new ArrayList<>());
        }
    }

    public EventExecutor loop() {
        return loop;
    }

    /** Adds a member to the emptiest step; the clock starts with its first member. */
    public void add(Tickable member) {
        assert loop.inEventLoop();
        if (stopped || slotOf.containsKey(member)) {
            return;
        }
        int emptiest = 0;
        for (int i = 1; i < SLOTS; i++) {
            if (slots.get(i).size() < slots.get(emptiest).size()) {
                emptiest = i;
            }
        }
        slots.get(emptiest).add(member);
        slotOf.put(member, emptiest);
        if (next == null) {
            startNanos = nanoTime.getAsLong();
            step = 0;
            schedule();
        }
    }

    public void remove(Tickable member) {
        assert loop.inEventLoop();
        Integer slot = slotOf.remove(member);
        if (slot != null) {
            slots.get(slot).remove(member);
        }
    }

    public int size() {
        return slotOf.size();
    }

    /** Ticks skipped because the loop was too far behind. */
    public long slips() {
        return slips;
    }

    /** Whole ticks run since the clock (re)started. */
    public long ticks() {
        return step / SLOTS;
    }

    /** Stops ticking (engine stop). */
    public void stop() {
        stopped = true;
        if (next != null) {
            next.run();
        }
    }

    private void schedule() {
        long due = startNanos + (step + 1) * STEP_NANOS;
        next = scheduler.schedule(this::onTimer, Math.max(0, due - nanoTime.getAsLong()));
    }

    /** The timer of the next step; package-private for tests. */
    void onTimer() {
        if (stopped) {
            return;
        }
        if (slotOf.isEmpty()) {
            next = null; // idle: restart on the next add
            return;
        }
        long now = nanoTime.getAsLong();
        long behind = (now - startNanos) / STEP_NANOS - step;
        if (behind > (long) MAX_CATCH_UP * SLOTS) {
            long skipped = behind - 1;
            slips += skipped / SLOTS;
            step += skipped;
            log.debug("media clock fell {} ticks behind; skipped ahead", skipped / SLOTS);
            behind = 1;
        }
        for (long i = 0; i < Math.max(1, behind); i++) {
            runStep(now);
        }
        schedule();
    }

    private void runStep(long now) {
        List<Tickable> slot = slots.get((int) (step % SLOTS));
        long tick = step / SLOTS + 1;
        step++;
        if (slot.isEmpty()) {
            return;
        }
        snapshot.clear();
        snapshot.addAll(slot);
        for (int i = 0; i < snapshot.size(); i++) {
            Tickable t = snapshot.get(i);
            try {
                t.tick(tick, now);
            } catch (RuntimeException e) {
                remove(t);
                log.error("media clock member {} failed and was removed", t, e);
            }
        }
    }
}
