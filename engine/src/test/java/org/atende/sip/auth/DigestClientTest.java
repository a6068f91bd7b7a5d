package org.atende.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.Optional;
import javax.sip.header.Header;
import org.junit.jupiter.api.Test;

class DigestClientTest {

    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void md5ResponseMatchesRfc2617WorkedExample() {
        String response = DigestAlgorithm.MD5.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        assertThat(response).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void sha256ResponseMatchesRfc7616Example() {
        String response = DigestAlgorithm.SHA_256.response("Mufasa", "http-auth@example.org", "Circle of Life",
                "GET", "/dir/index.html", RFC7616_NONCE, "auth", "00000001", RFC7616_CNONCE);

        assertThat(response).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    /**
     * RFC 7616 §3.9.1 prints {@code 8ca523f5e9506fed4657c9700eaf9ca5} for MD5, a known erratum: the digest of
     * the example's inputs is {@code ...9700eebdbec} (same first 96 bits; the SHA-256 example from the same
     * inputs matches exactly), which is what other implementations assert too.
     */
    @Test
    void md5ResponseMatchesRfc7616ExampleAsCorrectedByErratum() {
        String response = DigestAlgorithm.MD5.response("Mufasa", "http-auth@example.org", "Circle of Life",
                "GET", "/dir/index.html", RFC7616_NONCE, "auth", "00000001", RFC7616_CNONCE);

        assertThat(response).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void authorizationValueForRfc7616ChallengeCarriesTheExampleResponse() {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\","
                + " algorithm=SHA-256, nonce=\"" + RFC7616_NONCE + "\","
                + " opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"").orElseThrow();

        String value = DigestClient.authorizationValue(challenge, "GET", "/dir/index.html", "Mufasa",
                "Circle of Life", RFC7616_CNONCE, 1);

        AuthParams params = AuthParams.parse(value).orElseThrow();
        assertThat(params.scheme()).isEqualTo("Digest");
        assertThat(params.params()).containsEntry("response",
                        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
                .containsEntry("username", "Mufasa")
                .containsEntry("uri", "/dir/index.html")
                .containsEntry("qop", "auth")
                .containsEntry("nc", "00000001")
                .containsEntry("cnonce", RFC7616_CNONCE)
                .containsEntry("algorithm", "SHA-256")
                .containsEntry("opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
    }

    @Test
    void challengeWithoutQopGivesRfc2069Credentials() {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"r\", nonce=\"abc\"").orElseThrow();

        String value = DigestClient.authorizationValue(challenge, "REGISTER", "sip:carrier.example", "u", "p", "cn", 1);

        AuthParams params = AuthParams.parse(value).orElseThrow();
        assertThat(params.params()).doesNotContainKeys("qop", "nc", "cnonce").containsEntry("algorithm", "MD5")
                .containsEntry("response", DigestAlgorithm.MD5.response("u", "r", "p", "REGISTER",
                        "sip:carrier.example", "abc", null, null, null));
    }

    @Test
    void ncIsEightLowerCaseHexDigits() {
        DigestChallenge challenge = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\"").orElseThrow();

        String value = DigestClient.authorizationValue(challenge, "INVITE", "sip:a@b", "u", "p", "c", 255);

        assertThat(AuthParams.parse(value).orElseThrow().get("nc")).isEqualTo("000000ff");
    }

    @Test
    void selectSkipsUnsupportedChallengesAndKeepsServerOrder() {
        SIPResponse response = (SIPResponse) SipText.parse("""
                SIP/2.0 401 Unauthorized
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds
                From: <sip:trunk@carrier.example>;tag=456248
                To: <sip:trunk@carrier.example>;tag=x
                Call-ID: c1
                CSeq: 1 REGISTER
                WWW-Authenticate: Digest realm="carrier", nonce="n1", algorithm=SHA-512-256, qop="auth"
                WWW-Authenticate: Digest realm="carrier", nonce="n2", algorithm=MD5, qop="auth-int"
                WWW-Authenticate: Digest realm="carrier", nonce="n3", algorithm=MD5, qop="auth"
                WWW-Authenticate: Digest realm="carrier", nonce="n4", algorithm=SHA-256, qop="auth"
                Content-Length: 0

                """);

        Optional<DigestChallenge> selected = DigestClient.select(response);

        assertThat(selected).hasValueSatisfying(c -> {
            assertThat(c.nonce()).isEqualTo("n3");
            assertThat(c.algorithm()).isEqualTo(DigestAlgorithm.MD5);
        });
    }

    @Test
    void authorizeAnswers407WithProxyAuthorizationForTheRequestUri() {
        SIPRequest invite = SipText.request("""
                INVITE sip:08001234567@carrier.example SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinv1
                Max-Forwards: 70
                From: <sip:trunk@atende.example>;tag=1
                To: <sip:08001234567@carrier.example>
                Call-ID: inv1
                CSeq: 1 INVITE
                Content-Length: 0

                """);
        SIPResponse challenge = (SIPResponse) SipText.parse("""
                SIP/2.0 407 Proxy Authentication Required
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKinv1
                From: <sip:trunk@atende.example>;tag=1
                To: <sip:08001234567@carrier.example>;tag=2
                Call-ID: inv1
                CSeq: 1 INVITE
                Proxy-Authenticate: Digest realm="carrier", nonce="xyz", algorithm=SHA-256, qop="auth"
                Content-Length: 0

                """);

        Header header = DigestClient.authorize(invite, challenge, "trunk", "secret", "cn1", 1).orElseThrow();

        assertThat(header.getName()).isEqualTo("Proxy-Authorization");
        AuthParams params = AuthParams.parse(((SIPHeader) header).getHeaderValue()).orElseThrow();
        assertThat(params.get("uri")).isEqualTo("sip:08001234567@carrier.example");
        assertThat(params.get("response")).isEqualTo(DigestAlgorithm.SHA_256.response("trunk", "carrier", "secret",
                "INVITE", "sip:08001234567@carrier.example", "xyz", "auth", "00000001", "cn1"));
    }

    @Test
    void challengeParsingRejectsOtherSchemesAndMissingNonce() {
        assertThat(DigestChallenge.parse("Basic realm=\"x\"")).isEmpty();
        assertThat(DigestChallenge.parse("Digest realm=\"x\"")).isEmpty();
        assertThat(DigestChallenge.parse("Digest realm=\"x\", nonce=\"n\", stale=TRUE"))
                .hasValueSatisfying(c -> assertThat(c.stale()).isTrue());
    }
}
