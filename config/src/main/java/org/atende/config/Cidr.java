package org.atende.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address block: 10.0.0.0/24, 127.0.0.1 (/32), ::1 (/128).
 *
 * <p>The network address is kept as written; {@link #contains} compares only the prefix bits, so
 * {@code 10.0.0.7/24} and {@code 10.0.0.0/24} match the same addresses.
 */
public record Cidr(InetAddress network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9]\\d{0,2}");

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range 0.." + bits);
        }
    }

    /** A block holding exactly one address (/32 or /128). */
    public static Cidr of(InetAddress address) {
        return new Cidr(address, address.getAddress().length * 8);
    }

    /**
     * Parses {@code 10.0.0.0/24}, {@code 192.0.2.7}, {@code 2001:db8::/32} or {@code ::1}; an address without a
     * prefix is a single-address block. Never looks anything up in DNS.
     *
     * @throws IllegalArgumentException when the text is not an address or CIDR
     */
    public static Cidr parse(String text) {
        return tryParse(text).orElseThrow(
                () -> new IllegalArgumentException("\"" + text + "\" is not an address or CIDR"));
    }

    /** Like {@link #parse} but empty instead of throwing. */
    public static Optional<Cidr> tryParse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        Optional<InetAddress> address = parseLiteral(addressPart);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        InetAddress a = address.get();
        int bits = a.getAddress().length * 8;
        if (slash < 0) {
            return Optional.of(new Cidr(a, bits));
        }
        String prefixPart = s.substring(slash + 1);
        if (!PREFIX.matcher(prefixPart).matches()) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(prefixPart);
        if (a instanceof Inet4Address && addressPart.indexOf(':') >= 0) {
            // ::ffff:10.0.0.0/120 — Java turns IPv4-mapped IPv6 addresses into IPv4 ones
            prefix -= 96;
        }
        if (prefix < 0 || prefix > bits) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(a, prefix));
    }

    /**
     * Parses an IPv4 ({@code 192.0.2.7}) or IPv6 ({@code 2001:db8::1}) literal, never a host name, never DNS.
     * IPv4 parts with leading zeros are refused (some tools read them as octal).
     */
    public static Optional<InetAddress> parseAddress(String text) {
        return parseLiteral(text.strip());
    }

    private static Optional<InetAddress> parseLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            if (!IPV6.matcher(s).matches()) {
                return Optional.empty();
            }
        } else if (!IPV4.matcher(s).matches()) {
            return Optional.empty();
        } else {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // a literal (checked above: digits and dots, or hex digits and colons) is never resolved via DNS
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public boolean contains(InetAddress address) {
        byte[] a = network.getAddress();
        byte[] b = address.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int bits = prefixLength;
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
