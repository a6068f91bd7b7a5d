package org.atende.security;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Duration;
import org.atende.sip.auth.AuthFailure;
import org.atende.sip.auth.AuthOutcome;
import org.atende.sip.auth.CredentialLookup;
import org.atende.sip.auth.DigestAuthenticator;
import org.atende.sip.transport.Endpoint;

/**
 * Digest authentication under the {@link AuthGuard}: each failure is reported to the guard (which logs it and may
 * slow, ban or lock), a challenge to a slowed source is held back, and right credentials for a locked extension
 * from an address it never registered from are refused with 403. Thread-safe, like both of its parts.
 */
public final class GuardedAuthenticator {

    /** What became of a request's credentials. */
    public sealed interface Result {
    }

    /** The credentials are valid for {@code user}, who may authenticate from where the request came. */
    public record Identified(String user) implements Result {
    }

    /** Answer with {@code response} (401/407, 400 or 403), {@code delay} after now. */
    public record Answer(SIPResponse response, Duration delay) implements Result {
    }

    private final DigestAuthenticator digest;
    private final AuthGuard guard;

    public GuardedAuthenticator(DigestAuthenticator digest, AuthGuard guard) {
        this.digest = digest;
        this.guard = guard;
    }

    /**
     * @param proxy as in {@link DigestAuthenticator#authenticate}: false for REGISTER (401), true otherwise (407)
     */
    public Result authenticate(SIPRequest request, boolean proxy, Endpoint source, CredentialLookup lookup) {
        AuthOutcome outcome = digest.authenticate(request, proxy, lookup, source.address().getAddress());
        if (outcome instanceof AuthOutcome.Authenticated ok) {
            if (guard.mayAuthenticate(ok.username(), source.address(), request.getMethod(), callId(request))) {
                return new Identified(ok.username());
            }
            SIPResponse forbidden = request.createResponse(403, "Forbidden");
            DigestAuthenticator.addToTag(forbidden, request);
            return new Answer(forbidden, Duration.ZERO);
        }
        if (outcome instanceof AuthOutcome.Challenge challenge) {
            Duration delay = challenge.failure()
                    .map(f -> failed(request, source, f))
                    .orElseGet(() -> guard.challengeDelay(source.address().getAddress()));
            return new Answer(challenge.response(), delay);
        }
        AuthOutcome.Rejected rejected = (AuthOutcome.Rejected) outcome;
        return new Answer(rejected.response(), guard.challengeDelay(source.address().getAddress()));
    }

    private Duration failed(SIPRequest request, Endpoint source, AuthFailure failure) {
        return guard.failed(source.address(), source.transport().name().toLowerCase(java.util.Locale.ROOT),
                request.getMethod(), failure.username(), failure.reason(), callId(request));
    }

    public AuthGuard guard() {
        return guard;
    }

    public String realm() {
        return digest.realm();
    }

    private static String callId(SIPRequest request) {
        return request.getCallId() == null ? null : request.getCallId().getCallId();
    }
}
