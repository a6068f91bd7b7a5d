package org.atende.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UasRequestChecksTest {

    private static final String HEAD = " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK776asdhds\r\n"
            + "From: <sip:carrier@example.net>;tag=1928301774\r\n"
            + "To: <sip:agent@atende.example>\r\n"
            + "Call-ID: a84b4c76e66710@pc33.example.net\r\n";

    private final SipParser parser = new SipParser(4_000);
    private final UasRequestChecks checks = new UasRequestChecks(
            new java.util.LinkedHashSet<>(java.util.List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO")), Set.of("replaces"));

    @Test
    void wellFormedInviteWithSdpGoesAhead() {
        assertThat(check("INVITE", "sip:agent@atende.example", "Content-Type: application/sdp\r\n", "v=0\r\n")).isEmpty();
    }

    @Test
    void unknownMethodGets501WithAllowListingTheAllowedMethods() {
        SIPResponse response = check("PUBLISH", "sip:agent@atende.example", "", "").orElseThrow();
        assertThat(response.getStatusCode()).isEqualTo(501);
        assertThat(response.encode()).contains("Allow: INVITE,ACK,CANCEL,BYE,OPTIONS");
        assertThat(response.getToTag()).isNotBlank();
        assertThat(response.getCallId().getCallId()).isEqualTo("a84b4c76e66710@pc33.example.net");
        assertThat(response.getTopmostVia().getBranch()).isEqualTo("z9hG4bK776asdhds");
    }

    @Test
    void ackIsNeverAnswered() {
        assertThat(check("ACK", "mailto:agent@atende.example", "Require: foo\r\n", "")).isEmpty();
    }

    @Test
    void unsupportedUriSchemeGets416AndTelIsAccepted() {
        assertThat(check("OPTIONS", "http://atende.example/", "", "").map(SIPResponse::getStatusCode)).contains(416);
        assertThat(check("OPTIONS", "tel:+551133334444", "", "")).isEmpty();
    }

    @Test
    void unknownRequiredExtensionsAreListedInUnsupported() {
        SIPResponse response = check("OPTIONS", "sip:a@b", "Require: replaces, foo\r\nRequire: bar\r\n", "").orElseThrow();
        assertThat(response.getStatusCode()).isEqualTo(420);
        assertThat(response.encode()).contains("Unsupported: foo").contains("bar").doesNotContain("Unsupported: replaces");
    }

    @Test
    void cancelIsNotRefusedForItsRequire() {
        assertThat(check("CANCEL", "sip:a@b", "Require: foo\r\n", "")).isEmpty();
    }

    @Test
    void bodyOtherThanSdpGets415WithAccept() {
        SIPResponse response = check("INVITE", "sip:a@b", "Content-Type: text/plain\r\n", "hello").orElseThrow();
        assertThat(response.getStatusCode()).isEqualTo(415);
        assertThat(response.encode()).contains("Accept: application/sdp");
    }

    @Test
    void infoBodiesAreLeftToTheParties() {
        assertThat(check("INFO", "sip:a@b", "Content-Type: application/dtmf-relay\r\n", "Signal=5\r\nDuration=160\r\n"))
                .isEmpty();
        assertThat(check("INVITE", "sip:a@b", "Content-Type: application/dtmf-relay\r\n", "Signal=5\r\n")
                .map(SIPResponse::getStatusCode)).contains(415);
    }

    @Test
    void acceptThatExcludesSdpGets406AndWildcardsAreFine() {
        assertThat(check("INVITE", "sip:a@b", "Accept: text/plain\r\n", "").map(SIPResponse::getStatusCode)).contains(406);
        assertThat(check("INVITE", "sip:a@b", "Accept: application/sdp;q=0\r\n", "").map(SIPResponse::getStatusCode)).contains(406);
        assertThat(check("OPTIONS", "sip:a@b", "Accept: text/plain, application/*\r\n", "")).isEmpty();
        assertThat(check("OPTIONS", "sip:a@b", "Accept: */*\r\n", "")).isEmpty();
        assertThat(check("OPTIONS", "sip:a@b", "Accept: text/plain\r\n", "")).as("a body-less 200 fits any Accept")
                .isEmpty();
        assertThat(check("BYE", "sip:a@b", "Accept: text/plain\r\n", "")).isEmpty();
    }

    private Optional<SIPResponse> check(String method, String uri, String extra, String body) {
        String text = method + " " + uri + HEAD + "CSeq: 1 " + method + "\r\n" + extra
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        ParseOutcome outcome = parser.parse(text.getBytes(StandardCharsets.UTF_8));
        assertThat(outcome).as(text).isInstanceOf(ParseOutcome.Parsed.class);
        return checks.check((SIPRequest) ((ParseOutcome.Parsed) outcome).message());
    }
}
