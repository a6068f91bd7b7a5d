package org.atende.trunk;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/** SIP messages for tests, written as wire text and parsed by the JAIN-SIP RI parser. */
final class Wire {

    private Wire() {
    }

    static SIPMessage parse(String text) {
        try {
            return new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad test message:\n" + text, e);
        }
    }

    /** What the peer sees: the request encoded and parsed again. */
    static SIPRequest onTheWire(SIPRequest request) {
        return (SIPRequest) parse(request.encode());
    }

    /**
     * The response a registrar would write to {@code request}: its Via, From, Call-ID and CSeq copied, To with a
     * tag, then {@code extraHeaders} (each a full line without CRLF).
     */
    static SIPResponse response(SIPRequest request, int status, String reason, String... extraHeaders) {
        StringBuilder text = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n")
                .append(request.getViaHeaders().encode())
                .append(request.getFrom().toString())
                .append("To: <").append(request.getTo().getAddress().getURI()).append(">;tag=registrar-1\r\n")
                .append(request.getCallId().toString())
                .append(request.getCSeq().toString());
        for (String header : extraHeaders) {
            text.append(header).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        return (SIPResponse) parse(text.toString());
    }
}
