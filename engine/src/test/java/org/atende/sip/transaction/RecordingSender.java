package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.SipSender;

/**
 * A {@link SipSender} that records what would go on the wire, with when (the manual clock) and where. It can be
 * told to fail sends; the failure is reported inline, on the calling thread.
 */
public final class RecordingSender implements SipSender {

    public record Sent(SIPMessage message, Endpoint destination, long atMillis) {
        public boolean isRequest(String method) {
            return message instanceof SIPRequest request && request.getMethod().equals(method);
        }

        public int status() {
            return message instanceof SIPResponse response ? response.getStatusCode() : 0;
        }

        public SIPRequest request() {
            return (SIPRequest) message;
        }

        public SIPResponse response() {
            return (SIPResponse) message;
        }
    }

    private final ManualTimerService clock;
    private final List<Sent> sent = new ArrayList<>();
    private Predicate<SIPMessage> failWhen = message -> false;
    private int failures;

    public RecordingSender(ManualTimerService clock) {
        this.clock = clock;
    }

    @Override
    public void send(SIPMessage message, Endpoint destination, SendListener listener) {
        if (failWhen.test(message)) {
            failures++;
            listener.onFailure(new IOException("connection refused (test)"));
            return;
        }
        sent.add(new Sent(message, destination, clock.elapsed().toMillis()));
    }

    /** Every later send of a message matching {@code condition} fails. */
    public void failWhen(Predicate<SIPMessage> condition) {
        this.failWhen = condition;
    }

    public void failAll() {
        failWhen(message -> true);
    }

    public void deliverAll() {
        failWhen(message -> false);
    }

    public int failures() {
        return failures;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public Sent last() {
        return sent.get(sent.size() - 1);
    }

    /** Returns and forgets what was sent so far. */
    public List<Sent> drain() {
        List<Sent> copy = List.copyOf(sent);
        sent.clear();
        return copy;
    }

    public List<Integer> statuses() {
        return sent.stream().map(Sent::status).toList();
    }

    /** Status codes of responses and methods of requests, in order: e.g. {@code [100, 486, 486]}, {@code [INVITE, INVITE]}. */
    public List<String> summary() {
        return sent.stream().map(s -> s.message() instanceof SIPRequest r ? r.getMethod() : String.valueOf(s.status())).toList();
    }

    /** Send times in milliseconds on the manual clock. */
    public List<Long> times() {
        return sent.stream().map(Sent::atMillis).toList();
    }
}
