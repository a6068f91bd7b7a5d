package org.atende.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.LoggerContext;
import java.io.File;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atende.config.AtendeConfig;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample fail2ban filter ({@code tools/fail2ban/filter.d/atende.conf}) read by fail2ban's own
 * {@code fail2ban-regex} against the log file a real engine wrote while REGISTERs with wrong passwords came from
 * 127.0.0.5: it finds each failure and the attacker's address, and nothing else.
 */
class Fail2banFilterTest {

    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private Engine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop();
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var file = root.getAppender(LogSetup.FILE_APPENDER);
        if (file != null) {
            root.detachAppender(file);
            file.stop();
        }
    }

    @Test
    void theFilterFindsEveryFailedAuthenticationAndItsSource() throws Exception {
        boolean present = onPath("fail2ban-regex");
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("fail2ban-regex is not installed (apt-get install fail2ban); .ci/run must provide it");
        }
        assumeTrue(present, "fail2ban-regex is not installed (apt-get install fail2ban); skipping (in CI this fails)");
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("atende.log");
        AtendeConfig config = ConfigLoader.parse("""
                demo: true
                server:
                  domain: 127.0.0.1
                  listen: [{ transport: udp, address: 127.0.0.1, port: %d }]
                  data_dir: %s
                  shutdown_grace: 1s
                extensions:
                  - { number: "1001", password: demo1001 }
                security: { trusted: [127.0.0.7] }
                logging: { file: "%s" }
                """.formatted(port, dir.resolve("data"), log), "f2b.yaml", Map.of());
        LogSetup.apply(config.logging());
        engine = Engine.start(config);
        // the attacker (three wrong passwords), and a trusted address that fails twice: logged, never for fail2ban
        for (String[] source : new String[][] {{"127.0.0.5", "3"}, {"127.0.0.7", "2"}})
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(source[0], 0))) {
            attacker.setSoTimeout(5000);
            for (int i = 1; i <= Integer.parseInt(source[1]); i++) {
                String challenge = exchange(attacker, port, register(attacker, port, 2 * i, ""));
                Matcher nonce = NONCE.matcher(challenge);
                assertThat(nonce.find()).as(challenge).isTrue();
                String wrong = "Authorization: Digest username=\"1001\", realm=\"127.0.0.1\", nonce=\"" + nonce.group(1)
                        + "\", uri=\"sip:127.0.0.1\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5\r\n";
                assertThat(exchange(attacker, port, register(attacker, port, 2 * i + 1, wrong)))
                        .startsWith("SIP/2.0 401");
            }
        }
        engine.stop();
        engine = null;
        Path filter = repoRoot().resolve("tools/fail2ban/filter.d/atende.conf");
        Process regex = new ProcessBuilder("fail2ban-regex", "--print-all-matched", log.toString(), filter.toString())
                .redirectErrorStream(true).start();
        String out = new String(regex.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(regex.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(regex.exitValue()).as(out).isZero();
        assertThat(out).as(out).containsPattern("Lines: \\d+ lines, 0 ignored, 3 matched");
        assertThat(out.lines().filter(l -> l.contains("auth-failure src=127.0.0.5 ")).count()).as(out).isEqualTo(3);
        int matched = out.indexOf("Matched line(s):");
        int missed = out.indexOf("Missed line(s):");
        assertThat(matched).as(out).isNotNegative();
        assertThat(out.substring(matched, missed < 0 ? out.length() : missed)).as("the trusted address is never"
                + " handed to fail2ban").doesNotContain("127.0.0.7");
        assertThat(Files.readString(log)).contains("auth-failure-exempt src=127.0.0.7 ");
        assertThat(Files.readString(log)).as("the log never holds the digest")
                .doesNotContain("0123456789abcdef0123456789abcdef");
    }

    private static String register(DatagramSocket from, int port, int cseq, String authorization) {
        return "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + from.getLocalAddress().getHostAddress() + ":" + from.getLocalPort()
                + ";branch=z9hG4bK-f2b-" + cseq + "\r\n"
                + "From: <sip:1001@127.0.0.1>;tag=f2b\r\nTo: <sip:1001@127.0.0.1>\r\n"
                + "Call-ID: f2b-" + from.getLocalPort() + "@test\r\nCSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:1001@" + from.getLocalAddress().getHostAddress() + ":" + from.getLocalPort()
                + ">\r\nMax-Forwards: 70\r\n"
                + authorization + "Content-Length: 0\r\n\r\n";
    }

    /** Sends {@code request} and returns the first final response. */
    private static String exchange(DatagramSocket socket, int port, String request) throws Exception {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
        while (true) {
            DatagramPacket in = new DatagramPacket(new byte[8192], 8192);
            socket.receive(in);
            String text = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
            if (!text.startsWith("SIP/2.0 1")) {
                return text;
            }
        }
    }

    private static boolean onPath(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }

    private static Path repoRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isDirectory(d.resolve("tools/fail2ban"))) {
            d = d.getParent();
        }
        if (d == null) {
            throw new IllegalStateException("cannot find tools/fail2ban above " + Path.of("").toAbsolutePath());
        }
        return d;
    }

}
