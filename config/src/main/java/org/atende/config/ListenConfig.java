package org.atende.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One SIP listener.
 *
 * @param transport  {@code udp}, {@code tcp} or {@code tls}
 * @param address    IP address to bind (127.0.0.1 in the demo)
 * @param port       port to bind, 1-65535 in the YAML file; 0 (any free port) is accepted here for tests
 * @param advertise  host or address put in Via/Contact/Record-Route; defaults to {@code address} (null becomes
 *                   {@code address})
 * @param certificate the TLS listener's certificate chain (PEM), null for UDP and TCP
 * @param privateKey  the TLS listener's private key (PEM, PKCS#8 or PKCS#1), null for UDP and TCP
 */
public record ListenConfig(SipTransportName transport, String address, int port, String advertise, Path certificate,
                           Path privateKey) {

    public ListenConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        if (advertise == null) {
            advertise = address;
        }
        if ((transport == SipTransportName.TLS) != (certificate != null && privateKey != null)) {
            throw new IllegalArgumentException("a TLS listener, and only one, has a certificate and a private key");
        }
    }

    /** A UDP or TCP listener. */
    public ListenConfig(SipTransportName transport, String address, int port, String advertise) {
        this(transport, address, port, advertise, null, null);
    }

    public enum SipTransportName {
        UDP, TCP, TLS;

        /** The name as written in the YAML file and in Via headers' lower-case form. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether it runs over a TCP socket (TCP and TLS share a port space). */
        public boolean stream() {
            return this != UDP;
        }

        /** {@code udp}, {@code tcp} or {@code tls}, any case. */
        public static Optional<SipTransportName> parse(String text) {
            for (SipTransportName t : values()) {
                if (t.name().equalsIgnoreCase(text.strip())) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }
}
