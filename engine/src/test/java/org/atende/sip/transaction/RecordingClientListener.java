package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.List;

/** Records what one or more client transactions report to their TU. */
final class RecordingClientListener implements ClientTransaction.Listener {

    final List<SIPResponse> responses = new ArrayList<>();
    final List<ClientTransaction> timeouts = new ArrayList<>();
    final List<Throwable> transportErrors = new ArrayList<>();
    /** Everything, in order: "1xx", "2xx"…, "timeout", "error". */
    final List<String> events = new ArrayList<>();

    @Override
    public void onResponse(ClientTransaction tx, SIPResponse response) {
        responses.add(response);
        events.add(response.getStatusCode() / 100 + "xx");
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        timeouts.add(tx);
        events.add("timeout");
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
        transportErrors.add(cause);
        events.add("error");
    }

    List<Integer> statuses() {
        return responses.stream().map(SIPResponse::getStatusCode).toList();
    }
}
