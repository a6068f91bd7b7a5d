package org.atende.sip.transaction;

import static org.atende.sip.transaction.TransactionState.ACCEPTED;
import static org.atende.sip.transaction.TransactionState.CALLING;
import static org.atende.sip.transaction.TransactionState.COMPLETED;
import static org.atende.sip.transaction.TransactionState.PROCEEDING;

import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.time.Duration;
import javax.sip.SipException;
import javax.sip.header.ReasonHeader;
import org.atende.sip.transport.Endpoint;

/**
 * INVITE client transaction, RFC 3261 §17.1.1, Figure 5, with the Accepted state of RFC 6026 (Figure 5 there).
 * Runs on the owning event loop.
 *
 * <pre>{@code
 *                                |INVITE from TU
 *              Timer A fires     |INVITE sent
 *              Reset A,          V                      Timer B fires
 *              INVITE sent +-----------+                or Transport Err.
 *                +---------|           |---------------+inform TU
 *                |         |  Calling  |               |
 *                +-------->|           |---------+     |
 *                          +-----------+ 2xx     |     |
 *                             |  |    2xx to TU  |     |
 *                             |  |1xx            |     |
 *     300-699 +---------------+  |1xx to TU,     |     |
 *    ACK sent |                  |pending CANCEL |     |
 * resp. to TU |                  |sent           |     |
 *             |  1xx             V               |     |
 *             |  1xx to TU +-----------+         |     |
 *             |  +---------|           |         |     |
 *             |  |         |Proceeding |---------+     |
 *             |  +-------->|           | 2xx     |     |
 *             |            +-----------+ 2xx to TU     |
 *             |       300-699  |     |           |     |
 *             |      ACK sent, |     |64*T1 after our CANCEL
 *             |    resp. to TU |     |or Transport Err.
 *             |                |     |inform TU  |     |
 *             |                |     +-----------|---->|
 *             |  300-699       V                 V     |
 *             |  ACK sent +-----------+    +-----------+  2xx
 *             |  +--------|           |    |           |--------+
 *             |  |        | Completed |    | Accepted  |  2xx to TU
 *             |  +------->|           |    |           |<-------+
 *             +---------->+-----------+    +-----------+       |
 *                          |                 |                 |
 *         Timer D fires or |                 |Timer M fires    |
 *         Transport Err.   |                 |-                |
 *         -                V                 V                 |
 *                         +---------------------------+        |
 *                         |        Terminated         |<-------+
 *                         +---------------------------+
 * }</pre>
 *
 * Timer A (UDP only) starts at T1 and doubles without a cap; Timer B is 64*T1; Timer D is 32 s on UDP and zero
 * on TCP; Timer M is 64*T1. The ACK for a non-2xx final reuses the INVITE's branch and carries the response's To
 * (RFC 3261 §17.1.1.3); the ACK for a 2xx is the TU's. {@link #cancel()} follows RFC 3261 §9.1: the CANCEL waits
 * for a provisional response, and carries the Reason (RFC 3326) the TU gave, if any.
 */
final class InviteClientTransaction extends AbstractClientTransaction {

    private static final Listener CANCEL_LISTENER = new Listener() {
        @Override
        public void onResponse(ClientTransaction tx, SIPResponse response) {
            TransactionLayer.log.debug("CANCEL answered {} (Call-ID {})", response.getStatusCode(),
                    TransactionKeys.callId(response));
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            TransactionLayer.log.debug("CANCEL timed out (Call-ID {})", TransactionKeys.callId(tx.request()));
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            TransactionLayer.log.debug("CANCEL not delivered (Call-ID {}): {}", TransactionKeys.callId(tx.request()),
                    cause.toString());
        }
    };

    private TimerService.Timer timerA;
    private TimerService.Timer timerB;
    private TimerService.Timer timerD;
    private TimerService.Timer timerM;
    private TimerService.Timer cancelTimer;
    private Duration interval;
    private SIPRequest ack;
    private boolean cancelRequested;
    private boolean cancelSent;
    /** The Reason the TU gave for cancelling, or null; kept while the CANCEL waits for a provisional response. */
    private ReasonHeader cancelReason;

    InviteClientTransaction(TransactionLayer layer, SIPRequest request, Endpoint destination, Listener listener) {
        super(layer, request, destination, listener);
    }

    @Override
    String kind() {
        return "INVITE client";
    }

    /** Runs on the owning event loop. See {@link ClientTransaction#cancel(ReasonHeader)}. */
    @Override
    public void cancel(ReasonHeader reason) {
        layer.dispatch(() -> requestCancel(reason));
    }

    private void requestCancel(ReasonHeader reason) {
        if (cancelRequested || (state() != CALLING && state() != PROCEEDING)) {
            return;
        }
        cancelRequested = true;
        cancelReason = reason;
        if (state() == PROCEEDING) {
            sendCancel();
        } else {
            TransactionLayer.log.debug("CANCEL deferred until a provisional response (Call-ID {}, branch {})",
                    callId, branch);
        }
    }

    private void sendCancel() {
        cancelSent = true;
        SIPRequest cancel;
        try {
            cancel = request.createCancelRequest();
        } catch (SipException e) {
            throw new IllegalStateException("cannot build CANCEL for " + request.getFirstLine(), e);
        }
        if (cancelReason != null) {
            cancel.setHeader(cancelReason);
        }
        layer.startClient(cancel, destination, CANCEL_LISTENER);
        cancelTimer = schedule(timers.timerB(), this::cancelTimedOut);
    }

    private void cancelTimedOut() {
        if (state() == PROCEEDING) {
            terminate(() -> listener.onTimeout(this));
        }
    }

    @Override
    void start() {
        enterInitial(CALLING);
        send(request, destination);
        if (!reliable) {
            interval = timers.t1();
            timerA = schedule(interval, this::timerA);
        }
        timerB = schedule(timers.timerB(), this::timerB);
    }

    private void timerA() {
        if (state() == CALLING) {
            send(request, destination);
            interval = doubled(interval, null);
            timerA = schedule(interval, this::timerA);
        }
    }

    private void timerB() {
        if (state() == CALLING) {
            terminate(() -> listener.onTimeout(this));
        }
    }

    @Override
    void onResponse(SIPResponse response) {
        int status = response.getStatusCode();
        switch (state()) {
            case CALLING, PROCEEDING -> {
                if (status < 200) {
                    onProvisional(response);
                } else if (status < 300) {
                    enterAccepted();
                    listener.onResponse(this, response);
                } else {
                    enterCompleted(response);
                    listener.onResponse(this, response);
                }
            }
            case ACCEPTED -> {
                if (status >= 200 && status < 300) {
                    listener.onResponse(this, response);
                }
            }
            case COMPLETED -> {
                if (status >= 300) {
                    send(ack, destination);
                }
            }
            default -> { }
        }
    }

    private void onProvisional(SIPResponse response) {
        cancel(timerA);
        cancel(timerB);
        transition(PROCEEDING);
        listener.onResponse(this, response);
        if (cancelRequested && !cancelSent && state() == PROCEEDING) {
            sendCancel();
        }
    }

    private void enterAccepted() {
        cancelRunningTimers();
        transition(ACCEPTED);
        releaseRequest(); // Timer M only passes retransmitted 2xx up, matched by key: the request is not needed
        timerM = schedule(timers.timerM(), () -> terminate(null));
    }

    private void enterCompleted(SIPResponse response) {
        cancelRunningTimers();
        ack = errorAck(response);
        send(ack, destination);
        transition(COMPLETED);
        Duration d = timers.timerD(reliable);
        if (d.isZero()) {
            terminate(null);
        } else {
            timerD = schedule(d, () -> terminate(null));
        }
    }

    /** RFC 3261 §17.1.1.3: same Request-URI, Call-ID, From, CSeq number, top Via (branch) and Route; the response's To. */
    private SIPRequest errorAck(SIPResponse response) {
        try {
            return request.createErrorAck((To) response.getTo());
        } catch (SipException | ParseException e) {
            throw new IllegalStateException("cannot build ACK for " + response.getFirstLine(), e);
        }
    }

    private void cancelRunningTimers() {
        cancel(timerA);
        cancel(timerB);
        cancel(cancelTimer);
    }

    @Override
    void onTransportError(Throwable cause) {
        switch (state()) {
            case CALLING, PROCEEDING -> terminate(() -> listener.onTransportError(this, cause));
            case COMPLETED -> terminate(null); // the ACK failed; the TU already has the final response
            default -> { }
        }
    }

    @Override
    void cancelTimers() {
        cancel(timerA);
        cancel(timerB);
        cancel(timerD);
        cancel(timerM);
        cancel(cancelTimer);
    }
}
