package org.atende.media.session;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 20 ms heartbeat of one shard's media: paces prompt playback, recording and periodic checks (RTP timeout,
 * RTCP reports) for every call pinned to the shard's event loop, so a thousand calls cost one timer, not a
 * thousand.
 *
 * <p>Ticks are due at {@code start + n × 20 ms} on the monotonic clock: a late tick does not push the next one
 * back (no drift accumulates). When the loop falls behind by up to {@link #MAX_CATCH_UP} ticks (a GC pause, a
 * burst of work) the missed ticks run at once so that players and recorders keep their place on the timeline;
 * further behind than that the clock skips ahead and counts a slip, rather than flooding the network with a
 * burst of stale audio.
 *
 * <p>Owned by one event loop: {@link #add} and {@link #remove} must be called on it.
 */
public final class MediaClock {

    /** One tick: 20 ms of audio at 8 kHz. */
    public static final long TICK_NANOS = 20_000_000L;
    public static final int TICKS_PER_SECOND = 50;
    static final int MAX_CATCH_UP = 5;

    private static final Logger log = LoggerFactory.getLogger(MediaClock.class);

    /** Something paced by the clock. */
    public interface Tickable {
        /** Called on the clock's loop once per tick; {@code tick} counts from the clock's start. */
        void tick(long tick, long nowNanos);
    }

    private final EventExecutor loop;
    private final LongSupplier nanoTime;
    private final List<Tickable> members = new ArrayList<>();
    private final List<Tickable> snapshot = new ArrayList<>();
    private long startNanos;
    private long tick;
    private long slips;
    private ScheduledFuture<?> next;
    private boolean stopped;

    public MediaClock(EventExecutor loop) {
        this(loop, System::nanoTime);
    }

    MediaClock(EventExecutor loop, LongSupplier nanoTime) {
        this.loop = loop;
        this.nanoTime = nanoTime;
    }

    public EventExecutor loop() {
        return loop;
    }

    /** Adds a member; the clock starts with its first member. */
    public void add(Tickable member) {
        assert loop.inEventLoop();
        if (stopped) {
            return;
        }
        members.add(member);
        if (next == null) {
            startNanos = nanoTime.getAsLong();
            tick = 0;
            schedule();
        }
    }

    public void remove(Tickable member) {
        assert loop.inEventLoop();
        members.remove(member);
    }

    public int size() {
        return members.size();
    }

    /** Ticks skipped because the loop was too far behind. */
    public long slips() {
        return slips;
    }

    public long ticks() {
        return tick;
    }

    /** Stops ticking (engine stop). */
    public void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
        }
    }

    private void schedule() {
        long due = startNanos + (tick + 1) * TICK_NANOS;
        next = loop.schedule(this::onTimer, Math.max(0, due - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        if (stopped) {
            return;
        }
        if (members.isEmpty()) {
            next = null; // idle: restart on the next add
            return;
        }
        long now = nanoTime.getAsLong();
        long behind = (now - startNanos) / TICK_NANOS - tick;
        if (behind > MAX_CATCH_UP) {
            slips += behind - 1;
            tick += behind - 1;
            log.debug("media clock fell {} ticks behind; skipped ahead", behind);
            behind = 1;
        }
        for (long i = 0; i < Math.max(1, behind); i++) {
            tick++;
            runTick(now);
        }
        schedule();
    }

    private void runTick(long now) {
        snapshot.clear();
        snapshot.addAll(members);
        for (int i = 0; i < snapshot.size(); i++) {
            Tickable t = snapshot.get(i);
            try {
                t.tick(tick, now);
            } catch (RuntimeException e) {
                members.remove(t);
                log.error("media clock member {} failed and was removed", t, e);
            }
        }
    }
}
