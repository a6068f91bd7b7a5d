package org.atende.config;

import java.net.InetAddress;

/** An address block: 10.0.0.0/24, 127.0.0.1 (/32), ::1 (/128). */
public record Cidr(InetAddress network, int prefixLength) {

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
