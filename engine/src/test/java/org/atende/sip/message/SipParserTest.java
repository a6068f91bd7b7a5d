package org.atende.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipParserTest {

    private static final String HEAD = "OPTIONS sip:agent@atende.example SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK776asdhds\r\n"
            + "From: <sip:carrier@example.net>;tag=1928301774\r\n"
            + "To: <sip:agent@atende.example>\r\n"
            + "Call-ID: a84b4c76e66710@pc33.example.net\r\n"
            + "CSeq: 63104 OPTIONS\r\n";

    private final SipParser parser = new SipParser(2_000, 10, 200);

    @Test
    void parsesAMinimalRequestWithoutMaxForwards() {
        SIPRequest request = (SIPRequest) parsed(HEAD + "Content-Length: 0\r\n\r\n");
        assertThat(request.getMethod()).isEqualTo("OPTIONS");
        assertThat(request.getMaxForwards()).isNull();
    }

    @Test
    void parsesTheSliceItIsGiven() {
        byte[] framed = bytes("garbage" + HEAD + "\r\ntrailing");
        assertThat(parser.parse(framed, 7, framed.length - 7 - 8)).isInstanceOf(ParseOutcome.Parsed.class);
    }

    @Test
    void bodyWithoutContentLengthRunsToTheEndOfTheDatagram() {
        SIPRequest request = (SIPRequest) parsed(HEAD + "Content-Type: application/sdp\r\n\r\nv=0\r\n");
        assertThat(request.getRawContent()).isEqualTo(bytes("v=0\r\n"));
    }

    @Test
    void octetsBeyondContentLengthAreIgnored() {
        SIPRequest request = (SIPRequest) parsed(HEAD + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhiINVITE junk");
        assertThat(request.getRawContent()).isEqualTo(bytes("hi"));
    }

    @Test
    void oversizeMessageIsRefusedWith513() {
        MalformedSipMessage malformed = malformed(HEAD + "Content-Type: text/plain\r\n\r\n" + "x".repeat(2_000));
        assertThat(malformed.status()).isEqualTo(513);
        assertThat(text(malformed)).startsWith("SIP/2.0 513 Message Too Large (message too large)\r\n");
    }

    @Test
    void tooManyHeaderFieldsAreRefused() {
        MalformedSipMessage malformed = malformed(HEAD + "X-A: 1\r\n".repeat(6) + "\r\n");
        assertThat(malformed.reason()).isEqualTo("too many header fields");
        assertThat(malformed.errorResponse(null)).isPresent();
    }

    @Test
    void overlongHeaderLineIsRefused() {
        assertThat(malformed(HEAD + "Subject: " + "s".repeat(300) + "\r\n\r\n").reason()).isEqualTo("header line too long");
    }

    @Test
    void foldedLinesCountTowardsTheLineLimit() {
        String folded = "Subject: start\r\n" + (" " + "s".repeat(50) + "\r\n").repeat(5);
        assertThat(malformed(HEAD + folded + "\r\n").reason()).isEqualTo("header line too long");
    }

    @Test
    void headerSectionMustBeUtf8() {
        byte[] data = bytes(HEAD + "Subject: x\r\n\r\n");
        data[data.length - 5] = (byte) 0xff;
        assertThat(parser.parse(data)).isInstanceOfSatisfying(MalformedSipMessage.class,
                m -> assertThat(m.reason()).isEqualTo("header section is not UTF-8"));
    }

    @Test
    void bareControlCharacterInAHeaderIsRefused() {
        assertThat(malformed(HEAD + "Subject: a\u0007b\r\n\r\n").reason()).isEqualTo("control character in Subject");
    }

    @Test
    void headerRejectedByJainSipBecomesMalformed() {
        assertThat(malformed(HEAD + "Warning: 1812 overture \"x\"\r\n\r\n").reason()).isEqualTo("bad Warning header");
    }

    @Test
    void garbageIsNotAnswered() {
        MalformedSipMessage malformed = malformed("\u0000\u0001 hello\r\n\r\n");
        assertThat(malformed.request()).isFalse();
        assertThat(malformed.errorResponse("Atende")).isEmpty();
    }

    @Test
    void requestWithoutViaIsNotAnswered() {
        MalformedSipMessage malformed = malformed(HEAD.replaceFirst("Via: [^\r]*\r\n", "") + "\r\n");
        assertThat(malformed.reason()).isEqualTo("missing Via");
        assertThat(malformed.request()).isTrue();
        assertThat(malformed.errorResponse("Atende")).isEmpty();
    }

    @Test
    void emptyAndKeepAliveDatagramsAreMalformedAndSilent() {
        assertThat(malformed("").errorResponse(null)).isEmpty();
        assertThat(malformed("\r\n\r\n").reason()).isEqualTo("empty message");
    }

    @Test
    void errorResponseKeepsAnExistingToTagAndIsStableAcrossRetransmissions() {
        String request = HEAD.replace("To: <sip:agent@atende.example>", "To: <sip:agent@atende.example>;tag=abc")
                + "Content-Length: 1\r\nContent-Length: 1\r\n\r\nx";
        String first = text(malformed(request));
        assertThat(first).contains("To: <sip:agent@atende.example>;tag=abc\r\n").doesNotContain(";tag=atd");
        assertThat(text(malformed(request))).isEqualTo(first);
    }

    @Test
    void serverHeaderIsAddedWhenGiven() {
        MalformedSipMessage malformed = malformed(HEAD.replace("CSeq: 63104 OPTIONS", "CSeq: 63104 INVITE") + "\r\n");
        assertThat(new String(malformed.errorResponse("Atende 0.1").orElseThrow(), StandardCharsets.UTF_8))
                .contains("\r\nServer: Atende 0.1\r\nContent-Length: 0\r\n\r\n");
        assertThat(text(malformed)).doesNotContain("Server:");
    }

    @Test
    void responseWithTwoViasIsDropped() {
        String response = "SIP/2.0 200 OK\r\n" + HEAD.substring(HEAD.indexOf("\r\n") + 2)
                + "Via: SIP/2.0/UDP 192.0.2.8;branch=z9hG4bK2\r\n\r\n";
        MalformedSipMessage malformed = malformed(response);
        assertThat(malformed.request()).isFalse();
        assertThat(malformed.errorResponse("Atende")).isEmpty();
    }

    private ParseOutcome parse(String text) {
        return parser.parse(bytes(text));
    }

    private gov.nist.javax.sip.message.SIPMessage parsed(String text) {
        ParseOutcome outcome = parse(text);
        assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
        return ((ParseOutcome.Parsed) outcome).message();
    }

    private MalformedSipMessage malformed(String text) {
        ParseOutcome outcome = parse(text);
        assertThat(outcome).isInstanceOf(MalformedSipMessage.class);
        return (MalformedSipMessage) outcome;
    }

    private static String text(MalformedSipMessage malformed) {
        return new String(malformed.errorResponse(null).orElseThrow(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
