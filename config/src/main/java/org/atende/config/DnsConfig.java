package org.atende.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How Atende resolves host names (a trunk's registrar and proxy): without blocking, asking these servers.
 *
 * @param servers the DNS servers asked, in order (IP literal and port); empty: the system's, from
 *                {@code /etc/resolv.conf}. {@code /etc/hosts} is read first either way
 * @param timeout how long one look-up may take in all before it fails; the servers share it equally, so that the
 *                next server is tried when one does not answer
 */
public record DnsConfig(List<InetSocketAddress> servers, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_PORT = 53;

    /** The system's servers, 5 s. */
    public static final DnsConfig DEFAULTS = new DnsConfig(List.of(), DEFAULT_TIMEOUT);

    public DnsConfig {
        servers = List.copyOf(servers);
        for (InetSocketAddress s : servers) {
            if (s.isUnresolved()) {
                throw new IllegalArgumentException("DNS server " + s + " is not an IP address");
            }
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("dns timeout must lie between 100ms and 60s, was " + timeout);
        }
    }

    /** The time each query may take when {@code servers} servers are asked in turn: an equal share of the timeout. */
    public Duration queryTimeout(int servers) {
        return timeout.dividedBy(Math.max(1, servers));
    }
}
