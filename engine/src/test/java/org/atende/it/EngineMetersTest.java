package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    void idleGaugesShowTheConfiguredCapacityAndNothingInUse() throws Exception {
        engine.refreshMeters().get(5, TimeUnit.SECONDS);
        assertThat(gauge("calls.active")).isZero();
        assertThat(gauge("media.port.pairs.used")).isZero();
        assertThat(gauge("media.port.pairs.capacity")).isEqualTo(engine.config().server().media().rtpPortMax() / 2
                - (engine.config().server().media().rtpPortMin() + 1) / 2);
        assertThat(counter("media.rtp.timeouts")).isEqualTo(engine.mediaCounters().rtpTimeouts.sum());
        assertThat(registry.get("acd.queue.waiting").tag("queue", "atendimento").gauge().value()).isZero();
        assertThat(registry.get("acd.queue.offered").tag("queue", "atendimento").functionCounter().count()).isZero();
        assertThat(registry.get("acd.queue.answer.wait").tag("queue", "atendimento").functionTimer()
                .totalTime(TimeUnit.SECONDS)).isZero();
        assertThat(gauge("engine.io.queued")).isZero();
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
