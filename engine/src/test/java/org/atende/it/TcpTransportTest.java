package org.atende.it;

import org.atende.sip.transport.Transport;

/** {@link TransportCompatibilityKit} over TCP. */
class TcpTransportTest extends TransportCompatibilityKit {

    @Override
    Transport transport() {
        return Transport.TCP;
    }
}
