package org.atende.config;

import java.net.InetAddress;
import java.time.Duration;
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
 * @param outbound     optional settings for calls Atende places through this trunk (null becomes empty)
 * @param qualify      how often an OPTIONS goes to {@link #outboundProxy()} to learn whether the carrier is
 *                     reachable; empty (the default, null becomes empty): never. Only for a trunk that places calls
 * @param maxCalls     calls on this trunk at once, both directions (the channels the contract pays for); 0: no limit
 * @param callsPerSecond new calls a second on this trunk, both directions; 0: no limit
 */
public record TrunkConfig(
        String name,
        List<Cidr> allow,
        boolean trusted,
        List<String> numbers,
        Optional<TrunkRegistration> registration,
        Optional<TrunkOutbound> outbound,
        Optional<Duration> qualify,
        int maxCalls,
        int callsPerSecond) {

    public TrunkConfig {
        if (maxCalls < 0 || callsPerSecond < 0) {
            throw new IllegalArgumentException("trunk " + name + ": max_calls and calls_per_second must not be negative");
        }
        Objects.requireNonNull(name, "name");
        if (registration == null) {
            registration = Optional.empty();
        }
        if (outbound == null) {
            outbound = Optional.empty();
        }
        if (qualify == null) {
            qualify = Optional.empty();
        }
        if (qualify.isPresent() && registration.isEmpty() && outbound.isEmpty()) {
            throw new IllegalArgumentException("trunk " + name + ": qualify needs an outbound proxy or a registrar");
        }
        allow = List.copyOf(allow);
        numbers = List.copyOf(numbers);
    }

    /** Without limits. */
    public TrunkConfig(String name, List<Cidr> allow, boolean trusted, List<String> numbers,
                       Optional<TrunkRegistration> registration, Optional<TrunkOutbound> outbound,
                       Optional<Duration> qualify) {
        this(name, allow, trusted, numbers, registration, outbound, qualify, 0, 0);
    }

    /** Without qualify. */
    public TrunkConfig(String name, List<Cidr> allow, boolean trusted, List<String> numbers,
                       Optional<TrunkRegistration> registration, Optional<TrunkOutbound> outbound) {
        this(name, allow, trusted, numbers, registration, outbound, Optional.empty());
    }

    /** A trunk that only delivers calls. */
    public TrunkConfig(String name, List<Cidr> allow, boolean trusted, List<String> numbers,
                       Optional<TrunkRegistration> registration) {
        this(name, allow, trusted, numbers, registration, Optional.empty());
    }

    /** Whether Atende can place calls through this trunk: it has an outbound proxy or a registrar. */
    public boolean placesCalls() {
        return outbound.isPresent() || registration.isPresent();
    }

    /** Where calls through this trunk are sent: the outbound proxy, else the registrar. */
    public Optional<String> outboundProxy() {
        return outbound.map(TrunkOutbound::proxy).or(() -> registration.map(TrunkRegistration::registrar));
    }

    /** The digest user name answering the carrier's challenges: the outbound one, else the registration's. */
    public Optional<String> outboundUsername() {
        return outbound.flatMap(TrunkOutbound::username).or(() -> registration.map(TrunkRegistration::username));
    }

    /** The digest password for {@link #outboundUsername()}. */
    public Optional<String> outboundPassword() {
        return outbound.flatMap(TrunkOutbound::password).or(() -> registration.map(TrunkRegistration::password));
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

    /**
     * Calls Atende places through the trunk (an IVR route to an external number).
     *
     * @param proxy    SIP URI the INVITEs go to ({@code sip:sip.carrier.example:5060;transport=tcp}); the
     *                 registrar when the trunk registers and this is not written
     * @param callerId the number presented to the carrier in From; empty presents the caller's own number
     * @param username digest user name for the carrier's 401/407 (the loader fills in the registration's)
     * @param password digest password (likewise)
     */
    public record TrunkOutbound(String proxy, Optional<String> callerId, Optional<String> username,
                                Optional<String> password) {
        public TrunkOutbound {
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(callerId, "callerId");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "TrunkOutbound[proxy=" + proxy + ", callerId=" + callerId.orElse("(caller)") + ", username="
                    + username.orElse("(registration)") + "]";
        }
    }
}
