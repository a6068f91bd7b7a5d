package org.atende.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.Test;

class RegistrarUriTest {

    @Test
    void hostPortAndTransportAreSplitOut() {
        RegistrarUri udp = RegistrarUri.parse("sip:sip.carrier.example:5080");
        assertThat(udp).isEqualTo(new RegistrarUri("sip.carrier.example", 5080, Transport.UDP));
        assertThat(udp.requestUri().toString()).isEqualTo("sip:sip.carrier.example:5080");
        assertThat(udp.addressOfRecord("atende01").toString()).isEqualTo("sip:atende01@sip.carrier.example");

        RegistrarUri tcp = RegistrarUri.parse("sip:127.0.0.1:5070;transport=tcp");
        assertThat(tcp).isEqualTo(new RegistrarUri("127.0.0.1", 5070, Transport.TCP));
        assertThat(tcp.requestUri().toString()).isEqualTo("sip:127.0.0.1:5070");
    }

    @Test
    void portDefaultsTo5060AndAUserPartIsDropped() {
        RegistrarUri uri = RegistrarUri.parse(" sip:someone@carrier.example ");
        assertThat(uri.port()).isEqualTo(-1);
        assertThat(uri.destinationPort()).isEqualTo(5060);
        assertThat(uri.requestUri().toString()).isEqualTo("sip:carrier.example");
    }

    @Test
    void sipsAndTransportTlsGoOverTlsToPort5061ByDefault() {
        assertThat(RegistrarUri.parse("sips:carrier.example")).isEqualTo(new RegistrarUri("carrier.example", -1,
                Transport.TLS));
        assertThat(RegistrarUri.parse("sips:carrier.example").destinationPort()).isEqualTo(5061);
        assertThat(RegistrarUri.parse("sip:carrier.example:5071;transport=TLS"))
                .isEqualTo(new RegistrarUri("carrier.example", 5071, Transport.TLS));
    }

    @Test
    void unsupportedUrisAreRejected() {
        assertThatThrownBy(() -> RegistrarUri.parse("sips:carrier.example;transport=udp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS");
        assertThatThrownBy(() -> RegistrarUri.parse("sip:carrier.example;transport=sctp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sctp");
        assertThatThrownBy(() -> RegistrarUri.parse("tel:+5511999999999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistrarUri.parse("carrier.example")).isInstanceOf(IllegalArgumentException.class);
    }
}
