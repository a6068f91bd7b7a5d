package org.atende.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.ViaHeader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Rendering a message built with the JAIN-SIP factories, then parsing it, gives back an equal message. */
class SipRoundTripProperties {

    private final SipParser parser = new SipParser(16_384);

    @Property(tries = 300)
    void requestsSurviveRenderAndParse(@ForAll("requests") SIPRequest request) {
        SIPMessage parsed = parseBack(request);
        assertThat(parsed).isInstanceOf(SIPRequest.class);
        assertThat(SipMessages.encodeHeaders(parsed)).isEqualTo(SipMessages.encodeHeaders(request));
        assertThat(SipMessages.encode(parsed)).isEqualTo(SipMessages.encode(request));
    }

    @Property(tries = 300)
    void responsesSurviveRenderAndParse(@ForAll("requests") SIPRequest request, @ForAll("statuses") int status) {
        SIPResponse response = request.createResponse(status);
        if (status > 100) {
            response.setToTag("uas" + status);
        }
        SIPMessage parsed = parseBack(response);
        assertThat(parsed).isInstanceOf(SIPResponse.class);
        assertThat(SipMessages.encode(parsed)).isEqualTo(SipMessages.encode(response));
    }

    private SIPMessage parseBack(SIPMessage message) {
        byte[] wire = SipMessages.encode(message);
        ParseOutcome outcome = parser.parse(wire);
        assertThat(outcome).as("%s", new String(wire, StandardCharsets.UTF_8)).isInstanceOf(ParseOutcome.Parsed.class);
        return ((ParseOutcome.Parsed) outcome).message();
    }

    @Provide
    Arbitrary<Integer> statuses() {
        return Arbitraries.integers().between(100, 699);
    }

    @Provide
    Arbitrary<SIPRequest> requests() {
        Arbitrary<String> method = Arbitraries.of("INVITE", "OPTIONS", "REGISTER", "BYE", "INFO", "UPDATE", "MESSAGE",
                "SUBSCRIBE", "NOTIFY", "PUBLISH", "REFER");
        Arbitrary<Parts> parts = Combinators.combine(
                        users(), hosts(), Arbitraries.integers().between(0, 65_535), displayNames(), users(), hosts(),
                        words(), words())
                .as(Parts::new);
        Arbitrary<Numbers> numbers = Combinators.combine(
                        Arbitraries.longs().between(1, HeaderChecks.MAX_CSEQ),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.of("UDP", "TCP", "TLS"),
                        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789 =.-").ofMaxLength(120),
                        Arbitraries.of(true, false))
                .as(Numbers::new);
        return Combinators.combine(method, parts, numbers).as(SipRoundTripProperties::build);
    }

    private static Arbitrary<String> users() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_.+").ofMinLength(1).ofMaxLength(16);
    }

    private static Arbitrary<String> hosts() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
                .map(label -> label + ".example.com");
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(octets -> String.join(".", octets.stream().map(String::valueOf).toList()));
        return Arbitraries.oneOf(names, ipv4);
    }

    private static Arbitrary<Optional<String>> displayNames() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz ABC.-'").ofMinLength(1).ofMaxLength(20)
                .map(String::strip).filter(s -> !s.isEmpty()).optional();
    }

    private static Arbitrary<String> words() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-.").ofMinLength(1).ofMaxLength(24);
    }

    record Parts(String user, String host, int port, Optional<String> displayName, String fromUser, String fromHost,
                 String tag, String callIdWord) {
    }

    record Numbers(long cseq, int maxForwards, String transport, String body, boolean withBody) {
    }

    private static SIPRequest build(String method, Parts p, Numbers n) {
        try {
            var addresses = SipMessages.addressFactory();
            var headers = SipMessages.headerFactory();
            SipURI requestUri = addresses.createSipURI(p.user(), p.host());
            if (p.port() > 0) {
                requestUri.setPort(p.port());
            }
            Address from = addresses.createAddress(addresses.createSipURI(p.fromUser(), p.fromHost()));
            p.displayName().ifPresent(name -> setDisplayName(from, name));
            Address to = addresses.createAddress(addresses.createSipURI(p.user(), p.host()));
            ViaHeader via = headers.createViaHeader(p.fromHost(), 5060, n.transport(), "z9hG4bK" + p.tag());
            SIPRequest request = (SIPRequest) SipMessages.messageFactory().createRequest(requestUri, method,
                    headers.createCallIdHeader(p.callIdWord() + "@" + p.fromHost()),
                    headers.createCSeqHeader(n.cseq(), method),
                    headers.createFromHeader(from, p.tag()),
                    headers.createToHeader(to, null),
                    List.of(via),
                    headers.createMaxForwardsHeader(n.maxForwards()));
            if (n.withBody() && !n.body().isEmpty()) {
                request.setContent(n.body(), headers.createContentTypeHeader("application", "sdp"));
            }
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("generator produced an invalid value", e);
        }
    }

    private static void setDisplayName(Address address, String name) {
        try {
            address.setDisplayName(name);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
