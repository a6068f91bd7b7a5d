package org.atende.sip.auth;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.AuthenticationHeader;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.sip.address.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digest authentication for Atende as a SIP server (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760).
 *
 * <p><b>Challenges.</b> A 401 ({@code WWW-Authenticate}, for REGISTER) or 407 ({@code Proxy-Authenticate},
 * for requests from extensions) carries two challenges, SHA-256 first and MD5 second (RFC 8760 §2.4), sharing
 * one fresh nonce, each with {@code realm}, {@code nonce}, {@code opaque}, {@code qop="auth"},
 * {@code algorithm} and, when the credentials were right but could not be used, {@code stale=true}.
 *
 * <p><b>Nonces</b> are stateless ({@link StatelessNonces}): {@code base64url(timestamp || random ||
 * HMAC-SHA256(secret, timestamp || random || realm)[0..16])}. A nonce whose MAC does not verify is ignored (fresh
 * challenge); one older than the nonce lifetime gets {@code stale=true} once the digest proves the password right.
 * The nonce count is replay-protected: each nonce's highest accepted {@code nc} is kept (bounded, see
 * {@link NonceCounts}) and a count not greater than it gets a {@code stale=true} challenge.
 *
 * <p><b>Accepted credentials.</b> Scheme {@code Digest}, our realm, algorithm {@code SHA-256} or {@code MD5}
 * (absent means MD5), {@code qop=auth} with an 8-hex-digit {@code nc} and a {@code cnonce}. Clients that send
 * no qop (RFC 2069) are accepted only with MD5 (every SHA-256 client implements qop) and, having no nonce
 * count, may use a nonce once; a second use is re-challenged with {@code stale=true}. {@code opaque}, when
 * sent, must be ours. Credentials for another realm or in another scheme (e.g. {@code NoOp}) are ignored, so
 * the request is challenged. Digest credentials missing {@code username}, {@code nonce}, {@code uri} or
 * {@code response}, with a malformed {@code nc}, or whose parameter list does not parse are
 * {@linkplain AuthOutcome.Rejected rejected} with 400.
 *
 * <p><b>The {@code uri} parameter</b> is accepted when it equals the Request-URI (textually or by RFC 3261
 * §19.1.4 comparison), or when it is a {@code sip}/{@code sips} URI without a user part whose host is the
 * Request-URI's host or the realm (SIPp's default {@code sip:host:port}). Anything else is rejected with 400
 * (RFC 2617 §3.2.2.5).
 *
 * <p><b>No user enumeration.</b> An unknown user and a wrong password produce the same challenge (same status
 * and headers, only the nonce differs); the digest is computed for unknown users against a dummy password and
 * compared with {@link MessageDigest#isEqual}. The authenticator only says who the credentials belong to: the
 * caller decides whether that user may do what the request asks (the registrar answers 403 when the To user
 * is someone else).
 *
 * <p>Thread-safe: any event loop may call {@link #authenticate}. Never logs passwords or credential headers.
 */
public final class DigestAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(DigestAuthenticator.class);
    private static final int MAX_TRACKED_NONCES = 65_536;
    private static final Pattern NONCE_COUNT = Pattern.compile("[0-9a-fA-F]{8}");
    private static final HeaderFactoryImpl HEADERS = new HeaderFactoryImpl();
    private static final AddressFactoryImpl ADDRESSES = new AddressFactoryImpl();

    private final String realm;
    private final long lifetimeMillis;
    private final Clock clock;
    private final StatelessNonces nonces;
    private final String opaque;
    private final String dummyPassword;
    private final NonceCounts nonceCounts;
    private final List<DigestAlgorithm> offered;
    private final List<List<AuthenticationHeader>> challengeTemplates;

    /**
     * @param realm         the realm in challenges (usually the SIP domain)
     * @param nonceLifetime how long a nonce may be used before it is answered with {@code stale=true}
     * @param clock         the time source for nonce timestamps
     * @param secret        the nonce MAC key, from a SecureRandom at engine start (at least 16 bytes)
     */
    public DigestAuthenticator(String realm, Duration nonceLifetime, Clock clock, byte[] secret) {
        this(realm, nonceLifetime, clock, secret, List.of(DigestAlgorithm.values()));
    }

    /**
     * @param offered the challenges sent, most preferred first (RFC 8760 §2.4); credentials with either
     *                supported algorithm are accepted whatever is offered
     */
    public DigestAuthenticator(String realm, Duration nonceLifetime, Clock clock, byte[] secret,
                               List<DigestAlgorithm> offered) {
        if (offered.isEmpty()) {
            throw new IllegalArgumentException("at least one digest algorithm must be offered");
        }
        this.offered = List.copyOf(offered);
        this.realm = Objects.requireNonNull(realm, "realm");
        if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("nonceLifetime must be positive: " + nonceLifetime);
        }
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret must have at least 16 bytes");
        }
        this.lifetimeMillis = nonceLifetime.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nonces = new StatelessNonces(realm, clock, secret);
        this.opaque = HexFormat.of().formatHex(nonces.mac(("opaque:" + realm).getBytes(StandardCharsets.UTF_8)),
                0, 16);
        this.dummyPassword = HexFormat.of().formatHex(nonces.mac(("dummy:" + realm).getBytes(StandardCharsets.UTF_8)));
        this.nonceCounts = new NonceCounts(MAX_TRACKED_NONCES, lifetimeMillis);
        this.challengeTemplates = challengeTemplates();
    }

    public String realm() {
        return realm;
    }

    /**
     * Checks the request's credentials.
     *
     * @param proxy false: {@code Authorization}, {@code WWW-Authenticate}, 401 (REGISTER); true:
     *              {@code Proxy-Authorization}, {@code Proxy-Authenticate}, 407 (INVITE and other requests)
     * @param lookup the users' passwords; called once per request that carries credentials for our realm
     */
    public AuthOutcome authenticate(SIPRequest request, boolean proxy, CredentialLookup lookup) {
        return authenticate(request, proxy, lookup, null);
    }

    /**
     * As above, for a request from {@code source} (null: unknown): challenges carry nonces bound to where they are
     * sent, and a wrong digest is reported as an {@link AuthFailure} only when its nonce is ours, within its
     * lifetime and was sent to {@code source}, so that nobody can have a failure counted against an address whose
     * challenges they never received (a spoofed source). Malformed credentials are answered 400 and never counted.
     */
    public AuthOutcome authenticate(SIPRequest request, boolean proxy, CredentialLookup lookup,
                                    java.net.InetAddress source) {
        Objects.requireNonNull(lookup, "lookup");
        Optional<AuthParams> selected;
        try {
            selected = credentialsForOurRealm(request, proxy);
        } catch (MalformedCredentials e) {
            return reject(request, "malformed credentials");
        }
        if (selected.isEmpty()) {
            return challenge(request, proxy, false, source);
        }
        AuthParams creds = selected.get();
        String username = creds.get("username");
        String nonce = creds.get("nonce");
        String uri = creds.get("uri");
        String response = creds.get("response");
        if (username == null || nonce == null || uri == null || response == null) {
            return reject(request, "credentials lack a required parameter");
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromToken(creds.get("algorithm"));
        if (algorithm.isEmpty()) {
            return challenge(request, proxy, false, source);
        }
        String qop = creds.get("qop");
        String nc = null;
        String cnonce = null;
        if (qop == null) {
            if (algorithm.get() != DigestAlgorithm.MD5) {
                return challenge(request, proxy, false, source);
            }
        } else if (!qop.equalsIgnoreCase("auth")) {
            return challenge(request, proxy, false, source);
        } else {
            qop = "auth";
            nc = creds.get("nc");
            cnonce = creds.get("cnonce");
            if (nc == null || cnonce == null || !NONCE_COUNT.matcher(nc).matches()) {
                return reject(request, "qop=auth without a valid nc and cnonce");
            }
        }
        if (!uriMatches(uri, request)) {
            return reject(request, "digest uri does not match the Request-URI");
        }
        String sentOpaque = creds.get("opaque");
        if (sentOpaque != null && !MessageDigest.isEqual(sentOpaque.getBytes(StandardCharsets.UTF_8),
                opaque.getBytes(StandardCharsets.UTF_8))) {
            return challenge(request, proxy, false, source);
        }
        long now = clock.millis();
        OptionalLong issued = nonces.issuedAt(nonce);
        if (issued.isEmpty()) {
            log.debug("Nonce failed verification (call {})", callId(request));
            return challenge(request, proxy, false, source);
        }
        Optional<String> password = lookup.password(username);
        String expected = algorithm.get().response(username, realm, password.orElse(dummyPassword),
                request.getMethod(), uri, nonce, qop, nc, cnonce);
        boolean digestMatches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!digestMatches || password.isEmpty()) {
            log.debug("Digest mismatch (call {})", callId(request));
            long issuedAge = now - issued.getAsLong();
            boolean countable = issuedAge >= 0 && issuedAge <= lifetimeMillis && nonces.issuedTo(nonce, source);
            Optional<AuthFailure> failure = countable ? Optional.of(new AuthFailure(username, password.isEmpty()
                    ? AuthFailure.Reason.UNKNOWN_USER : AuthFailure.Reason.WRONG_PASSWORD)) : Optional.empty();
            return new AuthOutcome.Challenge(challenge(request, proxy, false, source).response(), failure);
        }
        long age = now - issued.getAsLong();
        if (age < 0 || age > lifetimeMillis) {
            return challenge(request, proxy, true, source);
        }
        long count = nc == null ? 1 : Long.parseLong(nc, 16);
        if (!nonceCounts.advance(nonce, issued.getAsLong(), count, now)) {
            log.debug("Nonce count not increasing (call {})", callId(request));
            return challenge(request, proxy, true, source);
        }
        return new AuthOutcome.Authenticated(username);
    }

    /** A fresh challenge for {@code request} (401 or 407), e.g. for a request that must be authenticated again. */
    public AuthOutcome.Challenge challenge(SIPRequest request, boolean proxy, boolean stale) {
        return challenge(request, proxy, stale, null);
    }

    /** As above, its nonce bound to {@code to}, where the challenge goes (null: unknown). */
    public AuthOutcome.Challenge challenge(SIPRequest request, boolean proxy, boolean stale, java.net.InetAddress to) {
        SIPResponse response = request.createResponse(proxy ? 407 : 401);
        addToTag(response, request);
        String nonce = nonces.newNonce(to);
        for (AuthenticationHeader template : challengeTemplates.get((proxy ? 2 : 0) + (stale ? 1 : 0))) {
            AuthenticationHeader header = (AuthenticationHeader) template.clone();
            try {
                header.setNonce(nonce);
            } catch (ParseException e) {
                throw new IllegalStateException("base64url nonce rejected", e);
            }
            response.addHeader(header);
        }
        return new AuthOutcome.Challenge(response);
    }

    /**
     * The challenge headers, parsed once with a placeholder nonce (cloned and given a fresh nonce per challenge:
     * parsing them per REGISTER was a tenth of the registrar's time), indexed by {@code (proxy ? 2 : 0) + (stale ?
     * 1 : 0)}.
     */
    private List<List<AuthenticationHeader>> challengeTemplates() {
        List<List<AuthenticationHeader>> all = new ArrayList<>();
        for (boolean proxy : new boolean[] {false, true}) {
            for (boolean stale : new boolean[] {false, true}) {
                String headerName = proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
                List<AuthenticationHeader> headers = new ArrayList<>();
                for (DigestAlgorithm algorithm : offered) {
                    String value = "Digest realm=" + AuthParams.quote(realm) + ", nonce=\"-\""
                            + ", opaque=" + AuthParams.quote(opaque) + ", qop=\"auth\", algorithm=" + algorithm.token()
                            + (stale ? ", stale=true" : "");
                    headers.add((AuthenticationHeader) header(headerName, value));
                }
                all.add(List.copyOf(headers));
            }
        }
        return List.copyOf(all);
    }

    private AuthOutcome.Rejected reject(SIPRequest request, String why) {
        // never an AuthFailure: malformed credentials need no nonce, so anyone could send them in another's name
        log.debug("Rejecting credentials: {} (call {})", why, callId(request));
        SIPResponse response = request.createResponse(400, "Bad Request (" + why + ")");
        addToTag(response, request);
        return new AuthOutcome.Rejected(response);
    }

    /**
     * The first Digest credentials for our realm. Headers in other schemes or for other realms are skipped.
     *
     * @throws MalformedCredentials for Digest credentials whose parameters do not parse, or that name no realm
     */
    private Optional<AuthParams> credentialsForOurRealm(SIPRequest request, boolean proxy) throws MalformedCredentials {
        Iterator<?> headers = request.getHeaders(proxy ? "Proxy-Authorization" : "Authorization");
        while (headers != null && headers.hasNext()) {
            if (!(headers.next() instanceof SIPHeader header)) {
                continue;
            }
            String value = header.getHeaderValue();
            Optional<String> scheme = AuthParams.scheme(value);
            if (scheme.isEmpty() || !scheme.get().equalsIgnoreCase("Digest")) {
                continue;
            }
            Optional<AuthParams> parsed = AuthParams.parse(value);
            if (parsed.isEmpty() || parsed.get().get("realm") == null) {
                throw new MalformedCredentials();
            }
            if (parsed.get().get("realm").equals(realm)) {
                return parsed;
            }
        }
        return Optional.empty();
    }

    private boolean uriMatches(String digestUri, SIPRequest request) {
        URI requestUri = request.getRequestURI();
        if (requestUri == null) {
            return false;
        }
        if (digestUri.equals(requestUri.toString())) {
            return true;
        }
        try {
            URI parsed = ADDRESSES.createURI(digestUri);
            if (parsed.equals(requestUri)) {
                return true;
            }
            if (parsed instanceof SipUri sip && sip.getUser() == null && sip.getHost() != null) {
                String host = sip.getHost();
                return host.equalsIgnoreCase(realm)
                        || (requestUri instanceof SipUri r && host.equalsIgnoreCase(r.getHost()));
            }
            return false;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    private static SIPHeader header(String name, String value) {
        try {
            return (SIPHeader) HEADERS.createHeader(name, value);
        } catch (ParseException e) {
            throw new IllegalStateException("cannot build " + name + " header", e);
        }
    }

    /**
     * Adds a To tag derived from the request (RFC 3261 §8.2.6.2), so that the same request always gets the same
     * tag and two answers to one request differ only where they must.
     */
    public static void addToTag(SIPResponse response, SIPRequest request) {
        if (response.getTo() == null || response.getTo().getTag() != null) {
            return;
        }
        String seed = callId(request) + "|" + request.getFromTag() + "|"
                + (request.getCSeq() == null ? "" : request.getCSeq().getSeqNumber());
        String tag = DigestAlgorithm.SHA_256.hex(seed).substring(0, 12);
        try {
            response.getTo().setTag(tag);
        } catch (ParseException e) {
            throw new IllegalStateException("hex tag rejected", e);
        }
    }

    private static String callId(SIPRequest request) {
        return request.getCallId() == null ? "?" : request.getCallId().getCallId();
    }

    private static final class MalformedCredentials extends Exception {
        MalformedCredentials() {
            super(null, null, false, false);
        }
    }
}
