package org.atende.it;

import org.atende.sip.transport.Transport;

/** {@link TransportCompatibilityKit} over TLS. */
class TlsTransportTest extends TransportCompatibilityKit {

    @Override
    Transport transport() {
        return Transport.TLS;
    }
}
