package org.atende.sip.registrar;

import gov.nist.javax.sip.header.Via;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import org.atende.config.ExtensionConfig.Nat;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;

/**
 * Where requests for a new binding are sent, decided once when its REGISTER arrives: to the Contact (its address,
 * port and {@code transport} parameter, RFC 3263 §4 without DNS), or to where the REGISTER came from when the phone
 * is behind NAT (RFC 3581: its NAT binding or TCP connection is there).
 *
 * <p>With {@link Nat#AUTO} the phone is taken to be behind NAT when
 * <ul>
 *   <li>the top Via's sent-by (host and port, 5060 when none is written) is not the address and port the REGISTER
 *       came from, or</li>
 *   <li>the Contact holds a private address (RFC 1918, RFC 6598 shared space, link-local, IPv6 unique-local)
 *       while the REGISTER came from a public one.</li>
 * </ul>
 * {@link Nat#FORCE} always sends to the source, {@link Nat#NEVER} always to the Contact. A Contact Atende cannot
 * reach as written (a host name, which would need a look-up; {@code sips:}; a transport it has no listener for)
 * is never used: the source is. Over TCP and TLS a phone's source port is an ephemeral one, unlike its Via's, so
 * {@code auto} sends over the phone's own connection, which is also what RFC 5626 asks.
 *
 * <p>Pure: no DNS (only IP literals are read), no I/O.
 */
final class ContactRoute {

    /** The default SIP port over UDP and TCP (RFC 3261 §19.1.2). */
    private static final int SIP_PORT = 5060;

    /**
     * The choice for one contact.
     *
     * @param destination where requests go
     * @param why         the reason, for the registration's DEBUG line
     */
    record Choice(Endpoint destination, String why) {
    }

    private ContactRoute() {
    }

    /**
     * @param mode       the extension's {@code nat} setting
     * @param via        the REGISTER's top Via (its sent-by as the phone wrote it), or null
     * @param source     where the REGISTER came from
     * @param contact    the Contact's URI
     * @param transports the transports Atende listens on
     */
    static Choice choose(Nat mode, Via via, Endpoint source, URI contact, Set<Transport> transports) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        if (mode == Nat.FORCE) {
            return new Choice(source, "where the REGISTER came from (nat: force)");
        }
        Reachable reachable = reachable(contact, transports);
        if (reachable.endpoint == null) {
            return new Choice(source, "where the REGISTER came from: the Contact " + reachable.problem
                    + " (nat: " + mode.word() + ")");
        }
        if (mode == Nat.NEVER) {
            return new Choice(through(reachable.endpoint, source), "its Contact (nat: never)");
        }
        Optional<String> nat = natSeen(via, source, reachable.endpoint.address().getAddress());
        return nat.map(reason -> new Choice(source, "where the REGISTER came from: behind NAT, " + reason
                        + " (nat: auto)"))
                .orElseGet(() -> new Choice(through(reachable.endpoint, source), "its Contact: no NAT seen (nat: auto)"));
    }

    /** Why the REGISTER shows NAT, or empty. */
    private static Optional<String> natSeen(Via via, Endpoint source, InetAddress contactAddress) {
        InetSocketAddress from = source.address();
        if (via == null || via.getHost() == null) {
            return Optional.of("no Via sent-by");
        }
        String host = unbracket(via.getHost());
        int port = via.getPort() > 0 ? via.getPort() : SIP_PORT;
        InetAddress sentBy = NetUtil.createInetAddressFromIpAddressString(host);
        if (sentBy == null || !sentBy.equals(from.getAddress()) || port != from.getPort()) {
            return Optional.of("Via sent-by " + host + ":" + port + " is not the source "
                    + from.getAddress().getHostAddress() + ":" + from.getPort());
        }
        if (isPrivate(contactAddress) && isPublic(from.getAddress())) {
            return Optional.of("the Contact's " + contactAddress.getHostAddress() + " is private and the source "
                    + from.getAddress().getHostAddress() + " public");
        }
        return Optional.empty();
    }

    private record Reachable(Endpoint endpoint, String problem) {
    }

    /** The Contact as an endpoint Atende can send to, or why it is not one. */
    private static Reachable reachable(URI contact, Set<Transport> transports) {
        if (!(contact instanceof SipURI sip)) {
            return new Reachable(null, "is not a sip: URI");
        }
        String param = sip.getTransportParam();
        Transport transport = param == null ? (sip.isSecure() ? Transport.TLS : Transport.UDP)
                : Transport.parse(param).orElse(null);
        if (transport == null) {
            return new Reachable(null, "names transport " + param.toLowerCase(Locale.ROOT) + ", which Atende does"
                    + " not speak");
        }
        if (sip.isSecure() && transport != Transport.TLS) {
            return new Reachable(null, "is sips: over " + transport);
        }
        if (!transports.contains(transport)) {
            return new Reachable(null, "names transport " + transport + ", on which Atende does not listen");
        }
        String host = sip.getHost() == null ? "" : unbracket(sip.getHost());
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(host);
        if (address == null) {
            return new Reachable(null, "names host " + host + ", not an address");
        }
        int port = sip.getPort() > 0 ? sip.getPort() : transport.defaultPort();
        if (port > 65535) {
            return new Reachable(null, "names port " + port);
        }
        return new Reachable(new Endpoint(transport, new InetSocketAddress(address, port)), null);
    }

    /** The Contact reached through the listener the REGISTER arrived on, when it is of the Contact's transport. */
    private static Endpoint through(Endpoint contact, Endpoint source) {
        return source.local() != null && source.local().transport() == contact.transport()
                ? contact.through(source.local()) : contact;
    }

    private static String unbracket(String host) {
        return host.length() > 1 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1)
                : host;
    }

    /** RFC 1918, RFC 6598 (carrier-grade NAT), link-local; IPv6 unique-local (fc00::/7) and link-local. */
    static boolean isPrivate(InetAddress a) {
        if (a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }

    /** Neither private, loopback, unspecified nor multicast. */
    static boolean isPublic(InetAddress a) {
        return !isPrivate(a) && !a.isLoopbackAddress() && !a.isAnyLocalAddress() && !a.isMulticastAddress();
    }
}
