package org.atende.sip.transaction;

import static org.atende.sip.transaction.TransactionState.ACCEPTED;
import static org.atende.sip.transaction.TransactionState.COMPLETED;
import static org.atende.sip.transaction.TransactionState.CONFIRMED;
import static org.atende.sip.transaction.TransactionState.PROCEEDING;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Duration;
import org.atende.sip.transport.Endpoint;

/**
 * INVITE server transaction, RFC 3261 §17.2.1, Figure 7, with the Accepted state of RFC 6026 (Figure 7 there).
 * Runs on the owning event loop.
 *
 * <pre>{@code
 *                               |INVITE
 *                               |pass INV to TU, send 100 Trying
 *            INVITE             V
 *            send response+-----------+
 *                +--------|           |--------+ 101-199 from TU
 *                |        | Proceeding|        | send response
 *                +------->|           |<-------+
 *                         |           |  Transport Err.
 *                         |           |  Inform TU
 *                         |           |--------------------------------------+
 *                         +-----------+                                      |
 *            300-699 from TU |     |2xx from TU                              |
 *            send response   |     |send response                            |
 *                            |     +------------------+                      |
 *                            |                        |                      |
 *           INVITE           V          Timer G fires |                      |
 *           send response+-----------+  send response |                      |
 *               +--------|           |--------+       |                      |
 *               |        | Completed |        |       |                      |
 *               +------->|           |<-------+       V                      |
 *                        +-----------+           +-----------+ INVITE / -    |
 *                          |     |               |           |-----+         |
 *      Timer H fires       |     |               | Accepted  |     |         |
 *      Inform TU, or       |     |               |           |<----+         |
 *      Transport Err.      |     |ACK            +-----------+               |
 *      Inform TU           |     |-                 |    Timer (UDP) / send 2xx
 *                          |     V                  |    2xx from TU / send 2xx
 *                          |  +-----------+         |    ACK / to TU, stop 2xx
 *                          |  |           |         |    retransmissions
 *                          |  | Confirmed |         |
 *                          |  |           |         |Timer L fires
 *                          |  +-----------+         |Inform TU if no ACK came,
 *                          |     |                  |or Transport Err.
 *                          |     |Timer I fires     |Inform TU
 *                          |     |-                 |
 *                          |     V                  |
 *                          |  +-----------+         |
 *                          +->|           |<--------+
 *                             | Terminated|<-----------------------------------+
 *                             |           |
 *                             +-----------+
 * }</pre>
 *
 * Departures from the letter of RFC 6026, chosen for Atende's B2BUA: this transaction itself retransmits the 2xx
 * on UDP (T1 doubling, capped at T2) until the ACK arrives, the job RFC 3261 §13.3.1.4 gives the UAS core; the
 * ACK (its own transaction, a new branch) is recognised by Call-ID, CSeq number and To tag and handed to
 * {@link TransactionUser#onAck}. Timer G is UDP only; Timer I is T4 on UDP and zero on TCP; Timers H and L are
 * 64*T1.
 */
final class InviteServerTransaction extends AbstractServerTransaction {

    /** The key this transaction is filed under while it waits for the ACK of its 2xx; null before. */
    TransactionKeys.AckKey ackKey;

    private TimerService.Timer timerG;
    private TimerService.Timer timerH;
    private TimerService.Timer timerI;
    private TimerService.Timer timerL;
    private TimerService.Timer retransmit2xx;
    private Duration interval;
    /** The 2xx that moved the transaction to ACCEPTED, then the latest 2xx the TU passed down. */
    private SIPResponse accepted;
    private boolean ackReceived;

    InviteServerTransaction(TransactionLayer layer, SIPRequest request, Endpoint source, TransactionKeys.ServerKey key,
                            TransactionKeys.MergeKey mergeKey) {
        super(layer, request, source, key, mergeKey);
    }

    /** Enters PROCEEDING and sends 100 Trying at once (RFC 3261 §17.2.1). */
    void start() {
        enterInitial(PROCEEDING);
        SIPResponse trying = request.createResponse(100);
        lastResponse = trying;
        send(trying, source);
    }

    @Override
    String kind() {
        return "INVITE server";
    }

    @Override
    public boolean isInvite() {
        return true;
    }

    /** True until a final response was sent: the window in which a CANCEL reaches the TU. */
    boolean awaitsFinalResponse() {
        return state() == PROCEEDING;
    }

    @Override
    void onRetransmission(SIPRequest retransmission) {
        switch (state()) {
            case PROCEEDING, COMPLETED -> sendLastResponse();
            default -> { } // ACCEPTED, CONFIRMED: absorbed
        }
    }

    @Override
    void onResponseFromTu(SIPResponse response) {
        switch (state()) {
            case PROCEEDING -> {
                lastResponse = response;
                send(response, source);
                if (isSuccess(response)) {
                    enterAccepted(response);
                } else if (!isProvisional(response)) {
                    enterCompleted();
                }
            }
            case ACCEPTED -> {
                if (isSuccess(response)) {
                    accepted = response;
                    send(response, source);
                } else {
                    dropResponse(response);
                }
            }
            default -> dropResponse(response);
        }
    }

    @Override
    public boolean acknowledged() {
        return ackReceived;
    }

    /**
     * An ACK matched this transaction: by branch (non-2xx ACK, or a peer reusing the INVITE's branch) or, in
     * ACCEPTED, by Call-ID, CSeq number and To tag.
     */
    void onAck(SIPRequest ack, Endpoint ackSource) {
        switch (state()) {
            case COMPLETED -> enterConfirmed();
            case ACCEPTED -> {
                ackReceived = true;
                cancel(retransmit2xx);
                retransmit2xx = null;
                // until Timer L only retransmitted INVITEs are absorbed: the parsed messages are not needed
                accepted = null;
                lastResponse = null;
                releaseRequest();
                layer.user().onAck(ack, ackSource);
            }
            default -> TransactionLayer.log.debug("INVITE server in {} ignores ACK (Call-ID {}, branch {})",
                    state(), callId, branch);
        }
    }

    private void enterCompleted() {
        transition(COMPLETED);
        if (!reliable) {
            interval = timers.t1();
            timerG = schedule(interval, this::timerG);
        }
        timerH = schedule(timers.timerH(), this::timerH);
    }

    private void timerG() {
        if (state() == COMPLETED) {
            sendLastResponse();
            interval = doubled(interval, timers.t2());
            timerG = schedule(interval, this::timerG);
        }
    }

    private void timerH() {
        if (state() == COMPLETED) {
            terminate(() -> listener.onAckTimeout(this));
        }
    }

    private void enterConfirmed() {
        cancel(timerG);
        cancel(timerH);
        transition(CONFIRMED);
        Duration i = timers.timerI(reliable);
        if (i.isZero()) {
            terminate(null);
        } else {
            timerI = schedule(i, () -> terminate(null));
        }
    }

    private void enterAccepted(SIPResponse ok) {
        accepted = ok;
        transition(ACCEPTED);
        layer.fileAccepted(this, ok);
        timerL = schedule(timers.timerL(), this::timerL);
        if (!reliable) {
            interval = timers.t1();
            retransmit2xx = schedule(interval, this::retransmit2xx);
        }
    }

    private void retransmit2xx() {
        if (state() == ACCEPTED && !ackReceived) {
            send(accepted, source);
            interval = doubled(interval, timers.t2());
            retransmit2xx = schedule(interval, this::retransmit2xx);
        }
    }

    private void timerL() {
        terminate(ackReceived ? null : () -> listener.onAckTimeout(this));
    }

    @Override
    void cancelTimers() {
        cancel(timerG);
        cancel(timerH);
        cancel(timerI);
        cancel(timerL);
        cancel(retransmit2xx);
    }
}
