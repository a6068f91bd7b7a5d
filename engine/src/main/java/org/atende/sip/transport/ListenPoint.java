package org.atende.sip.transport;

import java.net.InetSocketAddress;

/**
 * One bound listener.
 *
 * @param transport the transport
 * @param bound     the socket address actually bound (port resolved when 0 was asked)
 * @param advertise the host written into Via, Contact and Record-Route
 */
public record ListenPoint(Transport transport, InetSocketAddress bound, String advertise) {

    public int port() {
        return bound.getPort();
    }

    @Override
    public String toString() {
        return transport + " " + bound.getAddress().getHostAddress() + ":" + bound.getPort();
    }
}
