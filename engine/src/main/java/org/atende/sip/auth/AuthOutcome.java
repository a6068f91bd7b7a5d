package org.atende.sip.auth;

import gov.nist.javax.sip.message.SIPResponse;

/** What {@link DigestAuthenticator#authenticate} decided about one request. */
public sealed interface AuthOutcome {

    /** The credentials are valid for {@code username}; the caller applies its identity policy (To/From user). */
    record Authenticated(String username) implements AuthOutcome {
    }

    /**
     * No usable credentials, wrong ones, or a stale nonce: send {@code response} (401 or 407 with a
     * SHA-256 and an MD5 challenge) and let the client retry.
     */
    record Challenge(SIPResponse response) implements AuthOutcome {
    }

    /** Credentials that cannot be retried as they are (malformed: 400); send {@code response}. */
    record Rejected(SIPResponse response) implements AuthOutcome {
    }
}
