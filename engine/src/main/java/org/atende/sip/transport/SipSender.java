package org.atende.sip.transport;

import gov.nist.javax.sip.message.SIPMessage;

/** The transport's outbound side. Thread-safe and non-blocking: any event loop may call it. */
public interface SipSender {

    /**
     * Encodes and sends a message. Failures (no route, connection refused) are reported through
     * the listener, never thrown.
     */
    void send(SIPMessage message, Endpoint destination, SendListener listener);

    /**
     * Sends a message already encoded by {@link org.atende.sip.message.SipMessages#encode} (retransmissions kept
     * as bytes). The default parses it back and calls {@link #send(SIPMessage, Endpoint, SendListener)}, which
     * suits test doubles; the real transport writes the bytes.
     */
    default void sendEncoded(byte[] encoded, Endpoint destination, SendListener listener) {
        try {
            send(new gov.nist.javax.sip.parser.StringMsgParser().parseSIPMessage(encoded, true, false, null),
                    destination, listener);
        } catch (java.text.ParseException e) {
            listener.onFailure(e);
        }
    }

    default void send(SIPMessage message, Endpoint destination) {
        send(message, destination, SendListener.IGNORE);
    }

    /** Outcome of one send; called on an arbitrary thread, so listeners post back to their own loop. */
    interface SendListener {
        SendListener IGNORE = cause -> { };

        void onFailure(Throwable cause);
    }
}
