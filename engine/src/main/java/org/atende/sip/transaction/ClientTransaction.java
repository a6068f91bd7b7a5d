package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import javax.sip.header.ReasonHeader;
import org.atende.sip.transport.Endpoint;

/** A client transaction (RFC 3261 §17.1). All methods run on the owning event loop. */
public interface ClientTransaction {

    SIPRequest request();

    Endpoint destination();

    TransactionState state();

    /**
     * For an INVITE: sends a CANCEL (RFC 3261 §9.1) in its own non-INVITE client transaction, once a
     * provisional response has arrived (immediately if one already has). If no final response follows
     * within 64*T1, the INVITE transaction ends with {@link Listener#onTimeout}. No effect once a final
     * response arrived or for non-INVITE transactions. The CANCEL carries no Reason.
     */
    default void cancel() {
        cancel(null);
    }

    /**
     * {@link #cancel()} with the CANCEL carrying {@code reason} (RFC 3326), null for none: say why the INVITE is
     * cancelled, e.g. {@code SIP;cause=200} when another fork answered. Only the first cancel of a transaction counts.
     */
    void cancel(ReasonHeader reason);

    /** Responses and failures of one client transaction. Run on the owning event loop. */
    interface Listener {
        /**
         * Every provisional and final response. For an INVITE: non-2xx finals are ACKed by the
         * transaction itself; 2xx responses (and their retransmissions, while the transaction is in
         * ACCEPTED for Timer M) are passed up and the TU sends the ACK.
         */
        void onResponse(ClientTransaction tx, SIPResponse response);

        /** Timer B or F fired with no final response: the TU treats it as 408. */
        void onTimeout(ClientTransaction tx);

        /** The transport failed (connection refused, unreachable): the TU treats it as 503. */
        void onTransportError(ClientTransaction tx, Throwable cause);
    }
}
