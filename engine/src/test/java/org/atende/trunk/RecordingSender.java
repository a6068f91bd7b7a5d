package org.atende.trunk;

import gov.nist.javax.sip.message.SIPMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.SipSender;

/**
 * A {@link SipSender} that records what would go on the wire, with when (the manual clock) and where. It can be told
 * to fail every send; the failure is reported inline, on the calling thread. Trimmed copy of the transaction tests'
 * fixture.
 */
final class RecordingSender implements SipSender {

    record Sent(SIPMessage message, Endpoint destination, long atMillis) {
    }

    private final ManualTimerService clock;
    private final List<Sent> sent = new ArrayList<>();
    private boolean failing;

    RecordingSender(ManualTimerService clock) {
        this.clock = clock;
    }

    @Override
    public void send(SIPMessage message, Endpoint destination, SendListener listener) {
        if (failing) {
            listener.onFailure(new IOException("connection refused (test)"));
            return;
        }
        sent.add(new Sent(message, destination, clock.elapsed().toMillis()));
    }

    void failAll() {
        failing = true;
    }

    void deliverAll() {
        failing = false;
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }
}
