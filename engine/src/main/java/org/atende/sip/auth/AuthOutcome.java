package org.atende.sip.auth;

import gov.nist.javax.sip.message.SIPResponse;
import java.util.Optional;

/** What {@link DigestAuthenticator#authenticate} decided about one request. */
public sealed interface AuthOutcome {

    /** The credentials are valid for {@code username}; the caller applies its identity policy (To/From user). */
    record Authenticated(String username) implements AuthOutcome {
    }

    /**
     * No usable credentials, wrong ones, or a stale nonce: send {@code response} (401 or 407 with a
     * SHA-256 and an MD5 challenge) and let the client retry. {@code failure} is present when credentials were
     * checked and were wrong, with a nonce of ours, unexpired, sent to the request's source (not for a first request
     * without credentials, a stale or foreign nonce).
     */
    record Challenge(SIPResponse response, Optional<AuthFailure> failure) implements AuthOutcome {

        public Challenge(SIPResponse response) {
            this(response, Optional.empty());
        }
    }

    /** Credentials that cannot be retried as they are (malformed: 400); send {@code response}. */
    record Rejected(SIPResponse response) implements AuthOutcome {
    }
}
