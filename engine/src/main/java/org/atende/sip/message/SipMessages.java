package org.atende.sip.message;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;
import java.nio.charset.StandardCharsets;

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
     * Unlike {@link SIPMessage#encodeAsBytes(String)} with a transport, this never rewrites the top Via.
     */
    public static byte[] encode(SIPMessage message) {
        return message.encodeAsBytes(null);
    }

    /** The start line and headers as text (for logs and tests); the body is not included. */
    public static String encodeHeaders(SIPMessage message) {
        return message.encodeMessage(new StringBuilder()).toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
