package org.atende.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.atende.config.ExtensionConfig;
import org.atende.config.ExtensionConfig.Nat;
import org.atende.sip.auth.DigestAuthenticator;
import org.atende.sip.auth.MutableClock;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.Test;

/** Where a binding's requests go: the Contact, or where the REGISTER came from when the phone is behind NAT. */
class RegistrarNatTest {

    static final Map<String, ExtensionConfig> EXTENSIONS = Map.of(
            "1001", extension("1001", Nat.AUTO),
            "1002", extension("1002", Nat.FORCE),
            "1003", extension("1003", Nat.NEVER));

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    /** The store of the registrar made last (each registration here starts a new one). */
    private RecordingStore store;

    private static ExtensionConfig extension(String number, Nat nat) {
        return new ExtensionConfig(number, "pw" + number, null, 3, false, false, false, nat);
    }

    private Registrar registrar(Set<Transport> transports) {
        DigestAuthenticator auth = new DigestAuthenticator("example.com", RegistrarTest.LIMITS.nonceLifetime(), clock,
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        store = new RecordingStore();
        return new Registrar("example.com", RegistrarTest.LIMITS, user -> Optional.ofNullable(EXTENSIONS.get(user)),
                auth, store, clock, transports);
    }

    private static Endpoint udp(String host, int port) {
        return Endpoint.udp(new InetSocketAddress(host, port));
    }

    /** Registers {@code user} with {@code contact} from {@code source}, Via sent-by {@code sentBy}; its destination. */
    private Endpoint destination(Set<Transport> transports, String user, String contact, Endpoint source,
                                 String sentBy) {
        Registrar registrar = registrar(transports);
        assertThat(new RegisterFlow(registrar).register(user, user, "pw" + user, "reg-" + user, 1,
                "Contact: " + contact + "\n", source, sentBy).getStatusCode()).isEqualTo(200);
        Binding binding = registrar.lookup(user).get(0);
        assertThat(binding.source()).isEqualTo(source);
        return binding.destination();
    }

    private Endpoint destination(String user, String contact, Endpoint source, String sentBy) {
        return destination(EnumSet.allOf(Transport.class), user, contact, source, sentBy);
    }

    @Test
    void aPhoneWhoseViaIsItsSourceIsReachedOnItsContactPort() {
        assertThat(destination("1001", "<sip:1001@198.51.100.20:5070>", udp("198.51.100.20", 5060),
                "198.51.100.20:5060")).isEqualTo(udp("198.51.100.20", 5070));
    }

    @Test
    void aLanPhoneWithAPrivateContactAndAPrivateSourceIsReachedOnItsContact() {
        assertThat(destination("1001", "<sip:1001@192.168.1.20:5062>", udp("192.168.1.20", 5060),
                "192.168.1.20:5060")).isEqualTo(udp("192.168.1.20", 5062));
    }

    @Test
    void noPortInViaOrContactMeans5060() {
        assertThat(destination("1001", "<sip:1001@198.51.100.20>", udp("198.51.100.20", 5060), "198.51.100.20"))
                .isEqualTo(udp("198.51.100.20", 5060));
        assertThat(destination("1001", "<sip:1001@198.51.100.20>", udp("198.51.100.20", 5070), "198.51.100.20"))
                .as("sent-by without a port is 5060, which is not the source's 5070")
                .isEqualTo(udp("198.51.100.20", 5070));
    }

    @Test
    void aViaHostOtherThanTheSourceMeansNat() {
        Endpoint source = udp("203.0.113.7", 40123);
        assertThat(destination("1001", "<sip:1001@192.168.1.20:5060>", source, "192.168.1.20:5060"))
                .isEqualTo(source);
    }

    @Test
    void aViaPortOtherThanTheSourcePortMeansNat() {
        Endpoint source = udp("203.0.113.7", 40123);
        assertThat(destination("1001", "<sip:1001@203.0.113.7:5060>", source, "203.0.113.7:5060"))
                .isEqualTo(source);
    }

    @Test
    void aPrivateContactFromAPublicSourceMeansNatEvenWhenTheViaMatches() {
        Endpoint source = udp("203.0.113.7", 40123);
        for (String contact : new String[] {"10.1.2.3", "172.20.0.9", "192.168.0.5", "100.64.10.1", "169.254.3.3"}) {
            assertThat(destination("1001", "<sip:1001@" + contact + ":5060>", source, "203.0.113.7:40123"))
                    .as(contact).isEqualTo(source);
        }
    }

    @Test
    void aContactWithTransportTcpIsReachedOverTcp() {
        assertThat(destination("1001", "<sip:1001@198.51.100.20:5062;transport=tcp>", udp("198.51.100.20", 5060),
                "198.51.100.20:5060"))
                .isEqualTo(new Endpoint(Transport.TCP, new InetSocketAddress("198.51.100.20", 5062)));
    }

    @Test
    void anIpv6ContactIsReachedOnItsAddress() {
        Endpoint source = udp("2001:db8::20", 5060);
        assertThat(destination("1001", "<sip:1001@[2001:db8::20]:5070>", source, "[2001:db8::20]:5060"))
                .isEqualTo(udp("2001:db8::20", 5070));
    }

    @Test
    void aContactAtendeCannotReachAsWrittenFallsBackToTheSource() {
        Endpoint source = udp("198.51.100.20", 5060);
        assertThat(destination("1001", "<sip:1001@phone.example.net:5070>", source, "198.51.100.20:5060"))
                .as("a host name would need a look-up").isEqualTo(source);
        assertThat(destination(EnumSet.of(Transport.UDP, Transport.TCP), "1001", "<sips:1001@198.51.100.20:5071>",
                source, "198.51.100.20:5060")).as("sips without a TLS listener").isEqualTo(source);
        assertThat(destination("1001", "<sip:1001@198.51.100.20:5070;transport=sctp>", source, "198.51.100.20:5060"))
                .as("a transport Atende does not speak").isEqualTo(source);
        assertThat(destination(EnumSet.of(Transport.UDP), "1001", "<sip:1001@198.51.100.20:5070;transport=tcp>",
                source, "198.51.100.20:5060")).as("no TCP listener").isEqualTo(source);
    }

    @Test
    void aSipsContactIsReachedOverTls() {
        Endpoint source = udp("198.51.100.20", 5060);
        assertThat(destination(EnumSet.allOf(Transport.class), "1001", "<sips:1001@198.51.100.20>", source,
                "198.51.100.20:5060")).isEqualTo(new Endpoint(Transport.TLS, new InetSocketAddress("198.51.100.20", 5061)));
    }

    @Test
    void natForceSendsToTheSourceThoughNothingLooksNatted() {
        Endpoint source = udp("198.51.100.20", 5060);
        assertThat(destination("1002", "<sip:1002@198.51.100.20:5070>", source, "198.51.100.20:5060"))
                .isEqualTo(source);
    }

    @Test
    void natNeverSendsToTheContactThoughEverythingLooksNatted() {
        assertThat(destination("1003", "<sip:1003@192.168.1.20:5070;transport=tcp>", udp("203.0.113.7", 40123),
                "192.168.1.20:5060"))
                .isEqualTo(new Endpoint(Transport.TCP, new InetSocketAddress("192.168.1.20", 5070)));
    }

    @Test
    void theDestinationIsWhatIsStored() {
        destination("1001", "<sip:1001@198.51.100.20:5070>", udp("198.51.100.20", 5060), "198.51.100.20:5060");
        assertThat(store.last()).singleElement()
                .satisfies(b -> assertThat(b.destination()).isEqualTo(udp("198.51.100.20", 5070)));
    }
}
