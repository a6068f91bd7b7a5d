package org.atende.sip.auth;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/** Builds JAIN-SIP messages from text for tests. */
public final class SipText {

    private SipText() {
    }

    /** Parses a message written with {@code \n} line ends (converted to CRLF). */
    public static SIPMessage parse(String text) {
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
        try {
            return new StringMsgParser().parseSIPMessage(crlf.getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException("test message does not parse: " + e.getMessage(), e);
        }
    }

    public static SIPRequest request(String text) {
        return (SIPRequest) parse(text);
    }

    /** A REGISTER for {@code user} at example.com with extra header lines (each ending in a newline). */
    public static SIPRequest register(String user, String extraHeaders) {
        return request("""
                REGISTER sip:example.com SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds
                Max-Forwards: 70
                From: <sip:%1$s@example.com>;tag=456248
                To: <sip:%1$s@example.com>
                Call-ID: 843817637684230@998sdasdh09
                CSeq: 1826 REGISTER
                %2$sContent-Length: 0

                """.formatted(user, extraHeaders));
    }
}
