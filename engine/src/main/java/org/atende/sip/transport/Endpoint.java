package org.atende.sip.transport;

import java.net.InetSocketAddress;

/**
 * A remote SIP peer as the transport sees it: where a message came from, or where one goes. Over TCP and TLS the
 * transport reuses the connection to that address when one is open, and opens one when none is.
 *
 * @param transport the transport
 * @param address   the peer's address and port
 * @param local     the listener the peer's message arrived on, and so the socket anything sent back leaves from
 *                  (RFC 3261 §18.2.2); null when there is none yet (a request to a new destination), in which case
 *                  the transport's first listener of that transport is used
 */
public record Endpoint(Transport transport, InetSocketAddress address, ListenPoint local) {

    public Endpoint(Transport transport, InetSocketAddress address) {
        this(transport, address, null);
    }

    public static Endpoint udp(InetSocketAddress address) {
        return new Endpoint(Transport.UDP, address);
    }

    /** The same peer, reached through {@code listener}. */
    public Endpoint through(ListenPoint listener) {
        return new Endpoint(transport, address, listener);
    }

    @Override
    public String toString() {
        return transport + ":" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
