package org.atende.sip.transaction;

import static org.atende.sip.transaction.TransactionState.COMPLETED;
import static org.atende.sip.transaction.TransactionState.PROCEEDING;
import static org.atende.sip.transaction.TransactionState.TRYING;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Duration;
import org.atende.sip.transport.Endpoint;

/**
 * Non-INVITE server transaction, RFC 3261 §17.2.2, Figure 8. Runs on the owning event loop.
 *
 * <pre>{@code
 *                                  |Request received
 *                                  |pass to TU
 *                                  V
 *                            +-----------+
 *                            |           |
 *                            | Trying    |-------------+
 *                            |           |             |
 *                            +-----------+             |200-699 from TU
 *                                  |                   |send response
 *                                  |1xx from TU        |
 *                                  |send response      |
 *                                  |                   |
 *               Request            V      1xx from TU  |
 *               send response+-----------+send response|
 *                   +--------|           |--------+    |
 *                   |        | Proceeding|        |    |
 *                   +------->|           |<-------+    |
 *            +<--------------|           |             |
 *            |Trnsprt Err    +-----------+             |
 *            |Inform TU            |                   |
 *            |                     |                   |
 *            |                     |200-699 from TU    |
 *            |                     |send response      |
 *            |  Request            V                   |
 *            |  send response+-----------+             |
 *            |      +--------|           |             |
 *            |      |        | Completed |<------------+
 *            |      +------->|           |
 *            +<--------------|           |
 *            |Trnsprt Err    +-----------+
 *            |Inform TU            |
 *            |                     |Timer J fires
 *            |                     |-
 *            |                     |
 *            |                     V
 *            |               +-----------+
 *            |               |           |
 *            +-------------->| Terminated|
 *                            |           |
 *                            +-----------+
 * }</pre>
 *
 * Timer J is 64*T1 on UDP and zero on TCP. Retransmitted requests are absorbed in Trying and answered with the
 * last response in Proceeding and Completed.
 */
final class NonInviteServerTransaction extends AbstractServerTransaction {

    /** When Timer J fires, on the layer's {@link TimerService#nanoTime} clock (0 before COMPLETED on UDP). */
    long timerJDeadline;

    NonInviteServerTransaction(TransactionLayer layer, SIPRequest request, Endpoint source, TransactionKeys.ServerKey key,
                               TransactionKeys.MergeKey mergeKey) {
        super(layer, request, source, key, mergeKey);
    }

    void start() {
        enterInitial(TRYING);
    }

    @Override
    String kind() {
        return "non-INVITE server";
    }

    @Override
    public boolean isInvite() {
        return false;
    }

    @Override
    void onRetransmission(SIPRequest retransmission) {
        switch (state()) {
            case PROCEEDING, COMPLETED -> sendLastResponse();
            default -> { }
        }
    }

    @Override
    void onResponseFromTu(SIPResponse response) {
        switch (state()) {
            case TRYING, PROCEEDING -> {
                if (isProvisional(response)) {
                    lastResponse = response;
                    send(response, source);
                    transition(PROCEEDING);
                } else if (reliable) {
                    lastResponse = response;
                    send(response, source);
                    enterCompleted();
                } else {
                    // encoded once: these bytes go out now and again for every retransmitted request
                    lastResponse = response;
                    releaseMessages();
                    sendEncoded(lastResponseBytes, source);
                    enterCompleted();
                }
            }
            default -> dropResponse(response);
        }
    }

    private void enterCompleted() {
        transition(COMPLETED);
        Duration j = timers.timerJ(reliable);
        if (j.isZero()) {
            terminate(null);
        } else {
            releaseMessages(); // from here on only retransmissions of the request are answered, with these bytes
            layer.awaitTimerJ(this, j);
        }
    }

    /** Timer J, fired by the layer's queue of completed transactions (one timer for all of them). */
    void onTimerJ() {
        if (state() == COMPLETED) {
            terminate(null);
        }
    }

    @Override
    void cancelTimers() {
        // Timer J is the layer's queue entry, which is skipped once this transaction has terminated
    }
}
