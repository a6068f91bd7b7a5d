package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.atende.call.CallRecord;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.trunk.LogCapture;
import org.atende.trunk.TrunkRegistrationClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine on one event loop whose DNS server never answers: the trunk's registrar and proxy are host names, so
 * their look-ups stall for the DNS timeout. Meanwhile registrations, OPTIONS and calls between extensions, all on
 * that same loop, are served at once; then the look-ups fail cleanly: the trunk registration fails with one WARN
 * (and will retry), a caller routed to the trunk hears the failure and is hung up, and no look-up is left pending.
 */
class DnsStallTest {

    /** Longer than everything the test does while the look-ups stall. */
    static final Duration DNS_TIMEOUT = Duration.ofSeconds(4);
    /** What "at once" means on a shared 2-core machine. */
    static final long PROMPT_MILLIS = 2000;

    @TempDir
    Path data;

    Engine engine;
    InetSocketAddress server;
    StallingDns dns;
    LogCapture trunkLogs;
    final CallTesting.Records records = new CallTesting.Records();

    @BeforeEach
    void start() throws Exception {
        dns = new StallingDns();
        trunkLogs = new LogCapture(TrunkRegistrationClient.class);
        int port = EngineFixture.freePort();
        engine = Engine.start(ConfigLoader.parse("""
                demo: true
                server:
                  domain: 127.0.0.1
                  listen:
                    - { transport: udp, address: 127.0.0.1, port: %1$d }
                  data_dir: %2$s
                  shutdown_grace: 2s
                  registrar:
                    digest_algorithms: [MD5]
                  dns:
                    servers: ["127.0.0.1:%3$d"]
                    timeout: %4$dms
                extensions:
                  - { number: "1001", password: demo1001 }
                  - { number: "1002", password: demo1002 }
                trunks:
                  - name: carrier
                    allow: [127.0.0.1]
                    numbers: ["0800 123 4573"]
                  - name: operadora
                    numbers: []
                    registration:
                      registrar: sip:sip.operadora.test:5070
                      username: atende
                      password: s3cret
                numbers:
                  - { number: "0800 123 4573", flow: externo }
                flows:
                  externo:
                    start: fora
                    nodes:
                      fora: { route: { external: { number: "+55 11 4000 0000", trunk: operadora } } }
                """.formatted(port, data.toAbsolutePath(), dns.port(), DNS_TIMEOUT.toMillis()), "dns.yaml", Map.of()),
                Clock.systemUTC(), 1);
        engine.addCallObserver(records);
        server = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        engine.stop();
        trunkLogs.close();
        dns.close();
    }

    @Test
    void callsOnTheLoopAreServedWhileALookUpStallsAndTheLookUpFailsCleanly() throws Exception {
        assertThat(dns.firstQuery.await(5, TimeUnit.SECONDS)).as("the registrar's host was asked of our DNS server")
                .isTrue();
        long stallStarted = System.nanoTime();

        try (TestUa caller = new TestUa("1001", server); TestUa callee = new TestUa("1002", server);
             TestUa carrier = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            // the trunk call's route needs the proxy's address: a second look-up that stalls
            UacCall external = new UacCall(carrier, "08001234573");
            external.answered(rtp);

            long t = System.nanoTime();
            assertThat(callee.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            assertPrompt("REGISTER with digest", t);

            t = System.nanoTime();
            caller.sendMessage("OPTIONS sip:127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                    + caller.via(caller.newBranch()) + "From: <sip:1001@127.0.0.1>;tag=o1\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: dns-options@test\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n", "");
            caller.expectResponse(200);
            assertPrompt("OPTIONS", t);

            t = System.nanoTime();
            UacCall call = new UacCall(caller, "1002");
            call.invite("demo1001", TestUa.SDP);
            SIPRequest invite = callee.expectRequest("INVITE");
            UasCall uas = new UasCall(callee, invite);
            uas.respond(200, "OK", TestUa.SDP.replace("40000", "50000"));
            SIPResponse ok = caller.expectResponse(200);
            call.ack(ok, "");
            callee.expectRequest("ACK");
            call.bye();
            UacCall.answerInDialog(callee, callee.expectRequest("BYE"), null);
            caller.expectResponse(200);
            assertPrompt("a call from 1001 to 1002, answered and hung up", t);

            assertThat(Duration.ofNanos(System.nanoTime() - stallStarted)).as("all that while the look-ups stalled")
                    .isLessThan(DNS_TIMEOUT);
            assertThat(engine.dnsLookupsInFlight()).as("the registrar's and the proxy's look-ups").isEqualTo(2);
            assertThat(engine.trunkRegistrationStates())
                    .containsEntry("operadora", TrunkRegistrationClient.State.REGISTERING);

            // then the look-ups fail: the caller routed to the trunk is told and hung up ...
            SIPRequest bye = carrier.expectRequest("BYE", (int) DNS_TIMEOUT.toSeconds() + 10);
            UacCall.answerInDialog(carrier, bye, null);
            CallRecord record = records.await(r -> r.dialled().equals("08001234573"));
            assertThat(record.endReason()).contains("trunk operadora").contains("cannot resolve sip.operadora.test");
        }
        // ... and the registration fails with one WARN, to be retried after the back-off
        assertThat(trunkLogs.await(Level.WARN, "cannot resolve sip.operadora.test", Duration.ofSeconds(10))).isTrue();
        assertThat(trunkLogs.at(Level.WARN)).singleElement().asString().contains("retrying in");
        assertThat(engine.trunkRegistrationStates()).containsEntry("operadora", TrunkRegistrationClient.State.FAILED);
        assertThat(engine.dnsLookupsInFlight()).as("no look-up left pending").isZero();
        assertThat(engine.ioRejected()).isZero();
        assertThat(dns.queries.get()).isPositive();
    }

    private static void assertPrompt(String what, long startedNanos) {
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)).as(what + " took (ms)")
                .isLessThan(PROMPT_MILLIS);
    }

    /** A DNS server on a loopback UDP socket that reads every query and never answers. */
    static final class StallingDns implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicInteger queries = new AtomicInteger();
        final CountDownLatch firstQuery = new CountDownLatch(1);

        StallingDns() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[1500];
                while (!socket.isClosed()) {
                    try {
                        socket.receive(new DatagramPacket(buffer, buffer.length));
                    } catch (IOException e) {
                        return;
                    }
                    queries.incrementAndGet();
                    firstQuery.countDown();
                }
            }, "stalling-dns");
            reader.setDaemon(true);
            reader.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
