package org.atende.call;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Requirements;

/**
 * A call in an ACD queue whose part a test plays, without SIP: it enters a queue, records what the ACD asks of it
 * and answers as the test says. For the other call in a crossing, and for holding the ACD's thread; never the
 * call under test, which is a real one.
 */
public final class ScriptedCall implements QueueService.Member {

    private final QueueService acd;
    private final String id;
    private final boolean entered;
    private final BlockingQueue<String> offers = new LinkedBlockingQueue<>();
    private final CountDownLatch overflowed = new CountDownLatch(1);
    private volatile Runnable onOverflow = () -> { };
    /** Set for a hold: the ACD thread waits in {@link #queued} until released. */
    private final Hold hold;

    private ScriptedCall(QueueService acd, String id, String queue, Hold hold) {
        this.acd = acd;
        this.id = id;
        this.hold = hold;
        this.entered = queue != null && acd.enqueue(this, queue, Requirements.NONE);
    }

    /** A scripted call that enters no queue itself (a callback the ACD restores serves through it). */
    public static ScriptedCall member(QueueService acd, String id) {
        return new ScriptedCall(acd, id, null, null);
    }

    /** A scripted call enters {@code queue}. */
    public static ScriptedCall enter(QueueService acd, String id, String queue) {
        return new ScriptedCall(acd, id, queue, null);
    }

    /**
     * Holds the ACD's thread: a scripted call enters {@code queue} (one no other call uses) and keeps the thread
     * in its "queued" callback until {@link Hold#close}. Messages sent meanwhile wait, in order.
     */
    public static Hold hold(QueueService acd, String queue) throws InterruptedException {
        Hold hold = new Hold();
        hold.call = new ScriptedCall(acd, "hold-" + System.nanoTime(), queue, hold);
        if (!hold.held.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the ACD thread did not reach the hold");
        }
        return hold;
    }

    /** {@code count} messages for the ACD (ends of calls it never knew), each changing nothing. */
    public static void backlog(QueueService acd, int count) {
        for (int i = 0; i < count; i++) {
            acd.callEnded("long-gone-" + i);
        }
    }

    /** The ACD's queue depth beyond which new callers are refused. */
    public static int maxPending() {
        return QueueService.MAX_PENDING;
    }

    /** Whether the ACD took the call in. */
    public boolean entered() {
        return entered;
    }

    /** Runs on the ACD's thread when the ACD sends the call to its overflow, before the rest of that decision. */
    public ScriptedCall onOverflow(Runnable action) {
        this.onOverflow = action;
        return this;
    }

    /** The next agent the ACD offers this call to, or null after {@code timeout}. */
    public String awaitOffer(Duration timeout) throws InterruptedException {
        return offers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean awaitOverflow(Duration timeout) throws InterruptedException {
        return overflowed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code agent} answered this call. */
    public void answer(String agent) {
        acd.offerAnswered(id, agent);
    }

    /** The call is over. */
    public void end() {
        acd.callEnded(id);
    }

    // ---- the ACD's side (its thread) ----

    @Override
    public String callId() {
        return id;
    }

    @Override
    public void queued(String queue, int position, boolean relaxed) {
        if (hold != null) {
            hold.held.countDown();
            try {
                if (!hold.released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("ACD hold never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void offer(String agent, String extension, Duration ringTimeout) {
        offers.add(agent);
    }

    @Override
    public void cancelOffer(String agent, org.atende.acd.AcdCommand.CancelOffer.Why why) {
    }

    @Override
    public void refused(String queue, String reason) {
        onOverflow.run();
    }

    @Override
    public void overflow(String queue, org.atende.config.flow.Node.Target target, String reason) {
        onOverflow.run();
        overflowed.countDown();
    }

    /** The ACD's thread held by a scripted call; closing releases it and ends that call. */
    public static final class Hold implements AutoCloseable {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private ScriptedCall call;

        @Override
        public void close() {
            if (released.getCount() > 0) {
                released.countDown();
                call.end();
            }
        }
    }
}
