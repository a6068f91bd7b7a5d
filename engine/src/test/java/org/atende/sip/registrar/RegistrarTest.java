package org.atende.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.sip.registrar.RegisterFlow.PHONE;
import static org.atende.sip.registrar.RegisterFlow.contacts;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sip.header.MinExpiresHeader;
import org.atende.config.ExtensionConfig;
import org.atende.config.RegistrarConfig;
import org.atende.sip.auth.DigestAuthenticator;
import org.atende.sip.auth.DigestClient;
import org.atende.sip.auth.MutableClock;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.Test;

class RegistrarTest {

    static final RegistrarConfig LIMITS = new RegistrarConfig(Duration.ofSeconds(60), Duration.ofSeconds(7200),
            Duration.ofSeconds(3600), Duration.ofMinutes(5), RegistrarConfig.ALGORITHMS);
    static final Map<String, ExtensionConfig> EXTENSIONS = Map.of(
            "1001", new ExtensionConfig("1001", "s3cret", "Ana", 2),
            "1002", new ExtensionConfig("1002", "other", "Bia", 3));

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final RecordingStore store = new RecordingStore();
    private final Registrar registrar = newRegistrar(clock, store);
    private final RegisterFlow phone = new RegisterFlow(registrar);

    static Registrar newRegistrar(MutableClock clock, BindingStore store) {
        DigestAuthenticator auth = new DigestAuthenticator("example.com", LIMITS.nonceLifetime(), clock,
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        return new Registrar("example.com", LIMITS, user -> Optional.ofNullable(EXTENSIONS.get(user)), auth, store, clock);
    }

    @Test
    void registerIsChallengedThenBoundWithTheRequestedExpiry() {
        SIPResponse ok = phone.register("1001", "s3cret", "reg1", 1,
                "Contact: <sip:1001@192.168.1.20:5060>\nExpires: 600\n");

        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(contacts(ok)).containsExactly("<sip:1001@192.168.1.20:5060>;expires=600");
        assertThat(ok.getHeader("Date")).isNotNull();
        assertThat(ok.getTo().getTag()).isNotBlank();
        assertThat(registrar.lookup("1001")).singleElement().satisfies(b -> {
            assertThat(b.contactUri()).isEqualTo("sip:1001@192.168.1.20:5060");
            assertThat(b.source()).isEqualTo(PHONE);
            assertThat(b.expires()).isEqualTo(clock.instant().plusSeconds(600));
            assertThat(b.callId()).isEqualTo("reg1");
            assertThat(b.cseq()).isEqualTo(2);
        });
        assertThat(store.last()).hasSize(1);
    }

    @Test
    void deferredSavesGiveTheStoreOneSnapshotPerSaveIfChangedNotOnePerRegister() {
        registrar.deferSaves();
        int saves = store.snapshots.size();

        phone.register("1001", "s3cret", "reg1", 1, "Contact: <sip:1001@192.168.1.20:5060>\nExpires: 600\n");
        phone.register("1001", "s3cret", "reg1", 3, "Contact: <sip:1001@192.168.1.20:5060>\nExpires: 300\n");
        assertThat(store.snapshots).as("nothing saved per REGISTER").hasSize(saves);

        registrar.saveIfChanged();
        assertThat(store.snapshots).hasSize(saves + 1);
        assertThat(store.last()).singleElement()
                .satisfies(b -> assertThat(b.expires()).isEqualTo(clock.instant().plusSeconds(300)));
        registrar.saveIfChanged();
        assertThat(store.snapshots).as("unchanged since: nothing to save").hasSize(saves + 1);
    }

    @Test
    void defaultExpiryAppliesWhenNoneIsRequested() {
        SIPResponse ok = phone.register("1001", "s3cret", "reg1", 1, "Contact: <sip:1001@192.168.1.20>\n");

        assertThat(contacts(ok)).containsExactly("<sip:1001@192.168.1.20>;expires=3600");
    }

    @Test
    void severalContactsAreBoundAndLookupOrdersByQ() {
        SIPResponse ok = phone.register("1002", "other", "reg1", 1,
                "Contact: <sip:1002@10.0.0.1>;q=0.5, <sip:1002@10.0.0.2>;q=0.9\nContact: <sip:1002@10.0.0.3>\n");

        assertThat(contacts(ok)).hasSize(3);
        assertThat(registrar.lookup("1002")).extracting(Binding::contactUri)
                .containsExactly("sip:1002@10.0.0.3", "sip:1002@10.0.0.2", "sip:1002@10.0.0.1");
    }

    @Test
    void perContactExpiresParameterOverridesTheExpiresHeader() {
        SIPResponse ok = phone.register("1002", "other", "reg1", 1,
                "Contact: <sip:1002@10.0.0.1>;expires=300, <sip:1002@10.0.0.2>\nExpires: 900\n");

        assertThat(contacts(ok)).containsExactlyInAnyOrder("<sip:1002@10.0.0.1>;expires=300",
                "<sip:1002@10.0.0.2>;expires=900");
    }

    @Test
    void expiryBelowMinimumGets423WithMinExpiresAndBindsNothing() {
        SIPResponse response = phone.register("1001", "s3cret", "reg1", 1,
                "Contact: <sip:1001@10.0.0.1>;expires=30\n");

        assertThat(response.getStatusCode()).isEqualTo(423);
        assertThat(((MinExpiresHeader) response.getHeader("Min-Expires")).getExpires()).isEqualTo(60);
        assertThat(registrar.lookup("1001")).isEmpty();
    }

    @Test
    void expiryAboveMaximumIsCut() {
        SIPResponse ok = phone.register("1001", "s3cret", "reg1", 1, "Contact: <sip:1001@10.0.0.1>\nExpires: 999999\n");

        assertThat(contacts(ok)).containsExactly("<sip:1001@10.0.0.1>;expires=7200");
    }

    @Test
    void bindingsLapseWhenTheirTimeIsUp() {
        phone.register("1001", "s3cret", "reg1", 1, "Contact: <sip:1001@10.0.0.1>;expires=120\n");

        clock.advance(Duration.ofSeconds(119));
        assertThat(registrar.lookup("1001")).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(registrar.lookup("1001")).isEmpty();

        int saves = store.snapshots.size();
        registrar.expire();
        assertThat(store.snapshots).hasSize(saves + 1);
        assertThat(store.last()).isEmpty();
        registrar.expire();
        assertThat(store.snapshots).as("nothing left to purge, nothing to save").hasSize(saves + 1);
    }

    @Test
    void wildcardWithExpiresZeroRemovesEveryBinding() {
        phone.register("1002", "other", "reg1", 1, "Contact: <sip:1002@10.0.0.1>, <sip:1002@10.0.0.2>\n");

        SIPResponse ok = phone.register("1002", "other", "reg1", 10, "Contact: *\nExpires: 0\n");

        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(contacts(ok)).isEmpty();
        assertThat(registrar.lookup("1002")).isEmpty();
    }

    @Test
    void wildcardNeedsExpiresZeroAndNoOtherContact() {
        phone.register("1002", "other", "reg1", 1, "Contact: <sip:1002@10.0.0.1>\n");

        SIPResponse nonZero = phone.register("1002", "other", "reg1", 10, "Contact: *\nExpires: 60\n");
        SIPResponse mixed = phone.register("1002", "other", "reg1", 20, "Contact: *\nContact: <sip:1002@10.0.0.2>\nExpires: 0\n");

        assertThat(nonZero.getStatusCode()).isEqualTo(400);
        assertThat(mixed.getStatusCode()).isEqualTo(400);
        assertThat(registrar.lookup("1002")).hasSize(1);
    }

    @Test
    void expiresZeroRemovesJustThatContact() {
        phone.register("1002", "other", "reg1", 1, "Contact: <sip:1002@10.0.0.1>, <sip:1002@10.0.0.2>\n");

        SIPResponse ok = phone.register("1002", "other", "reg1", 10, "Contact: <sip:1002@10.0.0.1>;expires=0\n");

        assertThat(contacts(ok)).containsExactly("<sip:1002@10.0.0.2>;expires=3600");
    }

    @Test
    void registerWithoutContactIsAQuery() {
        phone.register("1002", "other", "reg1", 1, "Contact: <sip:1002@10.0.0.1>;expires=600\n");
        clock.advance(Duration.ofSeconds(100));

        SIPResponse ok = phone.register("1002", "other", "query", 1, "");

        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(contacts(ok)).containsExactly("<sip:1002@10.0.0.1>;expires=500");
    }

    @Test
    void wrongPasswordIsChallengedAgain() {
        SIPResponse response = phone.register("1001", "wrong", "reg1", 1, "Contact: <sip:1001@10.0.0.1>\n");

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(registrar.lookup("1001")).isEmpty();
    }

    @Test
    void unknownAndKnownUsersGetTheSameFirstAnswer() {
        SIPResponse known = registrar.handle(RegisterFlow.request("1001", "c", 1, "Contact: <sip:a@b>\n"), PHONE);
        SIPResponse unknown = registrar.handle(RegisterFlow.request("7777", "c", 1, "Contact: <sip:a@b>\n"), PHONE);

        assertThat(known.getStatusCode()).isEqualTo(unknown.getStatusCode()).isEqualTo(401);
        assertThat(known.getHeaders("WWW-Authenticate")).toIterable().hasSize(2);
        assertThat(unknown.getHeaders("WWW-Authenticate")).toIterable().hasSize(2);
    }

    @Test
    void registeringAnotherUsersAorWithOwnCredentialsIsForbidden() {
        SIPResponse known = phone.register("1002", "1001", "s3cret", "reg1", 1, "Contact: <sip:x@10.0.0.1>\n", PHONE);
        SIPResponse unknown = phone.register("7777", "1001", "s3cret", "reg2", 1, "Contact: <sip:x@10.0.0.1>\n", PHONE);

        assertThat(known.getStatusCode()).isEqualTo(403);
        assertThat(unknown.getStatusCode()).isEqualTo(403);
        assertThat(registrar.bindings()).isEmpty();
    }

    @Test
    void exceedingMaxContactsEvictsTheOldestBinding() {
        phone.register("1001", "s3cret", "a", 1, "Contact: <sip:1001@10.0.0.1>\n");
        clock.advance(Duration.ofSeconds(1));
        phone.register("1001", "s3cret", "b", 1, "Contact: <sip:1001@10.0.0.2>\n");
        clock.advance(Duration.ofSeconds(1));

        SIPResponse ok = phone.register("1001", "s3cret", "c", 1, "Contact: <sip:1001@10.0.0.3>\n");

        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(registrar.lookup("1001")).extracting(Binding::contactUri)
                .containsExactly("sip:1001@10.0.0.3", "sip:1001@10.0.0.2");
    }

    @Test
    void refreshingAnOldBindingSavesItFromEviction() {
        phone.register("1001", "s3cret", "a", 1, "Contact: <sip:1001@10.0.0.1>\n");
        clock.advance(Duration.ofSeconds(1));
        phone.register("1001", "s3cret", "b", 1, "Contact: <sip:1001@10.0.0.2>\n");
        clock.advance(Duration.ofSeconds(1));
        phone.register("1001", "s3cret", "a", 5, "Contact: <sip:1001@10.0.0.1>\n");
        clock.advance(Duration.ofSeconds(1));

        phone.register("1001", "s3cret", "c", 1, "Contact: <sip:1001@10.0.0.3>\n");

        assertThat(registrar.lookup("1001")).extracting(Binding::contactUri)
                .containsExactlyInAnyOrder("sip:1001@10.0.0.3", "sip:1001@10.0.0.1");
    }

    @Test
    void sameInstanceIdReplacesTheDevicesOwnBinding() {
        String instance = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1";
        phone.register("1002", "other", "before-reboot", 1, "Contact: <sip:1002@10.0.0.1:5060>;" + instance + "\n");
        phone.register("1002", "other", "other-phone", 1, "Contact: <sip:1002@10.0.0.9>\n");
        Endpoint newSource = new Endpoint(Transport.TCP, new InetSocketAddress("203.0.113.7", 50000));

        SIPResponse ok = phone.register("1002", "1002", "other", "after-reboot", 1,
                "Contact: <sip:1002@10.0.0.1:5062;transport=tcp>;" + instance + "\n", newSource);

        assertThat(contacts(ok)).hasSize(2).anySatisfy(c -> assertThat(c)
                .startsWith("<sip:1002@10.0.0.1:5062;transport=tcp>;expires=3600")
                .contains("urn:uuid:00000000-0000-1000-8000-000A95A0E128"));
        assertThat(registrar.lookup("1002")).extracting(Binding::contactUri)
                .containsExactlyInAnyOrder("sip:1002@10.0.0.1:5062;transport=tcp", "sip:1002@10.0.0.9");
        assertThat(registrar.lookup("1002")).filteredOn(b -> b.instanceId().isPresent()).singleElement()
                .satisfies(b -> {
                    assertThat(b.source()).isEqualTo(newSource);
                    assertThat(b.instanceId()).contains("<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");
                });
    }

    @Test
    void sameCallIdWithOlderCSeqIsRefusedAndChangesNothing() {
        phone.register("1002", "other", "reg1", 10, "Contact: <sip:1002@10.0.0.1>;expires=600\n");

        // The helper authenticates with CSeq 5 + 1 = 6, below the stored 11.
        SIPResponse stale = phone.register("1002", "other", "reg1", 5, "Contact: <sip:1002@10.0.0.1>;expires=0\n");

        assertThat(stale.getStatusCode()).isEqualTo(500);
        assertThat(registrar.lookup("1002")).singleElement().satisfies(b -> assertThat(b.cseq()).isEqualTo(11));
    }

    @Test
    void newCallIdReplacesTheBindingWhateverItsCSeq() {
        phone.register("1002", "other", "reg1", 10, "Contact: <sip:1002@10.0.0.1>;expires=600\n");

        SIPResponse ok = phone.register("1002", "other", "reg2", 1, "Contact: <sip:1002@10.0.0.1>;expires=900\n");

        assertThat(contacts(ok)).containsExactly("<sip:1002@10.0.0.1>;expires=900");
        assertThat(registrar.lookup("1002")).singleElement().satisfies(b -> assertThat(b.callId()).isEqualTo("reg2"));
    }

    @Test
    void contactsMatchByUriEquivalence() {
        phone.register("1002", "other", "reg1", 1, "Contact: <sip:1002@PHONE.example.net:5060>\n");

        phone.register("1002", "other", "reg1", 5, "Contact: <sip:1002@phone.example.net:5060>;expires=900\n");

        assertThat(registrar.lookup("1002")).singleElement()
                .satisfies(b -> assertThat(b.expires()).isEqualTo(clock.instant().plusSeconds(900)));
    }

    @Test
    void nonNumericExpiresParameterIsABadRequest() {
        SIPResponse response = phone.register("1001", "s3cret", "reg1", 1, "Contact: <sip:1001@10.0.0.1>;expires=soon\n");

        assertThat(response.getStatusCode()).isEqualTo(400);
    }

    @Test
    void toInAnotherDomainIsNotFound() throws Exception {
        SIPResponse challenge = registrar.handle(otherDomain(RegisterFlow.request("1001", "x", 1, "")), PHONE);
        String authorization = DigestClient.authorizationValue(DigestClient.select(challenge).orElseThrow(),
                "REGISTER", "sip:example.com", "1001", "s3cret", "c", 1);

        SIPResponse response = registrar.handle(otherDomain(RegisterFlow.request("1001", "x", 2,
                "Contact: <sip:1001@10.0.0.1>\nAuthorization: " + authorization + "\n")), PHONE);

        assertThat(challenge.getStatusCode()).isEqualTo(401);
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(registrar.bindings()).isEmpty();
    }

    private static SIPRequest otherDomain(SIPRequest request) throws Exception {
        ((SipUri) request.getTo().getAddress().getURI()).setHost("other.example");
        return request;
    }
}
