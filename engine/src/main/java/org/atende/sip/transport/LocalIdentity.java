package org.atende.sip.transport;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.RouteHeader;

/**
 * Decides whether a URI names this node. On loopback every peer shares 127.0.0.1 with Atende on other
 * ports, so an address matches only together with its port; the bare SIP domain (no port) matches too.
 */
public final class LocalIdentity {

    private final String domain;
    private final List<ListenPoint> points;

    public LocalIdentity(String domain, List<ListenPoint> points) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.points = List.copyOf(points);
    }

    public String domain() {
        return domain;
    }

    /** Whether {@code uri} is addressed to this node (a user at our domain, or at one of our listen points). */
    public boolean isLocal(URI uri) {
        if (!(uri instanceof SipURI sip)) {
            return false;
        }
        String host = stripBrackets(sip.getHost().toLowerCase(Locale.ROOT));
        int port = sip.getPort();
        int effective = port == -1 ? 5060 : port;
        for (ListenPoint p : points) {
            if (effective == p.port() && hostMatches(host, p)) {
                return true;
            }
        }
        if (host.equals(domain)) {
            // the domain names us when no port is given, or when the port is one of ours
            return port == -1 || points.stream().anyMatch(p -> p.port() == port);
        }
        return false;
    }

    private static boolean hostMatches(String host, ListenPoint p) {
        if (host.equals(p.advertise().toLowerCase(Locale.ROOT))) {
            return true;
        }
        InetAddress bound = p.bound().getAddress();
        return host.equals(bound.getHostAddress()) || (bound.isAnyLocalAddress() && isLiteralLocal(host));
    }

    private static boolean isLiteralLocal(String host) {
        return host.startsWith("127.") || host.equals("::1") || host.equals("localhost");
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Removes the Route headers at the top of {@code request} that name this node (loose routing, RFC 3261 §16.4). */
    public void stripOwnRoutes(SIPRequest request) {
        var routes = request.getRouteHeaders();
        if (routes == null) {
            return;
        }
        ListIterator<?> it = routes.listIterator();
        while (it.hasNext()) {
            RouteHeader route = (RouteHeader) it.next();
            if (isLocal(route.getAddress().getURI())) {
                it.remove();
            } else {
                break;
            }
        }
        if (routes.isEmpty()) {
            request.removeHeader(RouteHeader.NAME);
        }
    }
}
