package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.atende.call.CallRecord;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow routes the caller to an external number through a carrier trunk. The carrier is SIPp
 * ({@code bench/sipp/uas_carrier_auth.xml}): it checks the dialled number, challenges the INVITE with 401,
 * verifies the digest and answers; with {@code -rtp_echo} it sends back what it hears, so the caller hearing its
 * own audio proves the two legs are bridged.
 */
class TrunkRouteTest {

    @TempDir
    static Path data;

    static Engine engine;
    static InetSocketAddress server;
    static int carrierPort;
    static final CallTesting.Records records = new CallTesting.Records();

    @BeforeAll
    static void startEngine() throws Exception {
        int port = EngineFixture.freePort();
        carrierPort = EngineFixture.freePort();
        String yaml = EngineFixture.yaml(port, data, "MD5")
                .replace("numbers: [\"0800 123 4567\", \"0800 000 0043\"]",
                        "numbers: [\"0800 123 4567\", \"0800 000 0043\", \"0800 123 4573\", \"0800 123 4574\"]\n"
                                + "    outbound: { proxy: \"sip:127.0.0.1:CARRIER\", caller_id: \"+55 11 3000 0000\","
                                + " username: atende, password: s3cret }\n"
                                + "  - name: carrier-b\n"
                                + "    allow: [127.0.0.9]\n"
                                + "    outbound: { proxy: \"sip:127.0.0.1:CARRIER\", username: atende, password: wrong }")
                .replace("logging:\n", """
                          - { number: "0800 123 4573", flow: externo }
                          - { number: "0800 123 4574", flow: externob }
                        flows:
                          externo:
                            start: fora
                            nodes:
                              fora: { route: { external: { number: "+55 11 4000 0000", trunk: carrier } } }
                          externob:
                            start: fora
                            nodes:
                              fora: { route: { external: { number: "+55 11 4000 0000", trunk: carrier-b } } }
                        logging:
                        """)
                .replace("CARRIER", Integer.toString(carrierPort));
        engine = Engine.start(ConfigLoader.parse(yaml, "test.yaml", Map.of()));
        server = new InetSocketAddress("127.0.0.1", port);
        engine.addCallObserver(records);
    }

    @AfterAll
    static void stopEngine() {
        engine.stop();
    }

    private static List<String> carrier(Path work) {
        return List.of("sipp", "-sf", Peers.scenario("uas_carrier_auth.xml").toString(), "-i", "127.0.0.1",
                "-mi", "127.0.0.1", "-p", Integer.toString(carrierPort), "-mp", Integer.toString(freeMediaPort()),
                "-rtp_echo", "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error",
                "-key", "trunk_user", "atende", "-key", "trunk_pass", "s3cret",
                "-trace_msg", "-message_file", work.resolve("carrier.msg").toString());
    }

    private static int freeMediaPort() {
        try {
            return EngineFixture.freePort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCallerReachesAnExternalNumberThroughTheTrunkWhichChallengesTheInvite(@TempDir Path work)
            throws Exception {
        Peers.require("sipp");
        try (Peers.Proc sipp = new Peers.Proc(carrier(work), work.resolve("carrier.log"), work);
             TestUa caller = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            // SIPp may bind its port a moment after starting: Atende's INVITE is retransmitted (Timer A)
            UacCall call = new UacCall(caller, "08001234573");
            SIPResponse ok = call.answered(rtp);
            int echoed = speakAndCountEchoes(rtp, CallTesting.mediaPort(ok), 6_000);
            assertThat(echoed).as("the caller hears its own audio back from the carrier's side").isGreaterThan(20);
            call.bye();
            caller.expectResponse(200);
            assertThat(sipp.waitFor(15)).as(sipp.output()).isZero();
        }
        String trace = Files.readString(work.resolve("carrier.msg"));
        assertThat(trace).contains("INVITE sip:+551140000000@127.0.0.1:" + carrierPort);
        assertThat(trace).containsPattern("From: <sip:\\+551130000000@127\\.0\\.0\\.1>");
        assertThat(trace).contains("Authorization: Digest username=\"atende\"");
        assertThat(trace).doesNotContain("s3cret");
        CallRecord record = records.await(r -> r.dialled().equals("08001234573"));
        assertThat(record.endReason()).isEqualTo("BYE from caller");
        assertThat(record.media()).hasSize(2);
        assertThat(record.ivr().ending().orElseThrow().outcome().toString()).isEqualTo("ROUTED");
    }

    @Test
    void refusedCredentialsGiveTheCallerABusyToneAndAHangUp(@TempDir Path work) throws Exception {
        Peers.require("sipp");
        try (Peers.Proc sipp = new Peers.Proc(carrier(work), work.resolve("carrier.log"), work);
             TestUa caller = new TestUa("carrier", server);
             DatagramSocket rtp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            UacCall call = new UacCall(caller, "08001234574");
            SIPResponse ok = call.answered(rtp);
            SIPRequest bye = caller.expectRequest("BYE", 10);
            UacCall.answerInDialog(caller, bye, null);
            assertThat(sipp.waitFor(15)).as(sipp.output()).isZero();
        }
        String trace = Files.readString(work.resolve("carrier.msg"));
        assertThat(trace).contains("SIP/2.0 403 Forbidden");
        CallRecord record = records.await(r -> r.dialled().equals("08001234574"));
        assertThat(record.endReason()).isEqualTo("trunk carrier-b answered 403");
    }

    /**
     * Sends 20 ms PCMU packets of one recognisable byte for {@code millis} and counts the packets that come back
     * with exactly that payload (Atende's own ringback and tones never have it).
     */
    private static int speakAndCountEchoes(DatagramSocket rtp, int port, long millis) throws Exception {
        InetSocketAddress atende = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        byte[] payload = new byte[160];
        Arrays.fill(payload, (byte) 0x5a);
        byte[] in = new byte[2048];
        int echoes = 0;
        rtp.setSoTimeout(5);
        long end = System.nanoTime() + millis * 1_000_000L;
        for (int seq = 0; System.nanoTime() < end && echoes < 40; seq++) {
            ByteBuffer b = ByteBuffer.allocate(12 + 160);
            b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(0x7a11).put(payload);
            rtp.send(new DatagramPacket(b.array(), b.capacity(), atende));
            long next = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < next) {
                DatagramPacket p = new DatagramPacket(in, in.length);
                try {
                    rtp.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (p.getLength() == 172 && (in[1] & 0x7f) == 0
                        && Arrays.equals(in, 12, 172, payload, 0, 160)) {
                    echoes++;
                }
            }
        }
        return echoes;
    }
}
