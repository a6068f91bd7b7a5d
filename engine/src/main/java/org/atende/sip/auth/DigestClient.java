package org.atende.sip.auth;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.sip.header.Header;

/**
 * The client side of digest authentication, for trunks that register to (or call through) a carrier.
 * Stateless; the caller keeps the cnonce and nonce count across requests that reuse one challenge.
 */
public final class DigestClient {

    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();

    private DigestClient() {
    }

    /**
     * The first challenge of a 401 ({@code WWW-Authenticate}) or 407 ({@code Proxy-Authenticate}) that we
     * support. Servers list their preferred challenge first (RFC 8760 §2.4), so with Atende's own challenges
     * this picks SHA-256. Empty for other responses or when no challenge is usable.
     */
    public static Optional<DigestChallenge> select(SIPResponse response) {
        String name = challengeHeaderName(response.getStatusCode());
        if (name == null) {
            return Optional.empty();
        }
        Iterator<?> headers = response.getHeaders(name);
        while (headers != null && headers.hasNext()) {
            if (headers.next() instanceof SIPHeader header) {
                Optional<DigestChallenge> challenge = DigestChallenge.parse(header.getHeaderValue());
                if (challenge.isPresent()) {
                    return challenge;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The credentials value ({@code Digest username=..., response=...}) answering {@code challenge} for a
     * request with this method and Request-URI.
     *
     * @param cnonce the client nonce (random, from a SecureRandom); unused when the server offered no qop
     * @param nc     the nonce count, 1 for the first request using this challenge's nonce
     */
    public static String authorizationValue(DigestChallenge challenge, String method, String uri, String username,
                                            String password, String cnonce, int nc) {
        String qop = challenge.qopAuth() ? "auth" : null;
        String ncHex = String.format(Locale.ROOT, "%08x", nc);
        String response = challenge.algorithm().response(username, challenge.realm(), password, method, uri,
                challenge.nonce(), qop, ncHex, cnonce);
        StringBuilder sb = new StringBuilder("Digest username=").append(AuthParams.quote(username))
                .append(", realm=").append(AuthParams.quote(challenge.realm()))
                .append(", nonce=").append(AuthParams.quote(challenge.nonce()))
                .append(", uri=").append(AuthParams.quote(uri))
                .append(", response=").append(AuthParams.quote(response))
                .append(", algorithm=").append(challenge.algorithm().token());
        challenge.opaque().ifPresent(o -> sb.append(", opaque=").append(AuthParams.quote(o)));
        if (qop != null) {
            sb.append(", qop=auth, nc=").append(ncHex).append(", cnonce=").append(AuthParams.quote(cnonce));
        }
        return sb.toString();
    }

    /**
     * The {@code Authorization} (for a 401) or {@code Proxy-Authorization} (for a 407) header answering
     * {@code challengeResponse} for {@code request} (its method and Request-URI). The caller sets it on the
     * retried request (with a new CSeq and branch). Empty when the response carries no usable challenge.
     */
    public static Optional<Header> authorize(SIPRequest request, SIPResponse challengeResponse, String username,
                                             String password, String cnonce, int nc) {
        Optional<DigestChallenge> challenge = select(challengeResponse);
        if (challenge.isEmpty()) {
            return Optional.empty();
        }
        String name = challengeResponse.getStatusCode() == 407 ? "Proxy-Authorization" : "Authorization";
        String value = authorizationValue(challenge.get(), request.getMethod(), request.getRequestURI().toString(),
                username, password, cnonce, nc);
        try {
            return Optional.of(HEADERS.createHeader(name, value));
        } catch (ParseException e) {
            // Only reachable with a username or URI the SIP grammar cannot carry.
            return Optional.empty();
        }
    }

    private static String challengeHeaderName(int status) {
        return switch (status) {
            case 401 -> "WWW-Authenticate";
            case 407 -> "Proxy-Authenticate";
            default -> null;
        };
    }
}
