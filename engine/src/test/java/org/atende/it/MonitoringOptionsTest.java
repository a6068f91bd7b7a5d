package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring tools ping a PBX with OPTIONS: {@code sipsak} (and Nagios' check_sip) send {@code Accept: text/plain},
 * which a body-less 200 satisfies. sipsak exits 0 only on a 200.
 */
class MonitoringOptionsTest {

    @TempDir
    static Path data;
    @TempDir
    static Path work;

    static Engine engine;
    static int port;

    @BeforeAll
    static void startEngine() throws Exception {
        port = EngineFixture.freePort();
        engine = Engine.start(ConfigLoader.parse(EngineFixture.yaml(port, data, "MD5"), "options.yaml", Map.of()));
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @Test
    void sipsakOptionsGet200OverUdpAndTcp() throws Exception {
        Peers.require("sipsak");
        for (String transport : List.of("udp", "tcp")) {
            try (Peers.Proc sipsak = new Peers.Proc(List.of("sipsak", "-vv", "--transport=" + transport,
                    "-s", "sip:127.0.0.1:" + port), work.resolve("sipsak-" + transport + ".log"),
                    work)) {
                assertThat(sipsak.waitFor(20)).as(transport + ": " + sipsak.output()).isZero();
                assertThat(sipsak.output()).contains("SIP/2.0 200 OK").contains("Accept: application/sdp");
            }
        }
    }
}
