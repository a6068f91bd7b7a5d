package org.atende.sip.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One Digest challenge from a {@code WWW-Authenticate} or {@code Proxy-Authenticate} header, as a client
 * (a trunk registering to a carrier) sees it.
 *
 * @param realm     the realm to authenticate in
 * @param nonce     the server's nonce
 * @param opaque    echoed back unchanged when present
 * @param algorithm the hash to use
 * @param qopAuth   whether the server offered {@code qop=auth} (then the client must use it)
 * @param stale     the previous credentials were right but their nonce had expired
 */
public record DigestChallenge(String realm, String nonce, Optional<String> opaque, DigestAlgorithm algorithm,
                              boolean qopAuth, boolean stale) {

    public DigestChallenge {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(opaque, "opaque");
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /**
     * Parses one challenge header value. Empty when it is not a Digest challenge, lacks realm or nonce,
     * names an algorithm we do not support, or offers only a qop other than {@code auth} (e.g. auth-int).
     */
    public static Optional<DigestChallenge> parse(String headerValue) {
        Optional<AuthParams> parsed = AuthParams.parse(headerValue);
        if (parsed.isEmpty() || !parsed.get().scheme().equalsIgnoreCase("Digest")) {
            return Optional.empty();
        }
        AuthParams p = parsed.get();
        String realm = p.get("realm");
        String nonce = p.get("nonce");
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(p.get("algorithm"));
        if (realm == null || nonce == null || algorithm.isEmpty()) {
            return Optional.empty();
        }
        boolean qopAuth = false;
        String qop = p.get("qop");
        if (qop != null) {
            for (String option : qop.split(",")) {
                if (option.strip().equalsIgnoreCase("auth")) {
                    qopAuth = true;
                }
            }
            if (!qopAuth) {
                return Optional.empty();
            }
        }
        String stale = p.get("stale");
        return Optional.of(new DigestChallenge(realm, nonce, Optional.ofNullable(p.get("opaque")), algorithm.get(),
                qopAuth, stale != null && stale.toLowerCase(Locale.ROOT).equals("true")));
    }
}
