package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.atende.sip.transport.Endpoint;

/** A TU that records what the layer hands it; optionally reacts to new server transactions. */
final class RecordingUser implements TransactionUser, ServerTransaction.Listener {

    final List<ServerTransaction> requests = new ArrayList<>();
    final List<SIPRequest> cancels = new ArrayList<>();
    final List<SIPRequest> acks = new ArrayList<>();
    final List<SIPResponse> strays = new ArrayList<>();
    final List<ServerTransaction> ackTimeouts = new ArrayList<>();
    final List<ServerTransaction> transportErrors = new ArrayList<>();
    final List<ServerTransaction> terminated = new ArrayList<>();
    private Consumer<ServerTransaction> onRequest = tx -> { };
    private Consumer<ServerTransaction> onCancel = tx -> { };

    /** What to do with each new server transaction (after the user registered itself as its listener). */
    RecordingUser answering(Consumer<ServerTransaction> action) {
        this.onRequest = action;
        return this;
    }

    /** What to do with the INVITE transaction a CANCEL targets (a B2BUA answers it 487). */
    RecordingUser onCancelDo(Consumer<ServerTransaction> action) {
        this.onCancel = action;
        return this;
    }

    ServerTransaction lastRequest() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void onRequest(ServerTransaction tx) {
        requests.add(tx);
        tx.setListener(this);
        onRequest.accept(tx);
    }

    @Override
    public void onCancel(ServerTransaction invite, SIPRequest cancel) {
        cancels.add(cancel);
        onCancel.accept(invite);
    }

    @Override
    public void onAck(SIPRequest ack, Endpoint source) {
        acks.add(ack);
    }

    @Override
    public void onStrayResponse(SIPResponse response, Endpoint source) {
        strays.add(response);
    }

    @Override
    public void onAckTimeout(ServerTransaction tx) {
        ackTimeouts.add(tx);
    }

    @Override
    public void onTransportError(ServerTransaction tx, Throwable cause) {
        transportErrors.add(tx);
    }

    @Override
    public void onTerminated(ServerTransaction tx) {
        terminated.add(tx);
    }
}
