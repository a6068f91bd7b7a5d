package org.atende.sip.message;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Shared JAIN-SIP factories and the wire encoding of messages. The factories keep no per-message
 * state and are shared by all threads.
 */
public final class SipMessages {

    private static final MessageFactoryImpl MESSAGE_FACTORY = new MessageFactoryImpl();
    private static final HeaderFactoryImpl HEADER_FACTORY = new HeaderFactoryImpl();
    private static final AddressFactoryImpl ADDRESS_FACTORY = new AddressFactoryImpl();

    private SipMessages() {
    }

    public static MessageFactoryImpl messageFactory() {
        return MESSAGE_FACTORY;
    }

    public static HeaderFactoryImpl headerFactory() {
        return HEADER_FACTORY;
    }

    public static AddressFactoryImpl addressFactory() {
        return ADDRESS_FACTORY;
    }

    /**
     * The message as sent on the wire: start line and headers in UTF-8, then the body octets unchanged.
     * Unlike {@link SIPMessage#encodeAsBytes(String)}, this never rewrites the top Via's transport.
     */
    public static byte[] encode(SIPMessage message) {
        byte[] head = message.encodeMessage(new StringBuilder(512)).toString().getBytes(StandardCharsets.UTF_8);
        byte[] body = message.getRawContent();
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] wire = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, wire, head.length, body.length);
        return wire;
    }

    /** The start line and header fields as text, ending with the empty line; the body is not included. */
    public static String encodeHeaders(SIPMessage message) {
        return message.encodeMessage(new StringBuilder(512)).toString();
    }
}
