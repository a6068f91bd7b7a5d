package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import java.time.Duration;
import org.atende.sip.transport.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the four RFC 3261 §17 state machines share: the state field, transitions (logged at DEBUG with Call-ID
 * and branch), timers that run through the layer, and sends whose failures come back as
 * {@link #onTransportError}. Everything here runs on the layer's owning event loop.
 */
abstract class AbstractTransaction {

    private static final Logger log = LoggerFactory.getLogger(AbstractTransaction.class);

    final TransactionLayer layer;
    /** The request; null once a non-INVITE server transaction completed on UDP (see {@link #releaseRequest}). */
    SIPRequest request;
    final String method;
    final String callId;
    final String branch;
    /** Reliable transport (TCP): no retransmissions, zero-length Timers D, I, J, K. */
    final boolean reliable;
    final SipTimers timers;
    private TransactionState state;

    AbstractTransaction(TransactionLayer layer, SIPRequest request, boolean reliable) {
        this.layer = layer;
        this.request = request;
        this.method = request.getMethod();
        this.callId = TransactionKeys.callId(request);
        this.branch = TransactionKeys.branch(request);
        this.reliable = reliable;
        this.timers = layer.timerValues();
    }

    public final TransactionState state() {
        return state;
    }

    public final SIPRequest request() {
        return request;
    }

    /**
     * Drops the parsed request: a transaction that only waits for retransmissions (Timer J, 32 s on UDP) then
     * keeps a few strings instead of the whole message graph, which under a registration storm is most of the heap.
     */
    final void releaseRequest() {
        request = null;
    }

    /** Human-readable machine name for logs: "INVITE server", "non-INVITE client"… */
    abstract String kind();

    /** Cancels every running timer; called once on entering TERMINATED. */
    abstract void cancelTimers();

    /** The transport reported a failure for a message this transaction sent. Runs on the owning loop. */
    abstract void onTransportError(Throwable cause);

    /** Called by {@link #terminate} after the TU notice: server transactions tell their listener. */
    void onTerminated() {
    }

    /** Enters the first state; called once by the layer after filing the transaction. */
    final void enterInitial(TransactionState initial) {
        state = initial;
        log.debug("{} {} created in {} (Call-ID {}, branch {})", kind(), method, initial, callId, branch);
        layer.transitioned(this, null, initial);
    }

    /** Moves to {@code to} (not TERMINATED: use {@link #terminate}). No-op if already there. */
    final void transition(TransactionState to) {
        TransactionState from = state;
        if (from == to) {
            return;
        }
        if (from == TransactionState.TERMINATED) {
            throw new IllegalStateException(kind() + " transaction left TERMINATED for " + to);
        }
        state = to;
        log.debug("{} {} {} -> {} (Call-ID {}, branch {})", kind(), method, from, to, callId, branch);
        layer.transitioned(this, from, to);
    }

    /**
     * Enters TERMINATED: timers cancelled, transaction removed from the layer's tables, then {@code notice}
     * (the TU callback explaining why, or null) runs, then {@link #onTerminated}.
     */
    final void terminate(Runnable notice) {
        if (state == TransactionState.TERMINATED) {
            return;
        }
        transition(TransactionState.TERMINATED);
        cancelTimers();
        layer.remove(this);
        if (notice != null) {
            notice.run();
        }
        onTerminated();
    }

    final boolean isTerminated() {
        return state == TransactionState.TERMINATED;
    }

    /** Schedules {@code task} on the owning loop; it is skipped if the transaction has terminated meanwhile. */
    final TimerService.Timer schedule(Duration delay, Runnable task) {
        return layer.schedule(delay, () -> {
            if (!isTerminated()) {
                task.run();
            }
        });
    }

    final void send(SIPMessage message, Endpoint destination) {
        layer.send(message, destination, this);
    }

    final void sendEncoded(byte[] encoded, Endpoint destination) {
        layer.sendEncoded(encoded, destination, this);
    }

    static void cancel(TimerService.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Doubles a retransmission interval, capped at {@code cap} (null: no cap, as for Timer A). */
    static Duration doubled(Duration interval, Duration cap) {
        Duration next = interval.multipliedBy(2);
        return cap != null && next.compareTo(cap) > 0 ? cap : next;
    }

    @Override
    public String toString() {
        return kind() + "[" + method + " " + state + " branch=" + branch + " Call-ID=" + callId + "]";
    }
}
