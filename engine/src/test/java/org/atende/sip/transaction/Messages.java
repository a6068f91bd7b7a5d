package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;

/** SIP messages for tests, written as wire text and parsed by the JAIN-SIP RI parser. */
final class Messages {

    static final Endpoint ALICE = Endpoint.udp(new InetSocketAddress("192.0.2.10", 5060));
    static final Endpoint BOB = Endpoint.udp(new InetSocketAddress("198.51.100.20", 5060));
    static final Endpoint BOB_TCP = new Endpoint(Transport.TCP, new InetSocketAddress("198.51.100.20", 5060));

    private Messages() {
    }

    static SIPMessage parse(String text) {
        try {
            return new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad test message:\n" + text, e);
        }
    }

    /** What the peer would see: the message encoded and parsed again. */
    @SuppressWarnings("unchecked")
    static <T extends SIPMessage> T onTheWire(T message) {
        return (T) parse(message.encode());
    }

    static Req request(String method) {
        return new Req(method);
    }

    static Req invite() {
        return new Req("INVITE");
    }

    /** The response a UAS would send to {@code request}, To tag set, as parsed off the wire. */
    static SIPResponse response(SIPRequest request, int status, String toTag) {
        SIPResponse response = request.createResponse(status);
        if (toTag != null) {
            AbstractServerTransaction.setToTag(response, toTag);
        }
        return onTheWire(response);
    }

    /** A request as a peer sends it; every field settable. */
    static final class Req {
        private String method;
        private String cseqMethod;
        private String branch = "z9hG4bK-branch-1";
        private String sentBy = "192.0.2.10:5060";
        private String transport = "UDP";
        private String uri = "sip:0800123456@atende.example";
        private String callId = "call-1@192.0.2.10";
        private String fromTag = "from-1";
        private String toTag;
        private long cseq = 1;

        private Req(String method) {
            this.method = method;
            this.cseqMethod = method;
        }

        Req branch(String value) {
            branch = value;
            return this;
        }

        Req sentBy(String value) {
            sentBy = value;
            return this;
        }

        Req tcp() {
            transport = "TCP";
            return this;
        }

        Req uri(String value) {
            uri = value;
            return this;
        }

        Req callId(String value) {
            callId = value;
            return this;
        }

        Req fromTag(String value) {
            fromTag = value;
            return this;
        }

        Req toTag(String value) {
            toTag = value;
            return this;
        }

        Req cseq(long value) {
            cseq = value;
            return this;
        }

        /** An ACK or CANCEL for this INVITE: same values, the method changed in the request line and CSeq. */
        Req as(String newMethod) {
            Req copy = new Req(newMethod);
            copy.branch = branch;
            copy.sentBy = sentBy;
            copy.transport = transport;
            copy.uri = uri;
            copy.callId = callId;
            copy.fromTag = fromTag;
            copy.toTag = toTag;
            copy.cseq = cseq;
            return copy;
        }

        SIPRequest build() {
            String via = "SIP/2.0/" + transport + " " + sentBy + (branch == null ? "" : ";branch=" + branch);
            String to = "<sip:0800123456@atende.example>" + (toTag == null ? "" : ";tag=" + toTag);
            String text = method + " " + uri + " SIP/2.0\r\n"
                    + "Via: " + via + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Route: <sip:edge.atende.example;lr>\r\n"
                    + "From: \"Alice\" <sip:alice@carrier.example>;tag=" + fromTag + "\r\n"
                    + "To: " + to + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " " + cseqMethod + "\r\n"
                    + "Contact: <sip:alice@" + sentBy + ">\r\n"
                    + "Content-Length: 0\r\n\r\n";
            return (SIPRequest) parse(text);
        }
    }
}
