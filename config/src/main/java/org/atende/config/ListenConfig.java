package org.atende.config;

/**
 * One SIP listener.
 *
 * @param transport  {@code udp} or {@code tcp}
 * @param address    IP address to bind (127.0.0.1 in the demo)
 * @param port       port to bind, 1-65535
 * @param advertise  host or address put in Via/Contact/Record-Route; defaults to {@code address}
 */
public record ListenConfig(SipTransportName transport, String address, int port, String advertise) {

    public enum SipTransportName { UDP, TCP }
}
