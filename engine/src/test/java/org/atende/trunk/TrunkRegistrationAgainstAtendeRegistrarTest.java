package org.atende.trunk;

import org.atende.sip.transaction.ManualTimerService;
import org.atende.sip.transaction.RecordingSender;
import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.header.AuthorizationHeader;
import org.atende.config.ExtensionConfig;
import org.atende.config.RegistrarConfig;
import org.atende.config.TrunkConfig;
import org.atende.sip.auth.DigestAlgorithm;
import org.atende.sip.auth.DigestAuthenticator;
import org.atende.sip.registrar.BindingStore;
import org.atende.sip.registrar.Registrar;
import org.atende.sip.transaction.ServerTransaction;
import org.atende.sip.transaction.SipTimers;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transaction.TransactionUser;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.SipSender;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.Test;

/**
 * The registration client against Atende's own registrar and digest authenticator (SHA-256 offered first, a 300 s
 * minimum and nonce lifetime), messages passing through their wire form: an interoperability check of the digest
 * answer, nonce-count reuse, stale nonces, 423 and the un-REGISTER, on one manual clock.
 */
class TrunkRegistrationAgainstAtendeRegistrarTest {

    static final Endpoint CARRIER = Endpoint.udp(new InetSocketAddress("203.0.113.5", 5060));
    static final ListenPoint LOCAL = new ListenPoint(Transport.UDP, new InetSocketAddress("192.0.2.1", 5070),
            "pbx.example.com");
    static final Endpoint US = Endpoint.udp(LOCAL.bound());
    static final RegistrarConfig LIMITS = new RegistrarConfig(Duration.ofSeconds(300), Duration.ofSeconds(3600),
            Duration.ofSeconds(3600), Duration.ofSeconds(300), List.of("SHA-256", "MD5"));

    final ManualTimerService timers = new ManualTimerService();
    final Clock clock = timers.clock(Instant.parse("2025-03-01T10:00:00Z"));
    final DigestAuthenticator authenticator = new DigestAuthenticator("sip.carrier.example", LIMITS.nonceLifetime(),
            clock, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
            List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));
    final Registrar registrar = new Registrar("sip.carrier.example", LIMITS,
            user -> user.equals("atende01") ? Optional.of(new ExtensionConfig("atende01", "right-pw", null, 1))
                    : Optional.empty(), authenticator, BindingStore.NONE, clock);
    /** REGISTERs as the registrar saw them, and its status codes. */
    final List<SIPRequest> seen = new ArrayList<>();
    final List<Integer> answers = new ArrayList<>();
    TransactionLayer layer;

    /** Answers every REGISTER at once (the registrar is on the same manual clock), in its wire form. */
    final SipSender wire = (message, destination, listener) -> {
        SIPRequest request = Wire.onTheWire((SIPRequest) message);
        if (!seen.isEmpty() && seen.get(seen.size() - 1).getTopmostVia().getBranch()
                .equals(request.getTopmostVia().getBranch())) {
            return; // a retransmission; the first copy was answered
        }
        seen.add(request);
        SIPResponse response = (SIPResponse) Wire.parse(registrar.handle(request, US).encode());
        answers.add(response.getStatusCode());
        timers.schedule(Duration.ZERO, () -> layer.onResponse(response, CARRIER));
    };

    TrunkRegistrationClient client(String password, int expires) {
        layer = new TransactionLayer(wire, timers, SipTimers.RFC3261, new NoUser(), Runnable::run);
        return new TrunkRegistrationClient("carrier-a", new TrunkConfig.TrunkRegistration(
                "sip:sip.carrier.example", "atende01", password, expires), CARRIER, LOCAL, layer, timers, clock,
                "trunk-reg-1@pbx.example.com", new SplittableRandom(7));
    }

    @Test
    void registersRefreshesThroughAStaleNonceAndUnregisters() {
        TrunkRegistrationClient client = client("right-pw", 60);

        client.start();
        timers.advance(Duration.ZERO);

        assertThat(answers).containsExactly(401, 423, 200);
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERED);
        assertThat(((AuthorizationHeader) seen.get(1).getHeader(AuthorizationHeader.NAME)).getAlgorithm())
                .isEqualTo("SHA-256");
        assertThat(registrar.lookup("atende01")).singleElement().satisfies(b -> {
            assertThat(b.contactUri()).isEqualTo("sip:atende01@pbx.example.com:5070");
            assertThat(b.expires()).isEqualTo(clock.instant().plusSeconds(300));
        });
        assertThat(client.expiresAt()).contains(clock.instant().plusSeconds(300));

        timers.advance(Duration.ofSeconds(240));
        assertThat(answers).containsExactly(401, 423, 200, 200);
        assertThat(((AuthorizationHeader) seen.get(3).getHeader(AuthorizationHeader.NAME)).getNonceCount()).isEqualTo(3);

        timers.advance(Duration.ofSeconds(240));
        assertThat(answers).as("the nonce outlived its 300 s: stale, answered afresh")
                .containsExactly(401, 423, 200, 200, 401, 200);
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERED);

        AtomicInteger done = new AtomicInteger();
        client.stop(done::incrementAndGet);
        timers.advance(Duration.ZERO);
        assertThat(answers).endsWith(200);
        assertThat(done).hasValue(1);
        assertThat(registrar.lookup("atende01")).isEmpty();
    }

    @Test
    void wrongPasswordIsOneChallengeRoundPerAttempt() {
        TrunkRegistrationClient client = client("wrong-pw", 600);

        client.start();
        timers.advance(Duration.ZERO);

        assertThat(answers).containsExactly(401, 401);
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        assertThat(client.lastFailure()).contains("credentials rejected");
        timers.advance(Duration.ofMinutes(10));
        // attempts at 0, then after 30-60 s, 60-120 s, 120-240 s, 240-480 s: four or five in ten minutes
        assertThat(answers).as("two REGISTERs per attempt").hasSizeBetween(8, 10).containsOnly(401);
        assertThat(registrar.lookup("atende01")).isEmpty();
    }

    private static final class NoUser implements TransactionUser {
        @Override
        public void onRequest(ServerTransaction tx) {
            throw new AssertionError("no requests expected");
        }

        @Override
        public void onCancel(ServerTransaction invite, SIPRequest cancel) {
            throw new AssertionError("no CANCEL expected");
        }

        @Override
        public void onAck(SIPRequest ack, Endpoint source) {
            throw new AssertionError("no ACK expected");
        }

        @Override
        public void onStrayResponse(SIPResponse response, Endpoint source) {
        }
    }
}
