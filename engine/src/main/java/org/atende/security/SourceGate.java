package org.atende.security;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetAddress;
import java.time.Duration;
import javax.sip.InvalidArgumentException;
import org.atende.sip.dialog.SipBuilder;

/**
 * The front gate every request passes before the transaction layer sees it, so before any transaction, dialog or
 * RTP port exists for it: a banned source ({@link AuthGuard}) is refused with 403, or dropped when the guard is
 * silent; a source over its rate ({@link RateLimiter}) gets 503 with {@code Retry-After} (a request inside a dialog
 * is dropped instead, and retransmissions of a request whose transaction exists always pass). ACKs are never answered
 * (a banned source's are dropped) and never rate-limited: they allocate nothing, and dropping the ACK of a 407 would
 * only keep its transaction retransmitting. A new INVITE while the engine is overloaded ({@link OverloadGuard}) gets
 * 503 too. Thread-safe; runs on the loop that parsed the request.
 */
public final class SourceGate {

    /** What becomes of a request. */
    public sealed interface Verdict {
    }

    /** Goes on to the transaction layer. */
    public enum Pass implements Verdict { PASS }

    /** Dropped without an answer. */
    public enum Drop implements Verdict { DROP }

    /** Answered statelessly with {@code response}. */
    public record Answer(SIPResponse response) implements Verdict {
    }

    private final AuthGuard guard;
    private final RateLimiter limiter;
    private final OverloadGuard overload;
    private final int retryAfterSeconds;

    public SourceGate(AuthGuard guard, RateLimiter limiter, OverloadGuard overload, Duration retryAfter) {
        this.guard = guard;
        this.limiter = limiter;
        this.overload = overload;
        this.retryAfterSeconds = (int) Math.max(1, retryAfter.toSeconds());
    }

    /**
     * @param retransmission whether a server transaction exists for the request: it is only absorbed there, so it
     *                       passes (answering it here would give its sender a second, different final response)
     */
    public Verdict check(SIPRequest request, InetAddress source, boolean retransmission) {
        String method = request.getMethod();
        boolean ack = SIPRequest.ACK.equals(method);
        if (guard.refuses(source)) {
            return ack || guard.silent() ? Drop.DROP : new Answer(answer(request, 403, "Forbidden"));
        }
        if (ack || retransmission) {
            return Pass.PASS; // an ACK allocates nothing: one without a transaction is dropped by the layer
        }
        boolean inDialog = request.hasToTag();
        if (!limiter.tryAcquire(source, RateLimiter.Limit.of(method))) {
            // inside a dialog (BYE, re-INVITE, a session refresh) a 503 could leave a call up: the peer's
            // retransmission comes back once the bucket has refilled
            return inDialog ? Drop.DROP : busy(request);
        }
        if (SIPRequest.INVITE.equals(method) && !inDialog && overload.refusesNewCall()) {
            return busy(request);
        }
        return Pass.PASS;
    }

    private Answer busy(SIPRequest request) {
        SIPResponse busy = answer(request, 503, "Service Unavailable");
        try {
            busy.setHeader(SipBuilder.HEADERS.createRetryAfterHeader(retryAfterSeconds));
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        return new Answer(busy);
    }

    private static SIPResponse answer(SIPRequest request, int status, String reason) {
        SIPResponse response = request.createResponse(status, reason);
        if (response.getTo() != null && response.getTo().getTag() == null) {
            try {
                response.getTo().setTag(SipBuilder.newTag());
            } catch (java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        return response;
    }

    public AuthGuard guard() {
        return guard;
    }

    public RateLimiter limiter() {
        return limiter;
    }
}
