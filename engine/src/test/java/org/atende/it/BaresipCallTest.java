package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.atende.engine.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real baresip phones register to Atende and call each other through it. */
class BaresipCallTest {

    @TempDir
    Path work;

    @Test
    void twoBaresipPhonesCallEachOtherThroughAtende() throws Exception {
        Peers.require("baresip");
        int port = EngineFixture.freePort();
        Path tone = work.resolve("tone.wav");
        Baresip.writeTone(tone, 440, 60);
        try (Engine engine = EngineFixture.start(port, work.resolve("data"), "MD5");
             Baresip a = new Baresip(work.resolve("a"), "1002", "demo1002", port, EngineFixture.freePort(),
                     EngineFixture.freePort(), tone, false);
             Baresip b = new Baresip(work.resolve("b"), "1003", "demo1003", port, EngineFixture.freePort(),
                     EngineFixture.freePort(), tone, true)) {
            a.awaitRegistered();
            b.awaitRegistered();
            a.connect();
            b.connect();
            a.command("dial", "sip:1003@127.0.0.1");
            a.awaitEvent("CALL_ESTABLISHED", 15);
            b.awaitEvent("CALL_ESTABLISHED", 5);
            assertThat(engine.activeCalls()).isEqualTo(1);
            a.command("hangup", "");
            a.awaitEvent("CALL_CLOSED", 10);
            b.awaitEvent("CALL_CLOSED", 10);
        }
    }
}
