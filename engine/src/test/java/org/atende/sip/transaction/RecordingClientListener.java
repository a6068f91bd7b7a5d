package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.List;

/** Records what one or more client transactions report to their TU. */
final class RecordingClientListener implements ClientTransaction.Listener {

    final List<SIPResponse> responses = new ArrayList<>();
    final List<ClientTransaction> timeouts = new ArrayList<>();
    final List<Throwable> transportErrors = new ArrayList<>();

    @Override
    public void onResponse(ClientTransaction tx, SIPResponse response) {
        responses.add(response);
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        timeouts.add(tx);
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
        transportErrors.add(cause);
    }

    List<Integer> statuses() {
        return responses.stream().map(SIPResponse::getStatusCode).toList();
    }
}
