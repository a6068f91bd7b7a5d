package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.atende.call.CallRecord;
import org.atende.call.ScriptedCall;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens when the ACD's messages and a call's cross: the ACD decides on its own thread from what it has
 * heard so far, while calls go on, on their loops. Each test holds the ACD's thread at a chosen point (with a
 * scripted call in queue "espera") so that what it tests happens every time, then lets go and checks what real
 * phones receive.
 */
class QueueCrossingTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("  - { number: \"1005\", password: demo1005, srtp: true }\n",
                        "  - { number: \"1005\", password: demo1005, srtp: true }\n"
                                + "  - { number: \"1009\", password: demo1009 }\n")
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4590\"]")
                .replace("logging:\n", """
                          - { number: "0800 123 4590", flow: cruzada }
                        flows:
                          cruzada: { start: fila, nodes: { fila: { route: { queue: cruzada } } } }
                        queues:
                          cruzada:
                            members: ["1001", "1002"]
                            strategy: linear
                            wrap_up: 0s
                            hold: [builtin:pt-BR/aguarde.wav]
                          espera:
                            members: ["1009"]
                        logging:
                        """);
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
        engine.addCallObserver(records);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    /**
     * The ACD is {@link ScriptedCall#maxPending()} messages behind: a new caller is refused at the door (busy tone,
     * then Atende hangs up) and counted, instead of an end of call being dropped.
     */
    @Test
    void aCallerArrivingWhileTheAcdIsOverloadedHearsBusyAndIsCounted() throws Exception {
        try (TestUa carrier = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            long before = engine.queues().refusedArrivals("cruzada");
            UacCall call = new UacCall(carrier, "08001234590");
            try (ScriptedCall.Hold hold = ScriptedCall.hold(engine.queues(), "espera")) {
                ScriptedCall.backlog(engine.queues(), ScriptedCall.maxPending());
                call.answered(rtp);
                assertThat(CallTesting.loudPackets(rtp, 1000)).as("the busy tone").isGreaterThan(10);
                UacCall.answerInDialog(carrier, carrier.expectRequest("BYE", 10), null);
            }
            assertThat(engine.queues().refusedArrivals("cruzada")).isEqualTo(before + 1);
            CallRecord record = records.await(r -> r.endReason().contains("refused"));
            assertThat(record.endReason()).contains("queue cruzada");
        }
    }
}
