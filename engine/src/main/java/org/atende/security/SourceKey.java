package org.atende.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What counts as one source for bans and rate limits: an IPv4 address as it is, an IPv6 address by its /64 (one
 * host, or one customer of a provider, owns a whole /64; counting its addresses one by one would let it rotate
 * through 2^64 of them). IPv4-mapped IPv6 addresses arrive as IPv4 from the JDK already.
 */
final class SourceKey {

    private SourceKey() {
    }

    /** {@code address} itself (IPv4, no allocation) or its /64 network (IPv6). */
    static InetAddress of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        for (int i = 8; i < 16; i++) {
            bytes[i] = 0;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    /** How a source is written in the security log: the address, {@code 2001:db8::/64} for IPv6. */
    static String text(InetAddress key) {
        return key instanceof Inet6Address ? key.getHostAddress() + "/64" : key.getHostAddress();
    }
}
