package org.atende.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DigestAuthenticatorProperties {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final DigestAuthenticator auth = new DigestAuthenticator("example.com", Duration.ofMinutes(5), clock,
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final CredentialLookup users = name -> name.equals("1001") ? Optional.of("s3cret") : Optional.empty();

    @Property(tries = 500)
    void arbitraryAuthorizationValuesNeverThrowNorAuthenticate(@ForAll("headerValues") String value) {
        SIPRequest request;
        try {
            request = SipText.register("1001", "Authorization: " + value + "\n");
        } catch (IllegalArgumentException unparsable) {
            Assume.that(false);
            return;
        }

        AuthOutcome outcome = auth.authenticate(request, false, users);

        assertThat(outcome).isNotInstanceOf(AuthOutcome.Authenticated.class);
    }

    @Property(tries = 500)
    void digestShapedGuessesWithAGenuineNonceNeverAuthenticate(@ForAll("digestGuesses") String value) {
        AuthOutcome outcome = auth.authenticate(SipText.register("1001", "Authorization: " + value + "\n"), false, users);

        assertThat(outcome).isNotInstanceOf(AuthOutcome.Authenticated.class);
    }

    @Property(tries = 1000)
    void authParamParserNeverThrows(@ForAll("headerValues") String value) {
        AuthParams.parse(value);
        AuthParams.scheme(value);
        DigestChallenge.parse(value);
    }

    @Provide
    Arbitrary<String> headerValues() {
        Arbitrary<String> noise = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(120);
        Arbitrary<String> digestNoise = noise.map(s -> "Digest " + s);
        Arbitrary<String> params = Arbitraries.of("username", "realm", "nonce", "uri", "response", "qop", "nc",
                        "cnonce", "algorithm", "opaque", "x")
                .flatMap(name -> Arbitraries.oneOf(
                        Arbitraries.strings().alpha().numeric().ofMaxLength(12).map(v -> name + "=" + v),
                        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12).map(v -> name + "=\"" + v + "\"")))
                .list().ofMaxSize(10).map(l -> "Digest " + String.join(", ", l));
        return Arbitraries.oneOf(noise, digestNoise, params);
    }

    @Provide
    Arbitrary<String> digestGuesses() {
        DigestChallenge genuine = DigestClient.select(((AuthOutcome.Challenge) auth.authenticate(
                SipText.register("1001", ""), false, users)).response()).orElseThrow();
        Arbitrary<String> response = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
        Arbitrary<String> algorithm = Arbitraries.of("SHA-256", "MD5", "md5", "SHA-512");
        Arbitrary<String> qop = Arbitraries.of(List.of(", qop=auth, nc=00000001, cnonce=\"c\"", "", ", qop=auth-int"));
        Arbitrary<String> user = Arbitraries.of("1001", "1002", "");
        return Combinators.combine(response, algorithm, qop, user).as((r, a, q, u) ->
                "Digest username=\"" + u + "\", realm=\"example.com\", nonce=\"" + genuine.nonce()
                        + "\", uri=\"sip:example.com\", response=\"" + r + "\", algorithm=" + a
                        + genuine.opaque().map(o -> ", opaque=\"" + o + "\"").orElse("") + q);
    }
}
