package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void ipv4BlockContainsItsAddressesOnly() throws Exception {
        Cidr c = Cidr.parse("10.0.0.0/24");
        assertThat(c.prefixLength()).isEqualTo(24);
        assertThat(c.contains(ip("10.0.0.0"))).isTrue();
        assertThat(c.contains(ip("10.0.0.255"))).isTrue();
        assertThat(c.contains(ip("10.0.1.0"))).isFalse();
        assertThat(c.contains(ip("9.255.255.255"))).isFalse();
        assertThat(c.contains(ip("::ffff:10.0.0.1"))).isTrue(); // Java hands mapped addresses over as IPv4
        assertThat(c).hasToString("10.0.0.0/24");
    }

    @Test
    void oddPrefixesMaskPartialBytes() throws Exception {
        Cidr c = Cidr.parse("192.168.4.0/22");
        assertThat(c.contains(ip("192.168.7.254"))).isTrue();
        assertThat(c.contains(ip("192.168.8.1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.7/24").contains(ip("10.0.0.1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void singleAddressIsAFullLengthBlock() throws Exception {
        assertThat(Cidr.parse("127.0.0.1")).isEqualTo(new Cidr(ip("127.0.0.1"), 32));
        assertThat(Cidr.parse("::1")).isEqualTo(new Cidr(ip("::1"), 128));
        assertThat(Cidr.parse(" 127.0.0.1 ").contains(ip("127.0.0.2"))).isFalse();
        assertThat(Cidr.of(ip("192.0.2.1"))).isEqualTo(Cidr.parse("192.0.2.1/32"));
    }

    @Test
    void ipv6BlockContainsItsAddressesOnly() throws Exception {
        Cidr c = Cidr.parse("2001:db8::/32");
        assertThat(c.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(c.contains(ip("2001:db9::1"))).isFalse();
        assertThat(c.contains(ip("10.0.0.1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("fe80::/10").contains(ip("febf::1"))).isTrue();
        assertThat(Cidr.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
    }

    @Test
    void ipv4MappedIpv6PrefixCountsFromTheIpv4Part() throws Exception {
        Cidr c = Cidr.parse("::ffff:10.0.0.0/120");
        assertThat(c).isEqualTo(Cidr.parse("10.0.0.0/24"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.300/24", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0/24", "10.0.0.0/8x",
        "::1/129", "2001:db8::/0128", "localhost", "sip.carrier.example", "10.0.0.01", "1.2.3.4.5", "", "/24",
        "gg::1", ":::", "10.0.0.0 /24", "1e1.0.0.1", "[::1]"})
    void badBlocksAreRefused(String text) {
        assertThat(Cidr.tryParse(text)).as(text).isEmpty();
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not an address or CIDR");
    }

    @Test
    void constructorRefusesImpossiblePrefixes() throws Exception {
        InetAddress v4 = ip("10.0.0.0");
        assertThatThrownBy(() -> new Cidr(v4, 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(v4, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Cidr(ip("::"), 128).prefixLength()).isEqualTo(128);
    }

    @Property(tries = 300)
    void ipv4BlockContainsExactlyTheAddressesSharingThePrefix(@ForAll int network, @ForAll int address,
            @ForAll @IntRange(min = 0, max = 32) int prefix) throws Exception {
        Cidr c = Cidr.parse(dotted(network) + "/" + prefix);
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        boolean expected = ((network & 0xffffffffL) & mask) == ((address & 0xffffffffL) & mask);
        assertThat(c.contains(ip(dotted(address)))).isEqualTo(expected);
        assertThat(Cidr.parse(c.toString())).isEqualTo(c);
    }

    private static String dotted(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
