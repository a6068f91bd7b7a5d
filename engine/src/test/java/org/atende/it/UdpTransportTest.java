package org.atende.it;

import org.atende.sip.transport.Transport;

/** {@link TransportCompatibilityKit} over UDP. */
class UdpTransportTest extends TransportCompatibilityKit {

    @Override
    Transport transport() {
        return Transport.UDP;
    }
}
