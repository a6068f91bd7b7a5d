package org.atende.sip.transport;

import java.net.InetSocketAddress;

/**
 * A remote SIP peer as the transport sees it: where a message came from, or where one goes.
 * Over TCP the transport reuses the connection to that address when one is open.
 */
public record Endpoint(Transport transport, InetSocketAddress address) {

    public static Endpoint udp(InetSocketAddress address) {
        return new Endpoint(Transport.UDP, address);
    }

    @Override
    public String toString() {
        return transport + ":" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
