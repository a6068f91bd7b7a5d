package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import org.atende.sip.transport.Endpoint;

/** Shared part of the INVITE and non-INVITE client transactions. Runs on the owning event loop. */
abstract sealed class AbstractClientTransaction extends AbstractTransaction implements ClientTransaction
        permits InviteClientTransaction, NonInviteClientTransaction {

    final Endpoint destination;
    final Listener listener;
    final TransactionKeys.ClientKey key;

    AbstractClientTransaction(TransactionLayer layer, SIPRequest request, Endpoint destination, Listener listener) {
        super(layer, request, destination.transport().reliable());
        this.destination = destination;
        this.listener = listener;
        this.key = TransactionKeys.clientKey(request);
    }

    @Override
    public final Endpoint destination() {
        return destination;
    }

    /** Sends the request and arms the first timers. Called once by the layer after filing the transaction. */
    abstract void start();

    /** A response whose branch and CSeq method match this transaction (RFC 3261 §17.1.3). */
    abstract void onResponse(SIPResponse response);
}
