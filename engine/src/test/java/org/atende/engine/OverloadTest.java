package org.atende.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.EventExecutor;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-engine overload, measured: while the event loops run later than {@code security.max_loop_lag}, a new call
 * from the trunk gets 503 with Retry-After before anything is allocated for it (no RTP port taken); once they caught
 * up, the next call is answered. The loops are held up by a train of tasks that sleep on each, as sustained work
 * would; a single pause refuses nobody.
 */
class OverloadTest {

    @TempDir
    Path data;

    @Test
    void newCallsGet503WhileTheLoopsAreLateAndAreTakenAgainAfter() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Engine engine = Engine.start(ConfigLoader.parse("""
                demo: true
                server:
                  domain: 127.0.0.1
                  listen: [{ transport: udp, address: 127.0.0.1, port: %d }]
                  data_dir: %s
                  shutdown_grace: 1s
                trunks:
                  - { name: carrier, allow: [127.0.0.1], numbers: ["0800 000 0043"] }
                numbers:
                  - { number: "0800 000 0043", application: echo }
                security: { max_loop_lag: 100ms }
                """.formatted(port, data.toAbsolutePath()), "overload.yaml", Map.of()));
        try (DatagramSocket carrier = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            carrier.setSoTimeout(5000);
            for (EventExecutor loop : engine.loops()) {
                loop.execute(() -> sleep(300)); // one pause: caught up from, nobody refused
            }
            send(carrier, port, invite(carrier, "overload-0"));
            assertThat(finalResponse(carrier, "overload-0")).as("one pause is not overload").startsWith("SIP/2.0 200");
            for (EventExecutor loop : engine.loops()) { // loops that keep falling behind: work always waiting
                loop.schedule(new Runnable() {
                    private int left = 15;

                    @Override
                    public void run() {
                        sleep(150);
                        if (--left > 0) { // due again before the next probe: every probe about 150 ms late
                            loop.schedule(this, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
                        }
                    }
                }, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            long train = System.nanoTime() + 10_000_000_000L;
            while (!overloadedNow(engine)) {
                assertThat(System.nanoTime()).as("the loops fall behind").isLessThan(train);
                sleep(10);
            }
            send(carrier, port, invite(carrier, "overload-1"));
            String refused = finalResponse(carrier, "overload-1");
            assertThat(refused).startsWith("SIP/2.0 503").contains("Retry-After: ");
            assertThat(engine.meters().get("engine.overload.refused").functionCounter().count()).isEqualTo(1);

            long deadline = System.nanoTime() + 5_000_000_000L;
            assertThat(engine.meters().get("engine.overloaded").gauge().value()).isEqualTo(1);
            while (overloadedNow(engine)) { // until the train is over and three probes ran on time
                assertThat(System.nanoTime()).as("caught up within 5 s").isLessThan(deadline);
                sleep(20);
            }
            send(carrier, port, invite(carrier, "overload-2"));
            String answered = finalResponse(carrier, "overload-2");
            assertThat(answered).as("taken again").startsWith("SIP/2.0 200");
            assertThat(engine.meters().get("engine.overloaded").gauge().value()).isZero();
        } finally {
            engine.stop();
        }
    }

    /** Whether a new call would be refused now (without counting one). */
    private static boolean overloadedNow(Engine engine) {
        long worst = 0;
        for (var lag : engine.lagReadings()) {
            worst = Math.max(worst, lag.sustainedLagNanos());
        }
        return worst > 100_000_000L;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String invite(DatagramSocket from, String callId) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        return "INVITE sip:08000000043@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + from.getLocalPort() + ";branch=z9hG4bK-" + callId + "\r\n"
                + "From: <sip:5511900000000@127.0.0.1>;tag=ov\r\nTo: <sip:08000000043@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "@test\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:5511900000000@127.0.0.1:" + from.getLocalPort() + ">\r\nMax-Forwards: 70\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    private static void send(DatagramSocket socket, int port, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
    }

    /** The first final response for the call {@code callId} (others' retransmissions skipped). */
    private static String finalResponse(DatagramSocket socket, String callId) throws Exception {
        while (true) {
            DatagramPacket in = new DatagramPacket(new byte[8192], 8192);
            socket.receive(in);
            String text = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
            if (!text.startsWith("SIP/2.0 1") && text.contains("Call-ID: " + callId + "@test")) {
                return text;
            }
        }
    }
}
