package org.atende.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.atende.sip.auth.DigestChallenge;
import org.atende.sip.auth.DigestClient;
import org.atende.sip.auth.SipText;
import org.atende.sip.transport.Endpoint;

/** Drives REGISTER exchanges against a {@link Registrar} the way a phone would. */
final class RegisterFlow {

    static final Endpoint PHONE = Endpoint.udp(new InetSocketAddress("203.0.113.7", 40123));

    private final Registrar registrar;

    RegisterFlow(Registrar registrar) {
        this.registrar = registrar;
    }

    /** A REGISTER whose To/From AOR is {@code aor}@example.com, with extra header lines ending in newlines. */
    static SIPRequest request(String aor, String callId, long cseq, String extraHeaders) {
        return request(aor, callId, cseq, extraHeaders, "192.168.1.20:5060");
    }

    /** As above with the Via's sent-by {@code sentBy} ({@code host[:port]}). */
    static SIPRequest request(String aor, String callId, long cseq, String extraHeaders, String sentBy) {
        return SipText.request("""
                REGISTER sip:example.com SIP/2.0
                Via: SIP/2.0/UDP %5$s;branch=z9hG4bK%3$s%4$d;rport
                Max-Forwards: 70
                From: <sip:%1$s@example.com>;tag=ft%3$s
                To: <sip:%1$s@example.com>
                Call-ID: %3$s
                CSeq: %4$d REGISTER
                %2$sContent-Length: 0

                """.formatted(aor, extraHeaders, callId, cseq, sentBy));
    }

    /**
     * Sends the REGISTER without credentials (expecting 401), then again with CSeq + 1 and credentials for
     * {@code username}/{@code password}; returns the second response.
     */
    SIPResponse register(String aor, String username, String password, String callId, long cseq, String headers,
                         Endpoint source) {
        return register(aor, username, password, callId, cseq, headers, source, "192.168.1.20:5060");
    }

    /** As above, the REGISTERs' Via naming {@code sentBy}. */
    SIPResponse register(String aor, String username, String password, String callId, long cseq, String headers,
                         Endpoint source, String sentBy) {
        SIPResponse challenge = registrar.handle(request(aor, callId, cseq, headers, sentBy), source);
        assertThat(challenge.getStatusCode()).isEqualTo(401);
        DigestChallenge digest = DigestClient.select(challenge).orElseThrow();
        String authorization = DigestClient.authorizationValue(digest, "REGISTER", "sip:example.com", username,
                password, "cn" + cseq, 1);
        return registrar.handle(request(aor, callId, cseq + 1, headers + "Authorization: " + authorization + "\n",
                sentBy), source);
    }

    SIPResponse register(String user, String password, String callId, long cseq, String headers) {
        return register(user, user, password, callId, cseq, headers, PHONE);
    }

    static List<String> contacts(SIPResponse response) {
        List<String> values = new ArrayList<>();
        Iterator<?> it = response.getHeaders("Contact");
        while (it.hasNext()) {
            values.add(((SIPHeader) it.next()).getHeaderValue().strip());
        }
        return values;
    }
}
