package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.security.SecurityLog;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atende attacked as an attacker would, with real tools over loopback (127.0.0.x addresses are distinct sources):
 * {@code svcrack} guessing a password, SIPp flooding INVITEs and REGISTERs, guesses from many addresses at one
 * extension. Throughout, a real phone on 127.0.0.6 keeps registering and calling the echo test with its audio. The
 * trunk's address is moved off 127.0.0.1 so that svcrack (whose Debian build cannot bind another address) is not
 * exempt. Each test attacks from its own addresses, so that one engine serves them all.
 */
class SecurityAttackTest {

    private static final String PHONE_ADDRESS = "127.0.0.6";

    @TempDir
    static Path data;
    @TempDir
    static Path work;

    static Engine engine;
    static int port;
    static InetSocketAddress server;
    static LogCapture security;

    @BeforeAll
    static void startEngine() throws Exception {
        port = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5").replace("allow: [127.0.0.1]", "allow: [127.0.0.200]")
                + """
                security:
                  auth_failures: { slow_after: 3, ban_after: 6, window: 1m, delay: 100ms, max_delay: 400ms, ban: 2m,
                                   extension_lock_after: 8, extension_lock: 2m }
                  rate_limits:
                    invite: { rate: 10, burst: 20 }
                    register: { rate: 20, burst: 40 }
                """;
        security = new LogCapture(SecurityLog.LOGGER);
        engine = Engine.start(ConfigLoader.parse(yaml, "security.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
        security.close();
    }

    private static List<String> securityLines(String fragment) {
        return security.all().stream().filter(m -> m.contains(fragment)).toList();
    }

    @Test
    void svcrackIsRefusedAfterBanAfterFailuresAndItsRightGuessRegistersNothing() throws Exception {
        Peers.require("svcrack");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            words.add("wrong" + i);
        }
        words.add("demo1001"); // the right password, well after the ban
        for (int i = 30; i < 40; i++) {
            words.add("wrong" + i);
        }
        Path dictionary = Files.write(work.resolve("words.txt"), words);
        int attackerPort = EngineFixture.freePort();
        try (TestUa phone = new TestUa("1001", server, PHONE_ADDRESS);
             Peers.Proc svcrack = new Peers.Proc(List.of("svcrack", "-u", "1001", "-d", dictionary.toString(),
                     "-P", Integer.toString(attackerPort), "-p", Integer.toString(port), "127.0.0.1"),
                     work.resolve("svcrack.log"), work)) {
            assertThat(phone.register("demo1001", 300).getStatusCode()).isEqualTo(200);
            assertThat(security.await(Level.WARN, "ban-start src=127.0.0.1 failures=6", Duration.ofSeconds(20)))
                    .as("svcrack banned; svcrack said: " + svcrack.output()).isTrue();
            assertThat(phone.register("demo1001", 300).getStatusCode()).as("the phone, during the attack")
                    .isEqualTo(200);
            talkToTheEchoTest(phone, "demo1001");
            svcrack.process.waitFor(8, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(svcrack.output()).doesNotContain("demo1001");
        }
        assertThat(securityLines("auth-failure src=127.0.0.1 ")).as("failures checked before the ban").hasSize(6);
        assertThat(engine.registrations().reachability("1001").get().keySet())
                .as("the attacker's contact never registered").allMatch(uri -> uri.contains(PHONE_ADDRESS));
        assertThat(engine.meters().get("security.banned.requests").functionCounter().count())
                .as("svcrack's further tries, refused").isGreaterThan(0);
    }

    @Test
    void aSippGuesserIsBannedAtBanAfterAndTheRestOfItsGuessesEndAtTheGate() throws Exception {
        Peers.require("sipp");
        List<String> guesser = new ArrayList<>(List.of("sipp", "127.0.0.1:" + port, "-sf",
                Peers.scenario("register_auth.xml").toString(), "-i", "127.0.0.10", "-p",
                Integer.toString(EngineFixture.freePort()), "-s", "1005", "-au", "1005", "-ap", "guess",
                "-key", "domain", "127.0.0.1", "-key", "expires", "300", "-r", "20", "-m", "40", "-nostdin",
                "-timeout", "30s", "-timeout_error"));
        try (Peers.Proc sipp = new Peers.Proc(guesser, work.resolve("guesser.log"), work)) {
            assertThat(sipp.waitFor(40)).as("no guess registers: " + sipp.output()).isNotZero();
            Matcher failed = Pattern.compile("Failed call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)").matcher(sipp.output());
            int failedCalls = -1;
            while (failed.find()) {
                failedCalls = Integer.parseInt(failed.group(1));
            }
            assertThat(failedCalls).as("every guess failed: " + sipp.output()).isEqualTo(40);
        }
        assertThat(securityLines("auth-failure src=127.0.0.10 ")).as("digests checked: ban_after").hasSize(6);
        assertThat(securityLines("ban-start src=127.0.0.10 ")).hasSize(1);
        try (TestUa phone = new TestUa("1005", server, PHONE_ADDRESS)) {
            assertThat(phone.register("demo1005", 300).getStatusCode()).as("the real phone, after the attack")
                    .isEqualTo(200);
        }
    }

    @Test
    void aGuessingSourceIsAnsweredLaterAndLaterThenRefused() throws Exception {
        try (TestUa guesser = new TestUa("1002", server, "127.0.0.7")) {
            long[] millis = new long[6];
            for (int i = 0; i < 6; i++) {
                long start = System.nanoTime();
                assertThat(guesser.register("wrong" + i, 300).getStatusCode()).isEqualTo(401);
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            // each REGISTER is two round trips: the challenge, then the failure; past 3 failures both come late
            assertThat(millis[3]).as("4th: its failure 100 ms late").isGreaterThanOrEqualTo(100);
            assertThat(millis[4]).as("5th: 100 + 200 ms").isGreaterThanOrEqualTo(300);
            assertThat(millis[5]).as("6th: its challenge 200 ms late, then banned").isGreaterThanOrEqualTo(200);
            guesser.sendMessage(register(guesser, 1), "");
            assertThat(guesser.expectResponse(403).getReasonPhrase()).isEqualTo("Forbidden");
        }
        try (TestUa rightGuess = new TestUa("1002", server, "127.0.0.7")) {
            rightGuess.sendMessage(register(rightGuess, 2), "");
            assertThat(rightGuess.expectResponse(403).getStatusCode()).as("the right password, after the ban")
                    .isEqualTo(403);
        }
        assertThat(securityLines("ban-start src=127.0.0.7 ")).hasSize(1);
    }

    @Test
    void anExtensionGuessedAtFromManyAddressesIsLockedButItsPhoneKeepsWorking() throws Exception {
        try (TestUa phone = new TestUa("1003", server, PHONE_ADDRESS)) {
            assertThat(phone.register("demo1003", 300).getStatusCode()).isEqualTo(200);
            for (int i = 1; i <= 8; i++) { // one wrong password from each of 8 addresses: none is slowed
                try (TestUa botnet = new TestUa("1003", server, "127.0.1." + i)) {
                    assertThat(botnet.register("guess" + i, 300).getStatusCode()).isEqualTo(401);
                }
            }
            assertThat(security.await(Level.WARN, "extension-lock-start user=1003", Duration.ofSeconds(5))).isTrue();
            try (TestUa thief = new TestUa("1003", server, "127.0.1.50")) {
                assertThat(thief.register("demo1003", 300).getStatusCode())
                        .as("the right password from an address 1003 never used").isEqualTo(403);
            }
            assertThat(phone.register("demo1003", 300).getStatusCode()).as("its own phone").isEqualTo(200);
            talkToTheEchoTest(phone, "demo1003");
        }
        assertThat(securityLines("auth-refused src=127.0.1.50 ")).singleElement().asString()
                .contains("user=1003 reason=extension-locked");
        assertThat(securityLines("ban-start src=127.0.1.")).isEmpty();
    }

    @Test
    void anInviteFloodFromOneSourceIsShedWhileAnotherCallerTalks() throws Exception {
        Peers.require("sipp");
        List<String> flood = new ArrayList<>(List.of("sipp", "127.0.0.1:" + port, "-sf",
                Peers.scenario("flood_invite.xml").toString(), "-i", "127.0.0.5", "-p",
                Integer.toString(EngineFixture.freePort()), "-s", "1004", "-key", "domain", "127.0.0.1",
                "-r", "100", "-m", "300", "-nostdin", "-timeout", "30s", "-timeout_error"));
        try (TestUa phone = new TestUa("1002", server, PHONE_ADDRESS);
             Peers.Proc sipp = new Peers.Proc(flood, work.resolve("flood-invite.log"), work)) {
            Thread.sleep(500); // the flood is on
            talkToTheEchoTest(phone, "demo1002");
            assertThat(sipp.waitFor(40)).as("every INVITE got 407, or 503 with Retry-After: " + sipp.output())
                    .isZero();
            int refused = responses(sipp.output(), 503);
            assertThat(refused).as("3 s at 100/s against 10/s (burst 20)").isBetween(200, 290);
            assertThat(responses(sipp.output(), 407)).isEqualTo(300 - refused);
        }
        assertThat(security.await(Level.WARN, "rate-limited src=127.0.0.5 limit=invite", Duration.ofSeconds(15)))
                .as("summarised within 10 s").isTrue();
        assertThat(securityLines("rate-limited src=127.0.0.5 ")).as("one line per interval, not per request")
                .hasSizeLessThanOrEqualTo(3);
        assertThat(engine.rtpPortsInUse()).as("refused INVITEs took no RTP port").isZero();
    }

    @Test
    void aRegisterFloodFromOneSourceIsShedWhileThePhoneKeepsRegistering() throws Exception {
        Peers.require("sipp");
        List<String> flood = new ArrayList<>(List.of("sipp", "127.0.0.1:" + port, "-sf",
                Peers.scenario("flood_register.xml").toString(), "-i", "127.0.0.8", "-p",
                Integer.toString(EngineFixture.freePort()), "-s", "1004", "-key", "domain", "127.0.0.1",
                "-r", "200", "-m", "600", "-nostdin", "-timeout", "30s", "-timeout_error"));
        try (TestUa phone = new TestUa("1004", server, PHONE_ADDRESS);
             Peers.Proc sipp = new Peers.Proc(flood, work.resolve("flood-register.log"), work)) {
            for (int i = 0; i < 5; i++) {
                Thread.sleep(300);
                assertThat(phone.register("demo1004", 300).getStatusCode()).as("the phone, during the flood")
                        .isEqualTo(200);
            }
            assertThat(sipp.waitFor(40)).as("every REGISTER got 401, or 503 with Retry-After: " + sipp.output())
                    .isZero();
            assertThat(responses(sipp.output(), 503)).as("3 s at 200/s against 20/s (burst 40)")
                    .isBetween(450, 560);
        }
    }

    @Test
    void aRetransmissionOfAnInviteWhoseTransactionExistsIsNotRateLimited() throws Exception {
        try (TestUa caller = new TestUa("1001", server, "127.0.0.11")) {
            List<String> invites = new ArrayList<>();
            for (int i = 0; i < 25; i++) { // past the INVITE burst of 20
                String invite = "INVITE sip:08000000043@127.0.0.1 SIP/2.0\r\n" + caller.via(caller.newBranch())
                        + "From: <sip:1001@127.0.0.1>;tag=rt" + i + "\r\nTo: <sip:08000000043@127.0.0.1>\r\n"
                        + "Call-ID: retrans-" + i + "@test\r\nCSeq: 1 INVITE\r\n"
                        + "Contact: " + caller.contact() + "\r\nMax-Forwards: 70\r\n";
                invites.add(invite);
                caller.sendMessage(invite, "");
            }
            java.util.Map<String, Integer> finals = new java.util.HashMap<>();
            while (finals.size() < 25) {
                var m = caller.next(5000);
                assertThat(m).as("a final response to each; so far " + finals).isInstanceOf(SIPResponse.class);
                SIPResponse r = (SIPResponse) m;
                if (r.getStatusCode() >= 200) {
                    finals.put(r.getCallId().getCallId(), r.getStatusCode());
                }
            }
            assertThat(finals.get("retrans-0@test")).isEqualTo(407);
            assertThat(finals.values()).contains(503);
            caller.sendMessage(invites.get(0), ""); // the same INVITE again, its bucket still empty
            // its transaction answers with its 407 again (a duplicate, which the test UA only counts); a 503 from
            // the gate would be a new, second final response and fail this
            caller.expectSilence(1_000);
            assertThat(caller.duplicates()).as("the transaction's 407, sent again").isPositive();
        }
    }

    /** A REGISTER without credentials from {@code ua}. */
    private static String register(TestUa ua, int cseq) {
        return "REGISTER sip:127.0.0.1 SIP/2.0\r\n" + ua.via(ua.newBranch())
                + "From: <sip:" + ua.user + "@127.0.0.1>;tag=r" + cseq + "\r\n"
                + "To: <sip:" + ua.user + "@127.0.0.1>\r\n"
                + "Call-ID: banned-" + ua.port() + "-" + cseq + "@test\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: " + ua.contact() + "\r\n"
                + "Expires: 300\r\nMax-Forwards: 70\r\n";
    }

    /** How many {@code status} responses SIPp's final statistics show. */
    private static int responses(String sippOutput, int status) {
        Matcher m = Pattern.compile("\\s" + status + " <-+\\s+(\\d+)").matcher(sippOutput);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        assertThat(last).as("SIPp's statistics for " + status + ":\n" + sippOutput).isNotNegative();
        return last;
    }

    /**
     * {@code phone} calls the echo test, authenticating with {@code password}, sends a second of audio and hears at
     * least most of it back, then hangs up.
     */
    static void talkToTheEchoTest(TestUa phone, String password) throws Exception {
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(PHONE_ADDRESS, 0))) {
            UacCall call = new UacCall(phone, "08000000043");
            call.invite(password, TestUa.SDP.replace("127.0.0.1", PHONE_ADDRESS)
                    .replace("40000", Integer.toString(rtp.getLocalPort())));
            SIPResponse ok = phone.expectResponse(200);
            call.ack(ok, "");
            int atende = CallTesting.mediaPort(ok);
            byte[] payload = new byte[160];
            java.util.Arrays.fill(payload, (byte) 0x10);
            rtp.setSoTimeout(50);
            int echoed = 0;
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            for (int i = 0; i < 50; i++) {
                CallTesting.send(rtp, atende, CallTesting.rtp(0, i, i * 160L, 0x5eed, payload));
                try {
                    rtp.receive(in);
                    echoed++;
                } catch (SocketTimeoutException quiet) {
                    // the echo of this packet may come with the next
                }
            }
            assertThat(echoed).as("the caller's audio, echoed").isGreaterThanOrEqualTo(40);
            call.bye();
            SIPMessage byeOk = phone.expectResponse(200);
            assertThat(byeOk).isNotNull();
        }
    }
}
