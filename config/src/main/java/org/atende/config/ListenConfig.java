package org.atende.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One SIP listener.
 *
 * @param transport  {@code udp} or {@code tcp}
 * @param address    IP address to bind (127.0.0.1 in the demo)
 * @param port       port to bind, 1-65535 in the YAML file; 0 (any free port) is accepted here for tests
 * @param advertise  host or address put in Via/Contact/Record-Route; defaults to {@code address} (null becomes
 *                   {@code address})
 */
public record ListenConfig(SipTransportName transport, String address, int port, String advertise) {

    public ListenConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        if (advertise == null) {
            advertise = address;
        }
    }

    public enum SipTransportName {
        UDP, TCP;

        /** The name as written in the YAML file and in Via headers' lower-case form. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code udp} or {@code tcp}, any case. */
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
