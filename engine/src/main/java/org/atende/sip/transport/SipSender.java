package org.atende.sip.transport;

import gov.nist.javax.sip.message.SIPMessage;

/** The transport's outbound side. Thread-safe and non-blocking: any event loop may call it. */
public interface SipSender {

    /**
     * Encodes and sends a message. Failures (no route, connection refused) are reported through
     * the listener, never thrown.
     */
    void send(SIPMessage message, Endpoint destination, SendListener listener);

    default void send(SIPMessage message, Endpoint destination) {
        send(message, destination, SendListener.IGNORE);
    }

    /** Outcome of one send; called on an arbitrary thread, so listeners post back to their own loop. */
    interface SendListener {
        SendListener IGNORE = cause -> { };

        void onFailure(Throwable cause);
    }
}
