package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atende.call.CallObserver;
import org.atende.call.CallRecord;

/** What the call-level integration tests share: SDP and RTP helpers, and the records of ended calls. */
final class CallTesting {

    private CallTesting() {
    }

    /** The audio port of the SDP in {@code ok} (a response or a request). */
    static int mediaPort(gov.nist.javax.sip.message.SIPMessage ok) {
        Matcher m = Pattern.compile("m=audio (\\d+) ").matcher(new String(ok.getRawContent(), StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** One RFC 4733 key press (payload type 101), three updates then two end packets, to Atende's RTP port. */
    static void sendDigit(DatagramSocket rtp, int port, int event, int seq, long ts) throws Exception {
        for (int i = 0; i < 5; i++) {
            boolean end = i >= 2;
            ByteBuffer b = ByteBuffer.allocate(16);
            b.put((byte) 0x80).put((byte) (101 | (i == 0 ? 0x80 : 0))).putShort((short) (seq + i)).putInt((int) ts)
                    .putInt(0x5eed).put((byte) event).put((byte) ((end ? 0x80 : 0) | 10))
                    .putShort((short) (end ? 800 : 160 * (i + 1)));
            rtp.send(new DatagramPacket(b.array(), 16, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        }
    }

    /** An RTP packet (12-byte header, no marker) with {@code payload}. */
    static byte[] rtp(int pt, int seq, long ts, int ssrc, byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length).put((byte) 0x80).put((byte) pt).putShort((short) seq)
                .putInt((int) ts).putInt(ssrc).put(payload).array();
    }

    /** Sends {@code packet} from {@code rtp} to Atende's RTP port {@code port} on loopback. */
    static void send(DatagramSocket rtp, int port, byte[] packet) throws Exception {
        rtp.send(new DatagramPacket(packet, packet.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    }

    /** The next RTP packet arriving on {@code rtp} within 2 s (as received: header and payload). */
    static byte[] receiveRtp(DatagramSocket rtp) throws Exception {
        rtp.setSoTimeout(2000);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            rtp.receive(p);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no RTP on port " + rtp.getLocalPort() + " within 2 s");
        }
        return java.util.Arrays.copyOf(p.getData(), p.getLength());
    }

    /** Collects the records of ended calls; add it to an engine with addCallObserver. */
    /** Packets within {@code millis} whose µ-law payload is not silence (speech from a prompt, a tone). */
    static int loudPackets(DatagramSocket rtp, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int loud = 0;
        byte[] buf = new byte[2048];
        while (System.nanoTime() < deadline) {
            rtp.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                rtp.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            int peak = 0;
            for (int i = 12; i < p.getLength(); i++) {
                int linear = Math.abs(ulaw(buf[i]));
                peak = Math.max(peak, linear);
            }
            if (peak > 2000) {
                loud++;
            }
        }
        return loud;
    }

    private static int ulaw(byte b) {
        int u = ~b & 0xff;
        int t = ((u & 0x0f) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    static final class Records implements CallObserver {
        final List<CallRecord> all = new CopyOnWriteArrayList<>();

        @Override
        public void onCallEnded(CallRecord record) {
            all.add(record);
        }

        /** The first record matching {@code which}, waiting up to 5 s for it. */
        CallRecord await(Predicate<CallRecord> which) throws InterruptedException {
            return await(which, java.time.Duration.ofSeconds(5));
        }

        CallRecord await(Predicate<CallRecord> which, java.time.Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (CallRecord r : all) {
                    if (which.test(r)) {
                        return r;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no such call record; have " + all);
        }
    }
}
