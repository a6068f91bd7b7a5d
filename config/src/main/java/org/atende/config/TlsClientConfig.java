package org.atende.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How Atende opens TLS connections (to carriers, and to phones whose TLS connection dropped).
 *
 * @param caCertificates PEM certificates trusted besides the JVM's (a private CA, a carrier's self-signed
 *                       certificate); empty: the JVM's trust store alone
 * @param verifyServer   whether the peer's certificate must be trusted and name the host connected to (RFC 5922);
 *                       on by default, off only where a carrier's certificate cannot be checked
 */
public record TlsClientConfig(Optional<Path> caCertificates, boolean verifyServer) {

    public static final TlsClientConfig DEFAULTS = new TlsClientConfig(Optional.empty(), true);

    public TlsClientConfig {
        caCertificates = caCertificates == null ? Optional.empty() : caCertificates;
    }
}
