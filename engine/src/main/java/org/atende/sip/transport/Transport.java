package org.atende.sip.transport;

/** The SIP transports Atende speaks. TLS arrives with the security work. */
public enum Transport {
    UDP, TCP;

    /** The token used in a Via header's sent-protocol ({@code SIP/2.0/UDP}). */
    public String viaName() {
        return name();
    }

    /** Whether the transport is reliable (no retransmission of requests, RFC 3261 §17). */
    public boolean reliable() {
        return this != UDP;
    }
}
