package org.atende.sip.transport;

import java.util.Locale;
import java.util.Optional;

/** The SIP transports Atende speaks (RFC 3261 §18; TLS as in §26 and RFC 5630). */
public enum Transport {
    UDP, TCP, TLS;

    /** The token used in a Via header's sent-protocol ({@code SIP/2.0/UDP}). */
    public String viaName() {
        return name();
    }

    /** The value of a URI's {@code transport=} parameter. */
    public String uriParameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the transport is reliable (no retransmission of requests, RFC 3261 §17). */
    public boolean reliable() {
        return this != UDP;
    }

    /** Whether it runs over a TCP connection (TCP and TLS). */
    public boolean stream() {
        return this != UDP;
    }

    /** The default port of a URI without one: 5061 for TLS (and {@code sips:}), 5060 otherwise. */
    public int defaultPort() {
        return this == TLS ? 5061 : 5060;
    }

    /** A Via sent-protocol or URI {@code transport=} token, any case. */
    public static Optional<Transport> parse(String token) {
        for (Transport t : values()) {
            if (t.name().equalsIgnoreCase(token)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
