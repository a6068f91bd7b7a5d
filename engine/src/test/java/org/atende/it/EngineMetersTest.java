package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.atende.acd.QueueStats;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.metrics.Catalogs;
import org.atende.metrics.MeterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's meters, read by catalogue name from the registry it was given: every catalogue entry is there as
 * described, and real traffic on loopback (garbage, OPTIONS, REGISTER) moves the meters it should.
 */
class EngineMetersTest {

    @TempDir
    static Path data;

    static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static Engine engine;
    static InetSocketAddress server;

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4590\"]")
                .replace("logging:\n", """
                          - { number: "0800 123 4590", flow: fila }
                        flows:
                          fila: { start: fila, nodes: { fila: { route: { queue: atendimento } } } }
                        queues:
                          atendimento:
                            members: ["1004"]
                        agents:
                          - { id: "2001", pin: "1234", queues: [atendimento] }
                          - { id: "2002", pin: "1234", queues: [atendimento] }
                        logging:
                        """);
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()), registry);
        server = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
        assertThat(registry.getMeters()).as("an engine removes its meters when it stops").isEmpty();
    }

    @Test
    void theEngineReportsTheRegistryItWasGiven() {
        assertThat(engine.meters()).isSameAs(registry);
    }

    @Test
    void everyCatalogueEntryIsRegisteredWithItsTypeUnitDescriptionAndTags() {
        for (MeterSpec spec : Catalogs.ALL) {
            List<Meter> meters = List.copyOf(registry.find(spec.meterName()).meters());
            assertThat(meters).as(spec.meterName()).isNotEmpty();
            for (Meter m : meters) {
                Meter.Id id = m.getId();
                assertThat(id.getType()).as(spec.meterName()).isEqualTo(spec.type());
                assertThat(id.getBaseUnit()).as(spec.meterName()).isEqualTo(spec.baseUnit());
                assertThat(id.getDescription()).as(spec.meterName()).isEqualTo(spec.description());
                assertThat(id.getTags()).as(spec.meterName()).extracting(io.micrometer.core.instrument.Tag::getKey)
                        .containsExactlyInAnyOrderElementsOf(spec.tagKeys());
            }
        }
        assertThat(registry.getMeters()).as("nothing outside the catalogues")
                .allSatisfy(m -> assertThat(Catalogs.ALL).extracting(MeterSpec::meterName)
                        .contains(m.getId().getName()));
    }

    @Test
    void everyEventLoopReportsItsLag() throws Exception {
        List<Meter> lags = List.copyOf(registry.find("engine.loop.lag.max").meters());
        assertThat(lags).extracting(m -> m.getId().getTag("loop")).doesNotHaveDuplicates().contains("0");
        io.micrometer.core.instrument.FunctionTimer probes = registry.get("engine.loop.lag").tag("loop", "0")
                .functionTimer();
        double before = probes.count();
        Thread.sleep(200);
        assertThat(probes.count()).as("a probe every 10 ms").isGreaterThan(before + 5);
        assertThat(registry.get("engine.loop.lag.max").tag("loop", "0").timeGauge().value(TimeUnit.SECONDS))
                .as("an idle loop is not late").isLessThan(1.0);
    }

    @Test
    void garbageOptionsAndRegisterMoveTheirMeters() throws Exception {
        double malformed = counter("sip.messages.malformed");
        double options = requests("udp", "OPTIONS");
        double registers = requests("udp", "REGISTER");
        try (TestUa phone = new TestUa("1002", server)) {
            phone.send("this is not SIP\r\n\r\n");
            phone.sendMessage("OPTIONS sip:127.0.0.1:" + server.getPort() + " SIP/2.0\r\n" + phone.via(phone.newBranch())
                    + "From: <sip:1002@127.0.0.1>;tag=m1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: meters-options@test\r\n"
                    + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n", "");
            phone.expectResponse(200);
            // the same socket reached the same loop, in order: the garbage was counted before the OPTIONS
            assertThat(counter("sip.messages.malformed")).isEqualTo(malformed + 1);
            assertThat(requests("udp", "OPTIONS")).isEqualTo(options + 1);

            assertThat(phone.register("demo1002", 300).getStatusCode()).isEqualTo(200);
            assertThat(requests("udp", "REGISTER")).as("the challenged REGISTER and the one with credentials")
                    .isEqualTo(registers + 2);
            engine.refreshMeters().get(5, TimeUnit.SECONDS);
            assertThat(gauge("sip.registrar.bindings")).isEqualTo(1);
            assertThat(requests("tcp", "REGISTER")).isZero();
        }
    }

    @Test
    void withNoCallTheGaugesShowNothingInUseAndTheFiguresAgreeWithTheAcd() throws Exception {
        engine.refreshMeters().get(5, TimeUnit.SECONDS);
        assertThat(gauge("calls.active")).isZero();
        assertThat(gauge("media.port.pairs.used")).isZero();
        assertThat(gauge("media.port.pairs.capacity")).isEqualTo(engine.config().server().media().rtpPortMax() / 2
                - (engine.config().server().media().rtpPortMin() + 1) / 2);
        assertThat(counter("media.rtp.timeouts")).isEqualTo(engine.mediaCounters().rtpTimeouts.sum());
        assertThat(registry.get("acd.queue.waiting").tag("queue", "atendimento").gauge().value()).isZero();
        QueueStats stats = engine.queues().stats("atendimento").get(5, TimeUnit.SECONDS);
        assertThat(queueCounter("acd.queue.offered")).as("the ACD's own figure").isEqualTo(stats.offered());
        assertThat(queueCounter("acd.queue.abandoned")).isEqualTo(stats.abandoned());
        assertThat(registry.get("acd.queue.answer.wait").tag("queue", "atendimento").functionTimer().count())
                .isEqualTo(stats.answered()).isZero();
        assertThat(gauge("engine.io.queued")).isZero();
        // the static member is available; the two agents are logged out until one logs in
        assertThat(registry.get("acd.agents").tag("state", "available").gauge().value()).isEqualTo(1);
        assertThat(registry.get("acd.agents").tag("state", "logged_out").gauge().value()).isEqualTo(2);
        engine.queues().login("2001", "1003", "test").get(5, TimeUnit.SECONDS);
        engine.queues().pause("2001", "pausa", "test").get(5, TimeUnit.SECONDS);
        engine.refreshMeters().get(5, TimeUnit.SECONDS);
        assertThat(registry.get("acd.agents").tag("state", "paused").gauge().value()).isEqualTo(1);
        assertThat(registry.get("acd.agents").tag("state", "logged_out").gauge().value()).isEqualTo(1);
        engine.queues().logout("2001", "test").get(5, TimeUnit.SECONDS);
        assertThat(queueCounter("acd.queue.answered.in.service.level")).isEqualTo(stats.answeredInServiceLevel());
        assertThat(queueCounter("acd.queue.abandoned.short")).isEqualTo(stats.shortAbandoned());
        assertThat(queueCounter("acd.queue.callbacks.requested")).isEqualTo(stats.callbacksRequested());
        assertThat(queueCounter("acd.queue.callbacks.answered")).isEqualTo(stats.callbacksAnswered());
        assertThat(queueCounter("acd.queue.callbacks.failed")).isEqualTo(stats.callbacksFailed());
        assertThat(registry.get("acd.queue.callbacks.pending").tag("queue", "atendimento").gauge().value())
                .isEqualTo(stats.callbacksPending());
    }

    /** A caller waits in the queue (its only agent is not registered), then hangs up: an abandon. */
    @Test
    void aQueuedCallShowsInTheQueueCallAndMediaMeters() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call = new UacCall(carrier, "08001234590");
            call.answered(rtp);
            awaitMeter(() -> queueCounter("acd.queue.offered"), 1);
            assertThat(registry.get("acd.queue.waiting").tag("queue", "atendimento").gauge().value()).isEqualTo(1);
            assertThat(gauge("calls.active")).isEqualTo(1);
            assertThat(gauge("media.port.pairs.used")).as("the caller's leg").isEqualTo(1);
            assertThat(gauge("sip.transactions.active")).as("the INVITE server transaction, until Timer L")
                    .isPositive();

            call.bye();
            carrier.expectResponse(200);
            awaitMeter(() -> queueCounter("acd.queue.abandoned"), 1);
            assertThat(registry.get("acd.queue.waiting").tag("queue", "atendimento").gauge().value()).isZero();
            assertThat(queueCounter("acd.queue.answered")).isZero();
            assertThat(requests("udp", "INVITE")).isPositive();
            assertThat(requests("udp", "BYE")).isPositive();
            awaitMeter(() -> gauge("calls.active"), 0);
            awaitMeter(() -> gauge("media.port.pairs.used"), 0);
            assertThat(counter("media.legs.opened")).isPositive();
            awaitMeter(() -> counter("media.legs.closed"), counter("media.legs.opened"));
            assertThat(counter("media.legs.closed")).isEqualTo(engine.mediaCounters().legsClosed.sum());
        }
    }

    /** Samples until {@code meter} reads {@code expected}, for at most 5 s (each sample waits for the owners). */
    private static void awaitMeter(DoubleSupplier meter, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        do {
            engine.refreshMeters().get(5, TimeUnit.SECONDS);
        } while (meter.getAsDouble() != expected && System.nanoTime() < deadline);
        assertThat(meter.getAsDouble()).isEqualTo(expected);
    }

    private static double queueCounter(String name) {
        return registry.get(name).tag("queue", "atendimento").functionCounter().count();
    }

    private static double counter(String name) {
        return registry.get(name).functionCounter().count();
    }

    private static double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private static double requests(String transport, String method) {
        return registry.get("sip.requests.received").tag("transport", transport).tag("method", method).counter()
                .count();
    }
}
