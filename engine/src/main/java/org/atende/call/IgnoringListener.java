package org.atende.call;

import gov.nist.javax.sip.message.SIPResponse;
import org.atende.sip.transaction.ClientTransaction;

/** For requests whose outcome changes nothing (a BYE taking a leg down). */
enum IgnoringListener implements ClientTransaction.Listener {
    INSTANCE;

    @Override
    public void onResponse(ClientTransaction tx, SIPResponse response) {
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
    }
}
