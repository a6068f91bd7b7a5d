package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIPp, an independent SIP implementation, against the engine over loopback: digest REGISTER, an extension
 * calling an extension answered by a SIPp UAS, and a carrier trunk calling the 0800 number.
 */
class SippInteropTest {

    @TempDir
    static Path data;

    @TempDir
    Path work;

    static Engine engine;
    static int port;

    @BeforeAll
    static void startEngine() throws Exception {
        port = EngineFixture.freePort();
        engine = EngineFixture.start(port, data, "MD5, SHA-256"); // SIPp 3.6 reads only the first challenge
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    @BeforeEach
    void needSipp() {
        Peers.require("sipp");
    }

    private Peers.Proc sipp(String name, String scenario, String... extra) throws Exception {
        int local = EngineFixture.freePort();
        int media = EngineFixture.freePort();
        return sipp(name, scenario, local, media, extra);
    }

    private Peers.Proc sipp(String name, String scenario, int local, int media, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(extra));
        args.addAll(List.of("-trace_msg", "-message_file", work.resolve(name + ".msg").toString()));
        return new Peers.Proc(Peers.sipp(port, scenario, local, media, args.toArray(String[]::new)),
                work.resolve(name + ".log"), work);
    }

    private String messages(String name) throws Exception {
        Path file = work.resolve(name + ".msg");
        return Files.exists(file) ? Files.readString(file) : "(no message trace)";
    }

    @Test
    void registersWithDigest() throws Exception {
        try (Peers.Proc reg = sipp("reg", "register_auth.xml", "-m", "1", "-s", "1002", "-au", "1002", "-ap", "demo1002",
                "-key", "expires", "300")) {
            assertThat(reg.waitFor(30)).as(reg.output() + messages("reg")).isZero();
        }
        assertThat(messages("reg")).contains("SIP/2.0 401").contains("algorithm=MD5").contains("SIP/2.0 200");
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        try (Peers.Proc reg = sipp("badreg", "register_auth.xml", "-m", "1", "-s", "1002", "-au", "1002", "-ap", "nope",
                "-key", "expires", "300")) {
            assertThat(reg.waitFor(30)).as("SIPp must fail on the second 401").isNotZero();
        }
    }

    @Test
    void extensionCallsExtensionAnsweredBySipp() throws Exception {
        answerAs("1003", "demo1003", uas -> {
            try (Peers.Proc uac = sipp("uac", "uac_call_auth.xml", "-m", "1", "-s", "1003", "-key", "caller", "1002",
                    "-au", "1002", "-ap", "demo1002", "-d", "500")) {
                assertThat(uac.waitFor(30)).as(uac.output() + messages("uac")).isZero();
            }
            assertThat(messages("uac")).contains("SIP/2.0 407").contains("SIP/2.0 180").contains("SIP/2.0 200");
        });
    }

    @Test
    void trunkCallsTollFreeNumberAnsweredByExtension1001() throws Exception {
        answerAs("1001", "demo1001", uas -> {
            try (Peers.Proc trunk = sipp("trunk", "trunk_uac.xml", "-m", "1", "-s", "08001234567",
                    "-key", "caller", "5511987654321", "-d", "500")) {
                assertThat(trunk.waitFor(30)).as(trunk.output() + messages("trunk")).isZero();
            }
            assertThat(messages("trunk")).doesNotContain("SIP/2.0 407").contains("SIP/2.0 200");
            assertThat(messages("uas")).contains("From: <sip:+5511987654321@");
        });
    }

    interface WithUas {
        void run(Peers.Proc uas) throws Exception;
    }

    /** Registers SIPp as {@code user} on a port, then runs a SIPp UAS answering one call on that same port. */
    private void answerAs(String user, String password, WithUas body) throws Exception {
        int local = EngineFixture.freePort();
        int media = EngineFixture.freePort();
        try (Peers.Proc reg = sipp("uasreg", "register_auth.xml", local, media, "-m", "1", "-s", user, "-au", user,
                "-ap", password, "-key", "expires", "300")) {
            assertThat(reg.waitFor(30)).as(reg.output()).isZero();
        }
        try (Peers.Proc uas = sipp("uas", "uas_answer.xml", local, media, "-m", "1", "-d", "200")) {
            body.run(uas);
            assertThat(uas.waitFor(30)).as(uas.output() + messages("uas")).isZero();
        } finally {
            try (Peers.Proc unreg = sipp("uasunreg", "register_auth.xml", local, media, "-m", "1", "-s", user, "-au", user,
                    "-ap", password, "-key", "expires", "0")) {
                unreg.waitFor(30);
            }
        }
    }
}
