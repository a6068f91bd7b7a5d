package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AgentStatus;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled demo, as the README's contract table says, on a free port: agents 2001-2004 logged in at 1001-1004
 * at start, 2005 logs in at 1005 with *45 (a SIPp UAC keying by SIP INFO), and a carrier call to 0800 123 4569
 * enters geral, where 2005 (penalty 0) rings first.
 */
class DemoContactCenterTest {

    @TempDir
    static Path data;

    @Test
    void theDemoContactCenterWorksAsTheReadmeSays() throws Exception {
        Peers.require("sipp");
        int port = EngineFixture.freePort();
        int rtp = 30000 + (port % 2000) * 10;
        String yaml = ConfigLoader.resource(ConfigLoader.DEMO_RESOURCE)
                .replace("port: 5060", "port: " + port)
                .replace("data_dir: ./data", "data_dir: " + data.toAbsolutePath())
                .replace("rtp_ports: \"10000-10999\"", "rtp_ports: \"" + rtp + "-" + (rtp + 199) + "\"");
        Engine engine = Engine.start(ConfigLoader.parse(yaml, "demo.yaml", Map.of()));
        try (TestUa carrier = new TestUa("carrier", new InetSocketAddress("127.0.0.1", port));
             DatagramSocket media = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 1; i <= 4; i++) {
                AgentStatus s = await(engine, "200" + i, AgentState.AVAILABLE);
                assertThat(s.extension()).contains("100" + i);
            }
            assertThat(status(engine, "2005").state()).isEqualTo(AgentState.LOGGED_OUT);

            int local = EngineFixture.freePort();
            int phoneMedia = EngineFixture.freeUdpRange(4);
            Peers.register(port, "1005", local, phoneMedia, 300, data);
            try (Peers.Proc phone = new Peers.Proc(Peers.sipp(port, "uas_answer.xml", local, phoneMedia, "-d", "200"),
                    data.resolve("phone-1005.log"), data)) {
                SippFeatureCall.dial(port, "1005", "*45", "2005#1234#", data);
                assertThat(await(engine, "2005", AgentState.AVAILABLE).extension()).contains("1005");

                UacCall call = new UacCall(carrier, "08001234569");
                call.answered(media);
                assertThat(await(engine, "2005", AgentState.ON_CALL).call()).isPresent();
                call.bye();
                carrier.expectResponse(200);
            } finally {
                Peers.register(port, "1005", local, phoneMedia, 0, data);
            }
        } finally {
            engine.stop();
        }
    }

    private static AgentStatus status(Engine engine, String agent) throws Exception {
        return engine.queues().agentStatus(agent).get(2, TimeUnit.SECONDS).orElseThrow();
    }

    private static AgentStatus await(Engine engine, String agent, AgentState state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        AgentStatus s = status(engine, agent);
        while (s.state() != state && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = status(engine, agent);
        }
        assertThat(s.state()).as("%s", s).isEqualTo(state);
        return s;
    }
}
