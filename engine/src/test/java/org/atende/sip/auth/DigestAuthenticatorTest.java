package org.atende.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DigestAuthenticatorTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final DigestAuthenticator auth = new DigestAuthenticator("example.com", Duration.ofMinutes(5), clock, SECRET);
    private final CredentialLookup users = name -> Optional.ofNullable(Map.of("1001", "s3cret", "1002", "other").get(name));

    @Test
    void requestWithoutCredentialsGets401WithSha256ThenMd5Challenge() {
        SIPResponse response = challengeFor(SipText.register("1001", ""), false);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getTo().getTag()).isNotBlank();
        List<AuthParams> challenges = challengeParams(response, "WWW-Authenticate");
        assertThat(challenges).extracting(c -> c.get("algorithm")).containsExactly("SHA-256", "MD5");
        for (AuthParams c : challenges) {
            assertThat(c.scheme()).isEqualTo("Digest");
            assertThat(c.params()).containsEntry("realm", "example.com").containsEntry("qop", "auth")
                    .containsKeys("nonce", "opaque").doesNotContainKey("stale");
        }
    }

    @Test
    void proxyModeUses407AndProxyAuthenticate() {
        SIPResponse response = challengeFor(invite(""), true);

        assertThat(response.getStatusCode()).isEqualTo(407);
        assertThat(challengeParams(response, "Proxy-Authenticate")).hasSize(2);
        assertThat(response.getHeader("WWW-Authenticate")).isNull();
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void clientAnsweringTheChallengeIsAuthenticated(DigestAlgorithm algorithm) {
        SIPResponse challenge = challengeFor(SipText.register("1001", ""), false);
        DigestChallenge chosen = challenges(challenge, "WWW-Authenticate").stream()
                .filter(c -> c.algorithm() == algorithm).findFirst().orElseThrow();
        String value = DigestClient.authorizationValue(chosen, "REGISTER", "sip:example.com", "1001", "s3cret", "abc", 1);

        AuthOutcome outcome = auth.authenticate(SipText.register("1001", "Authorization: " + value + "\n"), false, users);

        assertThat(outcome).isEqualTo(new AuthOutcome.Authenticated("1001"));
    }

    @Test
    void digestClientAuthorizeRoundTripsThroughProxyAuthorization() {
        SIPRequest invite = invite("");
        SIPResponse challenge = challengeFor(invite, true);
        SIPRequest retry = invite("");
        retry.setHeader(DigestClient.authorize(retry, challenge, "1002", "other", "cn", 1).orElseThrow());

        assertThat(auth.authenticate(retry, true, users)).isEqualTo(new AuthOutcome.Authenticated("1002"));
        assertThat(auth.authenticate(retry, false, users)).isInstanceOf(AuthOutcome.Challenge.class);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameChallengeButForTheNonce() {
        DigestChallenge chosen = firstChallenge(SipText.register("1001", ""));
        String wrongPassword = DigestClient.authorizationValue(chosen, "REGISTER", "sip:example.com", "1001", "guess", "c", 1);
        String unknownUser = DigestClient.authorizationValue(chosen, "REGISTER", "sip:example.com", "9999", "guess", "c", 1);

        AuthOutcome a = auth.authenticate(SipText.register("1001", "Authorization: " + wrongPassword + "\n"), false, users);
        AuthOutcome b = auth.authenticate(SipText.register("1001", "Authorization: " + unknownUser + "\n"), false, users);

        assertThat(a).isInstanceOf(AuthOutcome.Challenge.class);
        assertThat(b).isInstanceOf(AuthOutcome.Challenge.class);
        SIPResponse ra = ((AuthOutcome.Challenge) a).response();
        SIPResponse rb = ((AuthOutcome.Challenge) b).response();
        assertThat(ra.getStatusCode()).isEqualTo(rb.getStatusCode()).isEqualTo(401);
        assertThat(withoutNonces(ra)).isEqualTo(withoutNonces(rb));
        assertThat(nonces(ra)).doesNotContainAnyElementsOf(nonces(rb));
        // only the guard hears which it was (for the security log), never the peer
        assertThat(((AuthOutcome.Challenge) a).failure())
                .contains(new AuthFailure("1001", AuthFailure.Reason.WRONG_PASSWORD));
        assertThat(((AuthOutcome.Challenge) b).failure())
                .contains(new AuthFailure("9999", AuthFailure.Reason.UNKNOWN_USER));
        assertThat(((AuthOutcome.Challenge) auth.authenticate(SipText.register("1001", ""), false, users)).failure())
                .as("no credentials yet: not a failure").isEmpty();
    }

    @Test
    void aFailureCountsOnlyFromTheAddressTheNonceWasSentTo() throws Exception {
        java.net.InetAddress phone = java.net.InetAddress.getByName("10.0.0.1");
        java.net.InetAddress spoofer = java.net.InetAddress.getByName("10.0.0.2");
        SIPResponse challenge = challengeFrom(auth.authenticate(SipText.register("1001", ""), false, users, phone));
        DigestChallenge chosen = DigestClient.select(challenge).orElseThrow();
        String wrong = DigestClient.authorizationValue(chosen, "REGISTER", "sip:example.com", "1001", "guess", "c", 1);
        SIPRequest guess = SipText.register("1001", "Authorization: " + wrong + "\n");
        assertThat(((AuthOutcome.Challenge) auth.authenticate(guess, false, users, spoofer)).failure())
                .as("a nonce the source never received: not its failure").isEmpty();
        assertThat(((AuthOutcome.Challenge) auth.authenticate(guess, false, users, phone)).failure())
                .contains(new AuthFailure("1001", AuthFailure.Reason.WRONG_PASSWORD));
        String right = DigestClient.authorizationValue(chosen, "REGISTER", "sip:example.com", "1001", "s3cret", "c", 2);
        assertThat(auth.authenticate(SipText.register("1001", "Authorization: " + right + "\n"), false, users, spoofer))
                .as("the nonce itself is good anywhere").isEqualTo(new AuthOutcome.Authenticated("1001"));
        clock.advance(Duration.ofMinutes(6));
        assertThat(((AuthOutcome.Challenge) auth.authenticate(guess, false, users, phone)).failure())
                .as("an expired nonce: not counted").isEmpty();
    }

    @Test
    void malformedCredentialsAreNeverAFailure() {
        AuthOutcome outcome = auth.authenticate(SipText.register("1001",
                "Authorization: Digest username=\"1001\", realm=\"example.com\"\n"), false, users);
        assertThat(outcome).isInstanceOf(AuthOutcome.Rejected.class);
    }

    @Test
    void expiredNonceWithRightPasswordIsChallengedAsStale() {
        DigestChallenge chosen = firstChallenge(SipText.register("1001", ""));
        clock.advance(Duration.ofMinutes(6));

        SIPResponse right = challengeFrom(auth.authenticate(registerAnswering(chosen, "1001", "s3cret", 1), false, users));
        SIPResponse wrong = challengeFrom(auth.authenticate(registerAnswering(chosen, "1001", "nope", 1), false, users));

        assertThat(challengeParams(right, "WWW-Authenticate")).allSatisfy(c -> assertThat(c.get("stale")).isEqualTo("true"));
        assertThat(challengeParams(wrong, "WWW-Authenticate")).allSatisfy(c -> assertThat(c.get("stale")).isNull());
    }

    @Test
    void nonceJustInsideItsLifetimeIsAccepted() {
        DigestChallenge chosen = firstChallenge(SipText.register("1001", ""));
        clock.advance(Duration.ofMinutes(5));

        assertThat(auth.authenticate(registerAnswering(chosen, "1001", "s3cret", 1), false, users))
                .isInstanceOf(AuthOutcome.Authenticated.class);
    }

    @Test
    void replayedNonceCountIsChallengedAndHigherCountAccepted() {
        DigestChallenge chosen = firstChallenge(SipText.register("1001", ""));

        assertThat(auth.authenticate(registerAnswering(chosen, "1001", "s3cret", 1), false, users))
                .isInstanceOf(AuthOutcome.Authenticated.class);
        SIPResponse replay = challengeFrom(auth.authenticate(registerAnswering(chosen, "1001", "s3cret", 1), false, users));
        assertThat(auth.authenticate(registerAnswering(chosen, "1001", "s3cret", 2), false, users))
                .isInstanceOf(AuthOutcome.Authenticated.class);
        SIPResponse lower = challengeFrom(auth.authenticate(registerAnswering(chosen, "1001", "s3cret", 2), false, users));

        assertThat(challengeParams(replay, "WWW-Authenticate").get(0).get("stale")).isEqualTo("true");
        assertThat(lower.getStatusCode()).isEqualTo(401);
    }

    @Test
    void tamperedNonceIsChallengedWithoutStale() {
        DigestChallenge issued = firstChallenge(SipText.register("1001", ""));
        byte[] raw = Base64.getUrlDecoder().decode(issued.nonce());
        raw[3] ^= 1; // shift the timestamp: the MAC no longer matches
        DigestChallenge tampered = new DigestChallenge(issued.realm(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(raw), issued.opaque(), issued.algorithm(), true, false);

        SIPResponse response = challengeFrom(auth.authenticate(registerAnswering(tampered, "1001", "s3cret", 1), false, users));

        assertThat(challengeParams(response, "WWW-Authenticate").get(0).get("stale")).isNull();
    }

    @Test
    void nonceFromAnotherSecretIsChallenged() {
        DigestAuthenticator other = new DigestAuthenticator("example.com", Duration.ofMinutes(5), clock,
                "another secret, 32 bytes long!!!".getBytes(StandardCharsets.US_ASCII));
        DigestChallenge foreign = DigestClient.select(
                ((AuthOutcome.Challenge) other.authenticate(SipText.register("1001", ""), false, users)).response()).orElseThrow();

        assertThat(auth.authenticate(registerAnswering(foreign, "1001", "s3cret", 1), false, users))
                .isInstanceOf(AuthOutcome.Challenge.class);
    }

    @Test
    void unknownSchemeIsChallenged() {
        assertThat(auth.authenticate(SipText.register("1001", "Authorization: NoOp\n"), false, users))
                .isInstanceOf(AuthOutcome.Challenge.class);
    }

    @Test
    void credentialsForAnotherRealmAreChallenged() {
        DigestChallenge chosen = firstChallenge(SipText.register("1001", ""));
        DigestChallenge otherRealm = new DigestChallenge("elsewhere", chosen.nonce(), chosen.opaque(),
                chosen.algorithm(), true, false);

        assertThat(auth.authenticate(registerAnswering(otherRealm, "1001", "s3cret", 1), false, users))
                .isInstanceOf(AuthOutcome.Challenge.class);
    }

    @Test
    void malformedDigestCredentialsAreRejectedWith400() {
        AuthOutcome unparsable = auth.authenticate(SipText.register("1001",
                "Authorization: Digest username=\"1001\", realm=\"example.com\", nonce=\"abc\n"), false, users);
        AuthOutcome missingResponse = auth.authenticate(SipText.register("1001",
                "Authorization: Digest username=\"1001\", realm=\"example.com\", nonce=\"abc\", uri=\"sip:example.com\"\n"),
                false, users);

        assertThat(unparsable).isInstanceOfSatisfying(AuthOutcome.Rejected.class,
                r -> assertThat(r.response().getStatusCode()).isEqualTo(400));
        assertThat(missingResponse).isInstanceOfSatisfying(AuthOutcome.Rejected.class,
                r -> assertThat(r.response().getStatusCode()).isEqualTo(400));
    }

    @Test
    void digestUriMustNameTheRequestUriOrOurHost() {
        DigestChallenge chosen = firstChallenge(SipText.register("1001", ""));
        String otherUri = DigestClient.authorizationValue(chosen, "REGISTER", "sip:evil.example", "1001", "s3cret", "c", 1);
        String sippStyle = DigestClient.authorizationValue(chosen, "REGISTER", "sip:example.com:5060", "1001", "s3cret", "c", 2);

        assertThat(auth.authenticate(SipText.register("1001", "Authorization: " + otherUri + "\n"), false, users))
                .isInstanceOfSatisfying(AuthOutcome.Rejected.class,
                        r -> assertThat(r.response().getStatusCode()).isEqualTo(400));
        assertThat(auth.authenticate(SipText.register("1001", "Authorization: " + sippStyle + "\n"), false, users))
                .isEqualTo(new AuthOutcome.Authenticated("1001"));
    }

    @Test
    void inviteDigestUriMayBeOurHostWithoutUser() {
        SIPResponse challenge = challengeFor(invite(""), true);
        DigestChallenge md5 = challenges(challenge, "Proxy-Authenticate").get(1);
        String value = DigestClient.authorizationValue(md5, "INVITE", "sip:192.0.2.1:5060", "1001", "s3cret", "c", 1);

        assertThat(auth.authenticate(invite("Proxy-Authorization: " + value + "\n"), true, users))
                .isEqualTo(new AuthOutcome.Authenticated("1001"));
    }

    @Test
    void md5WithoutQopIsAcceptedOnceButSha256WithoutQopIsNot() {
        DigestChallenge sha = firstChallenge(SipText.register("1001", ""));
        DigestChallenge md5NoQop = new DigestChallenge(sha.realm(), sha.nonce(), sha.opaque(), DigestAlgorithm.MD5, false, false);
        DigestChallenge shaNoQop = new DigestChallenge(sha.realm(), sha.nonce(), sha.opaque(), DigestAlgorithm.SHA_256, false, false);

        assertThat(auth.authenticate(registerAnswering(shaNoQop, "1001", "s3cret", 1), false, users))
                .isInstanceOf(AuthOutcome.Challenge.class);
        assertThat(auth.authenticate(registerAnswering(md5NoQop, "1001", "s3cret", 1), false, users))
                .isEqualTo(new AuthOutcome.Authenticated("1001"));
        SIPResponse reuse = challengeFrom(auth.authenticate(registerAnswering(md5NoQop, "1001", "s3cret", 1), false, users));
        assertThat(challengeParams(reuse, "WWW-Authenticate").get(0).get("stale")).isEqualTo("true");
    }

    @Test
    void wrongOpaqueIsChallenged() {
        DigestChallenge chosen = firstChallenge(SipText.register("1001", ""));
        DigestChallenge forged = new DigestChallenge(chosen.realm(), chosen.nonce(), Optional.of("forged"),
                chosen.algorithm(), true, false);

        assertThat(auth.authenticate(registerAnswering(forged, "1001", "s3cret", 1), false, users))
                .isInstanceOf(AuthOutcome.Challenge.class);
    }

    @Test
    void upperCaseHexResponseIsAccepted() {
        DigestChallenge chosen = firstChallenge(SipText.register("1001", ""));
        String value = DigestClient.authorizationValue(chosen, "REGISTER", "sip:example.com", "1001", "s3cret", "c", 1);
        String response = AuthParams.parse(value).orElseThrow().get("response");

        SIPRequest request = SipText.register("1001",
                "Authorization: " + value.replace(response, response.toUpperCase()) + "\n");

        assertThat(auth.authenticate(request, false, users)).isEqualTo(new AuthOutcome.Authenticated("1001"));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private SIPResponse challengeFor(SIPRequest request, boolean proxy) {
        return challengeFrom(auth.authenticate(request, proxy, users));
    }

    private static SIPResponse challengeFrom(AuthOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthOutcome.Challenge.class);
        return ((AuthOutcome.Challenge) outcome).response();
    }

    private DigestChallenge firstChallenge(SIPRequest request) {
        return DigestClient.select(challengeFor(request, false)).orElseThrow();
    }

    private static SIPRequest registerAnswering(DigestChallenge challenge, String user, String password, int nc) {
        String value = DigestClient.authorizationValue(challenge, "REGISTER", "sip:example.com", user, password, "0a4f113b", nc);
        return SipText.register(user, "Authorization: " + value + "\n");
    }

    static SIPRequest invite(String extraHeaders) {
        return SipText.request("""
                INVITE sip:08001234567@192.0.2.1:5060 SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinv1
                Max-Forwards: 70
                From: <sip:1001@example.com>;tag=1
                To: <sip:08001234567@example.com>
                Call-ID: inv1
                CSeq: 1 INVITE
                %sContent-Length: 0

                """.formatted(extraHeaders));
    }

    private static List<String> headerValues(SIPResponse response, String name) {
        List<String> values = new ArrayList<>();
        Iterator<?> it = response.getHeaders(name);
        while (it.hasNext()) {
            values.add(((SIPHeader) it.next()).getHeaderValue());
        }
        return values;
    }

    private static List<AuthParams> challengeParams(SIPResponse response, String name) {
        return headerValues(response, name).stream().map(v -> AuthParams.parse(v).orElseThrow()).toList();
    }

    private static List<DigestChallenge> challenges(SIPResponse response, String name) {
        return headerValues(response, name).stream().map(v -> DigestChallenge.parse(v).orElseThrow()).toList();
    }

    private static List<String> nonces(SIPResponse response) {
        return challengeParams(response, "WWW-Authenticate").stream().map(c -> c.get("nonce")).distinct().toList();
    }

    private static String withoutNonces(SIPResponse response) {
        String text = response.encode();
        for (String nonce : nonces(response)) {
            text = text.replace(nonce, "NONCE");
        }
        return text;
    }
}
