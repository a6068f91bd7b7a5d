package org.atende.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A carrier trunk.
 *
 * @param name         a label for logs and metrics
 * @param allow        source addresses or CIDRs the carrier sends from (IPv4 or IPv6)
 * @param trusted      take the caller's identity from P-Asserted-Identity
 * @param numbers      the numbers (normalised) this trunk delivers; empty means every configured number
 * @param registration optional registration of Atende to the carrier (null becomes empty)
 */
public record TrunkConfig(
        String name,
        List<Cidr> allow,
        boolean trusted,
        List<String> numbers,
        Optional<TrunkRegistration> registration) {

    public TrunkConfig {
        Objects.requireNonNull(name, "name");
        if (registration == null) {
            registration = Optional.empty();
        }
        allow = List.copyOf(allow);
        numbers = List.copyOf(numbers);
    }

    /** Whether a request from this source address belongs to this trunk. */
    public boolean allows(InetAddress source) {
        return allow.stream().anyMatch(c -> c.contains(source));
    }

    /**
     * Registration of Atende to the carrier's registrar.
     *
     * @param registrar SIP URI of the carrier's registrar
     * @param username  digest user name
     * @param password  digest password
     * @param expiresSeconds requested expiry
     */
    public record TrunkRegistration(String registrar, String username, String password, int expiresSeconds) {
        public TrunkRegistration {
            Objects.requireNonNull(registrar, "registrar");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (expiresSeconds < 1) {
                throw new IllegalArgumentException("expires must be positive, was " + expiresSeconds);
            }
        }

        @Override
        public String toString() {
            return "TrunkRegistration[registrar=" + registrar + ", username=" + username + "]";
        }
    }
}
