package org.atende.trunk;

import org.atende.sip.transaction.ManualTimerService;
import org.atende.sip.transaction.RecordingSender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.UserAgentHeader;
import org.atende.config.TrunkConfig;
import org.atende.sip.transaction.ServerTransaction;
import org.atende.sip.transaction.SipTimers;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transaction.TransactionUser;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Drives a {@link TrunkRegistrationClient} over a real {@link TransactionLayer} (UDP timers, manual clock), reading
 * the REGISTERs off a recording sender and answering them with responses written as text.
 */
class TrunkRegistrationClientTest {

    static final Endpoint CARRIER = Endpoint.udp(new InetSocketAddress("203.0.113.5", 5060));
    static final ListenPoint LOCAL = new ListenPoint(Transport.UDP, new InetSocketAddress("192.0.2.1", 5070),
            "pbx.example.com");
    static final String PASSWORD = "s3cret!pw";
    static final TrunkConfig.TrunkRegistration SETTINGS = new TrunkConfig.TrunkRegistration(
            "sip:sip.carrier.example:5060", "atende01", PASSWORD, 3600);
    static final String CALL_ID = "0123456789abcdef@pbx.example.com";
    static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    static final String CHALLENGE = "WWW-Authenticate: Digest realm=\"carrier.example\", nonce=\"n0nce-1\", "
            + "opaque=\"op4que\", qop=\"auth\", algorithm=MD5";
    static final String OUR_CONTACT = "<sip:atende01@pbx.example.com:5070>";

    final ManualTimerService timers = new ManualTimerService();
    final RecordingSender sender = new RecordingSender(timers);
    final TransactionLayer layer = new TransactionLayer(sender, timers, SipTimers.RFC3261, new NoUser(), Runnable::run);
    /** Distinct values (for cnonces) whose nextDouble() is 0: the back-off takes its shortest wait. */
    final AtomicLong counter = new AtomicLong();
    final RandomGenerator shortestJitter = () -> counter.incrementAndGet();
    final LogCapture logs = new LogCapture(TrunkRegistrationClient.class);
    TrunkRegistrationClient client = client(SETTINGS);

    @AfterEach
    void detachLogs() {
        logs.close();
    }

    TrunkRegistrationClient client(TrunkConfig.TrunkRegistration settings) {
        return new TrunkRegistrationClient("carrier-a", settings, CARRIER, LOCAL, layer, timers,
                timers.clock(START), CALL_ID, shortestJitter);
    }

    // ---- the first REGISTER ----

    @Test
    void firstRegisterCarriesTheRegistrationHeaders() {
        client.start();

        assertThat(registers()).hasSize(1);
        assertThat(sender.sent().get(0).destination()).isEqualTo(CARRIER);
        SIPRequest register = lastRegister();
        assertThat(register.getMethod()).isEqualTo("REGISTER");
        assertThat(register.getRequestURI().toString()).isEqualTo("sip:sip.carrier.example:5060");
        assertThat(register.getFrom().getAddress().getURI().toString()).isEqualTo("sip:atende01@sip.carrier.example");
        assertThat(register.getFrom().getTag()).isNotBlank();
        assertThat(register.getTo().getAddress().getURI().toString()).isEqualTo("sip:atende01@sip.carrier.example");
        assertThat(register.getTo().getTag()).isNull();
        assertThat(register.getCallId().getCallId()).isEqualTo(CALL_ID);
        assertThat(register.getCSeq().getSeqNumber()).isEqualTo(1);
        assertThat(register.getCSeq().getMethod()).isEqualTo("REGISTER");
        Via via = register.getTopmostVia();
        assertThat(via.getTransport()).isEqualTo("UDP");
        assertThat(via.getSentBy().encode()).isEqualTo("pbx.example.com:5070");
        assertThat(via.getBranch()).startsWith("z9hG4bK");
        assertThat(via.hasParameter("rport")).isTrue();
        assertThat(register.getHeader(ContactHeader.NAME).toString().strip())
                .isEqualTo("Contact: " + OUR_CONTACT);
        assertThat(register.getExpires().getExpires()).isEqualTo(3600);
        assertThat(register.getMaxForwards().getMaxForwards()).isEqualTo(70);
        assertThat(((UserAgentHeader) register.getHeader(UserAgentHeader.NAME)).getProduct().next()).isEqualTo("Atende");
        assertThat(register.getHeader(AuthorizationHeader.NAME)).isNull();
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERING);
        assertThat(client.expiresAt()).isEmpty();
    }

    @Test
    void registrarOverTcpGetsATcpViaAndContact() {
        ListenPoint tcp = new ListenPoint(Transport.TCP, new InetSocketAddress("192.0.2.1", 5070), "pbx.example.com");
        Endpoint carrier = new Endpoint(Transport.TCP, new InetSocketAddress("127.0.0.1", 5070));
        client = new TrunkRegistrationClient("carrier-tcp", new TrunkConfig.TrunkRegistration(
                "sip:127.0.0.1:5070;transport=tcp", "atende01", PASSWORD, 600), carrier, tcp, layer, timers,
                timers.clock(START), CALL_ID, shortestJitter);

        client.start();

        SIPRequest register = lastRegister();
        assertThat(register.getRequestURI().toString()).isEqualTo("sip:127.0.0.1:5070");
        assertThat(register.getTopmostVia().getTransport()).isEqualTo("TCP");
        assertThat(((SipURI) ((ContactHeader) register.getHeader(ContactHeader.NAME)).getAddress().getURI())
                .getTransportParam()).isEqualTo("tcp");
        assertThat(sender.sent().get(0).destination()).isEqualTo(carrier);
    }

    @Test
    void registrarTransportMustMatchTheListener() {
        assertThatThrownBy(() -> client(new TrunkConfig.TrunkRegistration("sip:carrier.example;transport=tcp",
                "atende01", PASSWORD, 600))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TCP");
    }

    // ---- digest authentication ----

    @Test
    void challengeIsAnsweredWithAnMd5DigestAndTheNextCSeq() {
        client.start();
        SIPRequest first = lastRegister();

        answer(first, 401, "Unauthorized", CHALLENGE);

        assertThat(registers()).hasSize(2);
        SIPRequest second = lastRegister();
        assertThat(second.getCSeq().getSeqNumber()).isEqualTo(2);
        assertThat(second.getCallId().getCallId()).isEqualTo(CALL_ID);
        assertThat(second.getFrom().getTag()).isEqualTo(first.getFrom().getTag());
        assertThat(second.getTopmostVia().getBranch()).isNotEqualTo(first.getTopmostVia().getBranch());
        AuthorizationHeader auth = (AuthorizationHeader) second.getHeader(AuthorizationHeader.NAME);
        assertThat(auth.getScheme()).isEqualTo("Digest");
        assertThat(auth.getUsername()).isEqualTo("atende01");
        assertThat(auth.getRealm()).isEqualTo("carrier.example");
        assertThat(auth.getNonce()).isEqualTo("n0nce-1");
        assertThat(auth.getOpaque()).isEqualTo("op4que");
        assertThat(auth.getURI().toString()).isEqualTo("sip:sip.carrier.example:5060");
        assertThat(auth.getQop()).isEqualTo("auth");
        assertThat(auth.getNonceCount()).isEqualTo(1);
        assertThat(auth.getCNonce()).isNotBlank();
        assertThat(auth.getResponse()).isEqualTo(expectedDigest(auth, "REGISTER", "atende01", PASSWORD));
    }

    @Test
    void proxyChallengeIsAnsweredWithProxyAuthorization() {
        client.start();

        answer(lastRegister(), 407, "Proxy Authentication Required",
                "Proxy-Authenticate: Digest realm=\"edge.carrier.example\", nonce=\"p1\", algorithm=MD5");

        SIPRequest second = lastRegister();
        assertThat(second.getHeader(AuthorizationHeader.NAME)).isNull();
        ProxyAuthorizationHeader auth = (ProxyAuthorizationHeader) second.getHeader(ProxyAuthorizationHeader.NAME);
        assertThat(auth.getRealm()).isEqualTo("edge.carrier.example");
        assertThat(auth.getResponse()).isEqualTo(expectedDigest(auth, "REGISTER", "atende01", PASSWORD));
    }

    @Test
    void secondChallengeAfterCredentialsFailsAndRetriesWithDoublingBackOff() {
        client.start();
        answer(lastRegister(), 401, "Unauthorized", CHALLENGE);
        answer(lastRegister(), 401, "Unauthorized", CHALLENGE);

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        assertThat(client.lastFailure()).contains("credentials rejected");
        assertThat(registers()).hasSize(2);

        timers.advance(Duration.ofMillis(29_999));
        assertThat(registers()).hasSize(2);
        timers.advance(Duration.ofMillis(1));
        assertThat(registers()).hasSize(3);
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERING);
        SIPRequest retry = lastRegister();
        assertThat(retry.getCSeq().getSeqNumber()).isEqualTo(3);
        assertThat(retry.getHeader(AuthorizationHeader.NAME)).as("a rejected challenge is forgotten").isNull();
        answer(retry, 401, "Unauthorized", CHALLENGE);
        answer(lastRegister(), 401, "Unauthorized", CHALLENGE);
        assertThat(registers()).hasSize(4);

        timers.advance(Duration.ofMillis(59_999));
        assertThat(registers()).hasSize(4);
        timers.advance(Duration.ofMillis(1));
        assertThat(registers()).hasSize(5);
        assertThat(sentTimes()).containsExactly(0L, 0L, 30_000L, 30_000L, 90_000L);

        List<String> warnings = logs.at(Level.WARN);
        assertThat(warnings).hasSize(2).allSatisfy(line -> {
            assertThat(line).contains("carrier-a").contains("credentials rejected").doesNotContain(PASSWORD);
        });
        assertThat(warnings.get(0)).contains("retrying in 30 s");
        assertThat(warnings.get(1)).contains("retrying in 60 s");
    }

    @Test
    void registrarThatKeepsSayingStaleCannotCauseAStorm() {
        client.start();
        for (int i = 0; i < 10 && client.state() == TrunkRegistrationClient.State.REGISTERING; i++) {
            answer(lastRegister(), 401, "Unauthorized", "WWW-Authenticate: Digest realm=\"carrier.example\", nonce=\"s"
                    + i + "\", stale=true, algorithm=MD5");
        }

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        assertThat(registers()).hasSize(1 + TrunkRegistrationClient.MAX_CHALLENGES);
    }

    @Test
    void refreshReusesTheNonceWithTheNextNonceCountAndAnswersAStaleChallenge() {
        register(120);
        timers.advance(Duration.ofSeconds(96));
        SIPRequest refresh = lastRegister();
        AuthorizationHeader auth = (AuthorizationHeader) refresh.getHeader(AuthorizationHeader.NAME);
        assertThat(auth.getNonce()).isEqualTo("n0nce-1");
        assertThat(auth.getNonceCount()).isEqualTo(2);
        assertThat(auth.getResponse()).isEqualTo(expectedDigest(auth, "REGISTER", "atende01", PASSWORD));

        answer(refresh, 401, "Unauthorized",
                "WWW-Authenticate: Digest realm=\"carrier.example\", nonce=\"n0nce-2\", qop=\"auth\", stale=true");

        AuthorizationHeader fresh = (AuthorizationHeader) lastRegister().getHeader(AuthorizationHeader.NAME);
        assertThat(fresh.getNonce()).isEqualTo("n0nce-2");
        assertThat(fresh.getNonceCount()).isEqualTo(1);
        assertThat(fresh.getResponse()).isEqualTo(expectedDigest(fresh, "REGISTER", "atende01", PASSWORD));
        answer(lastRegister(), 200, "OK", "Contact: " + OUR_CONTACT + ";expires=120");
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERED);
        assertThat(client.lastFailure()).isEmpty();
    }

    @Test
    void refreshCredentialsChallengedWithANewNonceGetOneFreshTry() {
        register(120);
        timers.advance(Duration.ofSeconds(96));

        answer(lastRegister(), 401, "Unauthorized",
                "WWW-Authenticate: Digest realm=\"carrier.example\", nonce=\"n0nce-3\", qop=\"auth\"");
        assertThat(((AuthorizationHeader) lastRegister().getHeader(AuthorizationHeader.NAME)).getNonce())
                .isEqualTo("n0nce-3");
        answer(lastRegister(), 401, "Unauthorized",
                "WWW-Authenticate: Digest realm=\"carrier.example\", nonce=\"n0nce-4\", qop=\"auth\"");

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        assertThat(client.lastFailure()).contains("credentials rejected");
        assertThat(registers()).hasSize(4);
    }

    // ---- granted expiry and refresh ----

    @Test
    void okWithContactExpiresSchedulesTheRefreshAfter80PercentOfIt() {
        client.start();
        answer(lastRegister(), 401, "Unauthorized", CHALLENGE);
        answer(lastRegister(), 200, "OK", "Contact: " + OUR_CONTACT + ";expires=120", "Expires: 3600");

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERED);
        assertThat(client.expiresAt()).contains(START.plusSeconds(120));
        timers.advance(Duration.ofMillis(95_999));
        assertThat(registers()).hasSize(2);
        timers.advance(Duration.ofMillis(1));
        assertThat(registers()).hasSize(3);
        SIPRequest refresh = lastRegister();
        assertThat(refresh.getCSeq().getSeqNumber()).isEqualTo(3);
        assertThat(refresh.getExpires().getExpires()).isEqualTo(3600);
        assertThat(client.state()).as("a refresh under way keeps the state").isEqualTo(TrunkRegistrationClient.State.REGISTERED);

        answer(refresh, 200, "OK", "Contact: " + OUR_CONTACT + ";expires=120");
        assertThat(client.expiresAt()).contains(START.plusSeconds(96 + 120));
        assertThat(logs.at(Level.INFO)).hasSize(1).first().asString().contains("registered with");
        assertThat(logs.at(Level.DEBUG)).anySatisfy(line -> assertThat(line).contains("refreshed"));
    }

    @Test
    void grantedExpiryFallsBackToTheExpiresHeaderThenToWhatWasAsked() {
        client.start();
        answer(lastRegister(), 200, "OK", "Contact: <sip:someone-else@198.51.100.9>;expires=30",
                "Contact: <sip:atende01@pbx.example.com:5070>", "Expires: 200");
        assertThat(client.expiresAt()).contains(START.plusSeconds(200));

        timers.advance(Duration.ofSeconds(160));
        answer(lastRegister(), 200, "OK");
        assertThat(client.expiresAt()).contains(START.plusSeconds(160 + 3600));

        timers.advance(Duration.ofSeconds(2880));
        assertThat(registers()).hasSize(3);
    }

    @Test
    void aRewrittenSingleContactStillGivesTheExpiry() {
        client.start();
        answer(lastRegister(), 200, "OK", "Contact: <sip:atende01@203.0.113.77:41234>;expires=300");
        assertThat(client.expiresAt()).contains(START.plusSeconds(300));
    }

    @Test
    void intervalTooBriefIsRetriedWithMinExpiresWhichIsKeptForRefreshes() {
        client = client(new TrunkConfig.TrunkRegistration("sip:sip.carrier.example:5060", "atende01", PASSWORD, 60));
        client.start();
        assertThat(lastRegister().getExpires().getExpires()).isEqualTo(60);

        answer(lastRegister(), 423, "Interval Too Brief", "Min-Expires: 300");

        SIPRequest retry = lastRegister();
        assertThat(retry.getCSeq().getSeqNumber()).isEqualTo(2);
        assertThat(retry.getExpires().getExpires()).isEqualTo(300);
        answer(retry, 200, "OK", "Contact: " + OUR_CONTACT + ";expires=300");
        timers.advance(Duration.ofSeconds(240));
        assertThat(registers()).hasSize(3);
        assertThat(lastRegister().getExpires().getExpires()).isEqualTo(300);
    }

    @Test
    void intervalTooBriefWithoutALargerMinExpiresIsAFailure() {
        client.start();
        answer(lastRegister(), 423, "Interval Too Brief", "Min-Expires: 60");

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        assertThat(client.lastFailure()).contains("423");
        assertThat(registers()).hasSize(1);
    }

    // ---- failures ----

    @Test
    void timeoutFailsAndIsRetriedThenRecoveryIsLogged() {
        client.start();
        String branch = lastRegister().getTopmostVia().getBranch();

        timers.advance(Duration.ofSeconds(32));

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        assertThat(client.lastFailure()).contains("timeout");
        assertThat(sender.sent()).hasSizeGreaterThan(1).allSatisfy(s ->
                assertThat(((SIPRequest) s.message()).getTopmostVia().getBranch()).isEqualTo(branch));
        timers.advance(Duration.ofSeconds(30));
        assertThat(registers()).hasSize(2);
        assertThat(lastRegister().getCSeq().getSeqNumber()).isEqualTo(2);

        answer(lastRegister(), 200, "OK", "Contact: " + OUR_CONTACT + ";expires=600");
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERED);
        assertThat(client.lastFailure()).contains("timeout");
        assertThat(logs.at(Level.INFO)).singleElement().asString().contains("after 1 failed");

        timers.advance(Duration.ofSeconds(480));
        timers.advance(Duration.ofSeconds(32));
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        timers.advance(Duration.ofSeconds(30));
        answer(lastRegister(), 200, "OK", "Contact: " + OUR_CONTACT + ";expires=600");
        assertThat(logs.at(Level.INFO)).hasSize(2).last().asString().contains("registered again");
    }

    // ---- resolving the registrar's host ----

    /** A client whose resolver answers from {@code lookups}, one future per look-up, completed by the test. */
    private TrunkRegistrationClient resolvingClient(java.util.Queue<java.util.concurrent.CompletableFuture<java.net.InetAddress>> lookups,
                                                    List<String> asked) {
        return new TrunkRegistrationClient("carrier-a", SETTINGS, host -> {
            asked.add(host);
            java.util.concurrent.CompletableFuture<java.net.InetAddress> f = new java.util.concurrent.CompletableFuture<>();
            lookups.add(f);
            return f;
        }, Runnable::run, LOCAL, layer, timers, timers.clock(START), CALL_ID, shortestJitter);
    }

    @Test
    void eachExchangeResolvesTheRegistrarHostAndSendsToTheAddressFound() throws Exception {
        java.util.Queue<java.util.concurrent.CompletableFuture<java.net.InetAddress>> lookups = new java.util.ArrayDeque<>();
        List<String> asked = new java.util.ArrayList<>();
        client = resolvingClient(lookups, asked);

        client.start();
        assertThat(asked).containsExactly("sip.carrier.example");
        assertThat(sender.sent()).as("nothing sent before the host resolved").isEmpty();
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERING);

        lookups.poll().complete(java.net.InetAddress.getByName("203.0.113.5"));
        assertThat(sender.sent().get(0).destination()).isEqualTo(CARRIER);
        answer(lastRegister(), 200, "OK", "Contact: " + OUR_CONTACT + ";expires=600");
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERED);

        timers.advance(Duration.ofSeconds(480));
        assertThat(asked).as("the refresh resolves again (the resolver caches)").hasSize(2);
        lookups.poll().complete(java.net.InetAddress.getByName("203.0.113.6"));
        assertThat(sender.sent().get(sender.sent().size() - 1).destination())
                .isEqualTo(Endpoint.udp(new InetSocketAddress("203.0.113.6", 5060)));
    }

    @Test
    void aHostThatDoesNotResolveIsOneWarnedFailureRetriedWithBackOff() throws Exception {
        java.util.Queue<java.util.concurrent.CompletableFuture<java.net.InetAddress>> lookups = new java.util.ArrayDeque<>();
        List<String> asked = new java.util.ArrayList<>();
        client = resolvingClient(lookups, asked);
        client.start();

        lookups.poll().completeExceptionally(new java.net.UnknownHostException("sip.carrier.example: no answer within 5000 ms"));

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        assertThat(client.lastFailure()).contains("cannot resolve sip.carrier.example").contains("no answer");
        assertThat(logs.at(Level.WARN)).singleElement().asString()
                .contains("cannot resolve sip.carrier.example").contains("retrying in 30 s");
        assertThat(sender.sent()).isEmpty();

        timers.advance(Duration.ofSeconds(30));
        assertThat(asked).hasSize(2);
        lookups.poll().complete(java.net.InetAddress.getByName("203.0.113.5"));
        answer(lastRegister(), 200, "OK", "Contact: " + OUR_CONTACT + ";expires=600");
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERED);
    }

    @Test
    void stoppingWhileTheHostResolvesSendsNothingAndIgnoresTheAnswer() throws Exception {
        java.util.Queue<java.util.concurrent.CompletableFuture<java.net.InetAddress>> lookups = new java.util.ArrayDeque<>();
        client = resolvingClient(lookups, new java.util.ArrayList<>());
        client.start();
        AtomicInteger done = new AtomicInteger();

        client.stop(done::incrementAndGet);
        lookups.poll().complete(java.net.InetAddress.getByName("203.0.113.5"));

        assertThat(done).hasValue(1);
        assertThat(sender.sent()).isEmpty();
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.STOPPED);
    }

    @Test
    void transportErrorFailsAndIsRetried() {
        sender.failAll();
        client.start();

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.FAILED);
        assertThat(client.lastFailure()).contains("transport error");
        sender.deliverAll();
        timers.advance(Duration.ofSeconds(30));
        assertThat(registers()).hasSize(1);
        assertThat(lastRegister().getCSeq().getSeqNumber()).isEqualTo(2);
    }

    @Test
    void forbiddenIsAFailureAndServiceUnavailableHonoursRetryAfter() {
        client.start();
        answer(lastRegister(), 403, "Forbidden");
        assertThat(client.lastFailure()).isEqualTo("403 Forbidden");

        timers.advance(Duration.ofSeconds(30));
        answer(lastRegister(), 503, "Service Unavailable", "Retry-After: 300");
        timers.advance(Duration.ofSeconds(299));
        assertThat(registers()).hasSize(2);
        timers.advance(Duration.ofSeconds(1));
        assertThat(registers()).hasSize(3);
    }

    // ---- stop ----

    @Test
    void stopSendsAnUnregisterAndReportsWhenAnswered() {
        register(600);
        AtomicInteger done = new AtomicInteger();

        client.stop(done::incrementAndGet);

        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.STOPPED);
        SIPRequest unregister = lastRegister();
        assertThat(unregister.getExpires().getExpires()).isZero();
        assertThat(unregister.getCSeq().getSeqNumber()).isEqualTo(3);
        assertThat(unregister.getHeader(ContactHeader.NAME).toString().strip()).isEqualTo("Contact: " + OUR_CONTACT);
        AuthorizationHeader auth = (AuthorizationHeader) unregister.getHeader(AuthorizationHeader.NAME);
        assertThat(auth.getNonceCount()).isEqualTo(2);
        assertThat(done).hasValue(0);

        answer(unregister, 200, "OK");
        assertThat(done).hasValue(1);
        assertThat(client.expiresAt()).isEmpty();
        timers.advance(Duration.ofHours(2));
        assertThat(registers()).hasSize(3);
        assertThat(timers.pending()).isZero();
    }

    @Test
    void stopReportsAfterTheTransactionTimesOutWhenTheRegistrarIsSilent() {
        register(600);
        AtomicInteger done = new AtomicInteger();
        client.stop(done::incrementAndGet);

        timers.advance(Duration.ofMillis(31_999));
        assertThat(done).hasValue(0);
        timers.advance(Duration.ofMillis(1));
        assertThat(done).hasValue(1);
        assertThat(registers()).hasSize(3);
    }

    @Test
    void stopWhileARegisterIsUnderWayUnregistersAndIgnoresItsAnswer() {
        client.start();
        SIPRequest inFlight = lastRegister();
        AtomicInteger done = new AtomicInteger();
        client.stop(done::incrementAndGet);
        SIPRequest unregister = lastRegister();
        assertThat(unregister.getExpires().getExpires()).isZero();

        answer(inFlight, 200, "OK", "Contact: " + OUR_CONTACT + ";expires=600");
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.STOPPED);
        assertThat(client.expiresAt()).isEmpty();
        answer(unregister, 401, "Unauthorized", CHALLENGE);
        assertThat(lastRegister().getExpires().getExpires()).isZero();
        assertThat(lastRegister().getHeader(AuthorizationHeader.NAME)).isNotNull();
        answer(lastRegister(), 200, "OK");
        assertThat(done).hasValue(1);
        timers.advance(Duration.ofHours(1));
        assertThat(registers()).hasSize(3);
        assertThat(timers.pending()).isZero();
    }

    @Test
    void stopWithoutABindingCompletesAtOnce() {
        client.start();
        answer(lastRegister(), 403, "Forbidden");
        AtomicInteger done = new AtomicInteger();

        client.stop(done::incrementAndGet);

        assertThat(done).hasValue(1);
        assertThat(registers()).hasSize(1);
        timers.advance(Duration.ofHours(1));
        assertThat(registers()).hasSize(1);
        client.stop(done::incrementAndGet);
        assertThat(done).hasValue(2);
        assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers ----

    /** start, 401, credentials, 200 with {@code expires}: registered at START with CSeq 2 used. */
    private void register(int expires) {
        client.start();
        answer(lastRegister(), 401, "Unauthorized", CHALLENGE);
        answer(lastRegister(), 200, "OK", "Contact: " + OUR_CONTACT + ";expires=" + expires);
        assertThat(client.state()).isEqualTo(TrunkRegistrationClient.State.REGISTERED);
    }

    private void answer(SIPRequest request, int status, String reason, String... headers) {
        SIPResponse response = Wire.response(request, status, reason, headers);
        layer.onResponse(response, CARRIER);
    }

    /** Distinct REGISTERs sent (retransmissions folded by branch), as the registrar parses them. */
    private List<SIPRequest> registers() {
        Map<String, SIPRequest> byBranch = new LinkedHashMap<>();
        for (RecordingSender.Sent sent : sender.sent()) {
            SIPRequest request = (SIPRequest) sent.message();
            assertThat(request.getMethod()).isEqualTo("REGISTER");
            byBranch.putIfAbsent(request.getTopmostVia().getBranch(), Wire.onTheWire(request));
        }
        return List.copyOf(byBranch.values());
    }

    private List<Long> sentTimes() {
        Map<String, Long> byBranch = new LinkedHashMap<>();
        for (RecordingSender.Sent sent : sender.sent()) {
            byBranch.putIfAbsent(((SIPRequest) sent.message()).getTopmostVia().getBranch(), sent.atMillis());
        }
        return List.copyOf(byBranch.values());
    }

    private SIPRequest lastRegister() {
        List<SIPRequest> all = registers();
        return all.get(all.size() - 1);
    }

    /** RFC 2617 §3.2.2.1 with qop=auth (or RFC 2069 without qop), computed here independently of the engine. */
    static String expectedDigest(AuthorizationHeader auth, String method, String user, String password) {
        String ha1 = md5(user + ":" + auth.getRealm() + ":" + password);
        String ha2 = md5(method + ":" + auth.getURI());
        if (auth.getQop() == null) {
            return md5(ha1 + ":" + auth.getNonce() + ":" + ha2);
        }
        String nc = String.format("%08x", auth.getNonceCount());
        return md5(ha1 + ":" + auth.getNonce() + ":" + nc + ":" + auth.getCNonce() + ":" + auth.getQop() + ":" + ha2);
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TU of this layer: the registration client uses client transactions only. */
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
