package org.atende.sip.transaction;

import static org.atende.sip.transaction.TransactionState.COMPLETED;
import static org.atende.sip.transaction.TransactionState.PROCEEDING;
import static org.atende.sip.transaction.TransactionState.TRYING;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Duration;
import javax.sip.header.ReasonHeader;
import org.atende.sip.transport.Endpoint;

/**
 * Non-INVITE client transaction, RFC 3261 §17.1.2, Figure 6. Runs on the owning event loop.
 *
 * <pre>{@code
 *                                    |Request from TU
 *                                    |send request
 *                Timer E             V
 *                send request  +-----------+
 *                    +---------|           |-------------------+
 *                    |         |  Trying   |  Timer F          |
 *                    +-------->|           |  or Transport Err.|
 *                              +-----------+  inform TU        |
 *                 200-699         |  |                         |
 *                 resp. to TU     |  |1xx                      |
 *                 +---------------+  |resp. to TU              |
 *                 |                  |                         |
 *                 |   Timer E        V       Timer F           |
 *                 |   send req +-----------+ or Transport Err. |
 *                 |  +---------|           | inform TU         |
 *                 |  |         |Proceeding |------------------>|
 *                 |  +-------->|           |-----+             |
 *                 |            +-----------+     |1xx          |
 *                 |              |      ^        |resp to TU   |
 *                 | 200-699      |      +--------+             |
 *                 | resp. to TU  |                             |
 *                 |              |                             |
 *                 |              V                             |
 *                 |            +-----------+                   |
 *                 |            |           |                   |
 *                 |            | Completed |                   |
 *                 |            |           |                   |
 *                 |            +-----------+                   |
 *                 |              ^   |                         |
 *                 |              |   | Timer K                 |
 *                 +--------------+   | -                       |
 *                                    |                         |
 *                                    V                         |
 *              NOTE:           +-----------+                   |
 *                              |           |                   |
 *          transitions         | Terminated|<------------------+
 *          labeled with        |           |
 *          the event           +-----------+
 *          over the action
 *          to take
 * }</pre>
 *
 * Timer E (UDP only) starts at T1 and doubles up to T2 in Trying, and is T2 in Proceeding; Timer F is 64*T1;
 * Timer K is T4 on UDP and zero on TCP. Retransmitted final responses are absorbed in Completed.
 */
final class NonInviteClientTransaction extends AbstractClientTransaction {

    private TimerService.Timer timerE;
    private TimerService.Timer timerF;
    private TimerService.Timer timerK;
    private Duration interval;

    NonInviteClientTransaction(TransactionLayer layer, SIPRequest request, Endpoint destination, Listener listener) {
        super(layer, request, destination, listener);
    }

    @Override
    String kind() {
        return "non-INVITE client";
    }

    /** Not an INVITE: no effect (RFC 3261 §9.1 only cancels INVITEs). */
    @Override
    public void cancel(ReasonHeader reason) {
    }

    @Override
    void start() {
        enterInitial(TRYING);
        send(request, destination);
        if (!reliable) {
            interval = timers.t1();
            timerE = schedule(interval, this::timerE);
        }
        timerF = schedule(timers.timerF(), this::timerF);
    }

    private void timerE() {
        switch (state()) {
            case TRYING -> interval = doubled(interval, timers.t2());
            case PROCEEDING -> interval = timers.t2();
            default -> {
                return;
            }
        }
        send(request, destination);
        timerE = schedule(interval, this::timerE);
    }

    private void timerF() {
        switch (state()) {
            case TRYING, PROCEEDING -> terminate(() -> listener.onTimeout(this));
            default -> { }
        }
    }

    @Override
    void onResponse(SIPResponse response) {
        switch (state()) {
            case TRYING, PROCEEDING -> {
                if (response.getStatusCode() < 200) {
                    transition(PROCEEDING);
                } else {
                    enterCompleted();
                }
                listener.onResponse(this, response);
            }
            default -> { } // COMPLETED: retransmitted finals absorbed
        }
    }

    private void enterCompleted() {
        cancel(timerE);
        cancel(timerF);
        transition(COMPLETED);
        Duration k = timers.timerK(reliable);
        if (k.isZero()) {
            terminate(null);
        } else {
            timerK = schedule(k, () -> terminate(null));
        }
    }

    @Override
    void onTransportError(Throwable cause) {
        switch (state()) {
            case TRYING, PROCEEDING -> terminate(() -> listener.onTransportError(this, cause));
            default -> { } // COMPLETED: the TU already has its final response
        }
    }

    @Override
    void cancelTimers() {
        cancel(timerE);
        cancel(timerF);
        cancel(timerK);
    }
}
