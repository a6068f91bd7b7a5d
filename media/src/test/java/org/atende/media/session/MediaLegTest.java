package org.atende.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.atende.media.codec.G711;
import org.atende.media.player.Playback;
import org.atende.media.player.ToneGenerator;
import org.atende.media.rtp.RtpHeader;
import org.atende.media.rtp.RtpParse;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.NegotiatedMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Media legs and sessions over real UDP sockets on loopback. */
class MediaLegTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EventLoopGroup group;
    private EventLoop loop;
    private MediaContext ctx;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        ctx = context(new RtpPortPool(40000, 40999), Duration.ofSeconds(60));
    }

    private MediaContext context(RtpPortPool pool, Duration timeout) {
        return new MediaContext(loop, NioDatagramChannel::new, ByteBufAllocator.DEFAULT, pool,
                new MediaClock(loop), new MediaCounters(), LOOPBACK, "127.0.0.1", timeout);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(5, TimeUnit.SECONDS);
    }

    private DatagramSocket peer() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        s.setSoTimeout(2000);
        closeables.add(s);
        return s;
    }

    private static NegotiatedMedia media(Codec codec, int pt, int remotePort, Direction direction) {
        return new NegotiatedMedia(0, codec, pt, OptionalInt.of(101), "127.0.0.1", remotePort, OptionalInt.empty(),
                direction, OptionalInt.empty(), false);
    }

    /** A sendrecv stream agreeing {@code formats} (the first chosen), with the remote's {@code ptime} (0: none). */
    private static NegotiatedMedia media(int remotePort, int ptime, NegotiatedMedia.Format... formats) {
        return new NegotiatedMedia(0, formats[0].codec(), formats[0].payloadType(), OptionalInt.of(101), "127.0.0.1",
                remotePort, OptionalInt.empty(), Direction.SENDRECV, ptime == 0 ? OptionalInt.empty() : OptionalInt.of(ptime),
                false, List.of(formats));
    }

    private static final NegotiatedMedia.Format PCMU = new NegotiatedMedia.Format(0, Codec.PCMU);
    private static final NegotiatedMedia.Format PCMA = new NegotiatedMedia.Format(8, Codec.PCMA);

    /** Caller leg A and other leg B, bridged, each sending to its phone. */
    private MediaSession bridged(NegotiatedMedia a, NegotiatedMedia b) throws Exception {
        return onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg legA = MediaLeg.open(ctx, "A");
            legA.configure(a);
            MediaLeg legB = MediaLeg.open(ctx, "B");
            legB.configure(b);
            session.setCaller(legA);
            session.setOther(legB);
            session.bridge();
            return session;
        });
    }

    private static byte[] ulawToAlaw(byte[] ulaw) {
        byte[] alaw = new byte[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            alaw[i] = G711.linearToAlaw(G711.ulawToLinear(ulaw[i]));
        }
        return alaw;
    }

    private MediaSession session(MediaContext c) {
        return new MediaSession(c, "test-call", new MediaSession.Listener() {
            @Override
            public void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source) {
                events.add("digit " + digit + " " + source);
            }

            @Override
            public void onMediaTimeout(MediaLeg leg) {
                events.add("timeout " + leg.name());
            }

            @Override
            public void onPlaybackDone(MediaLeg leg, boolean interrupted) {
                events.add("played " + leg.name() + (interrupted ? " interrupted" : ""));
            }
        });
    }

    private static byte[] rtp(int pt, int seq, long ts, long ssrc, byte[] payload) {
        var buf = RtpHeader.encode(ByteBufAllocator.DEFAULT, pt, false, seq, ts, ssrc, Unpooled.wrappedBuffer(payload));
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private static void send(DatagramSocket from, int toPort, byte[] data) throws Exception {
        from.send(new DatagramPacket(data, data.length, new InetSocketAddress(LOOPBACK, toPort)));
    }

    private static Received receive(DatagramSocket s) throws Exception {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        RtpHeader h = ((RtpParse.Valid) RtpHeader.parse(Unpooled.wrappedBuffer(buf, 0, p.getLength()))).header();
        byte[] payload = new byte[h.payloadLength()];
        System.arraycopy(buf, h.payloadOffset(), payload, 0, payload.length);
        return new Received(h, payload);
    }

    private record Received(RtpHeader header, byte[] payload) {
    }

    private static byte[] payload(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    @Test
    void echoReturnsTheCallersPacketsOnOurOwnSsrcWithTheirPayload() throws Exception {
        DatagramSocket phone = peer();
        MediaSession s = onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(media(Codec.PCMU, 0, phone.getLocalPort(), Direction.SENDRECV));
            session.setCaller(leg);
            session.echo();
            return session;
        });
        int port = onLoop(() -> s.caller().localPort());
        assertThat(port % 2).isZero();
        assertThat(port).isBetween(40000, 40999);
        long ourSsrc = -1;
        int lastSeq = -1;
        for (int i = 0; i < 5; i++) {
            byte[] data = payload(160, i);
            send(phone, port, rtp(0, 65534 + i, 1000 + 160L * i, 0x1234, data));
            Received back = receive(phone);
            assertThat(back.header().ssrc()).isNotEqualTo(0x1234L);
            if (ourSsrc >= 0) {
                assertThat(back.header().ssrc()).isEqualTo(ourSsrc);
                assertThat(back.header().sequenceNumber()).isEqualTo((lastSeq + 1) & 0xFFFF);
            }
            ourSsrc = back.header().ssrc();
            lastSeq = back.header().sequenceNumber();
            assertThat(back.payload()).isEqualTo(data);
        }
        onLoop(() -> {
            s.close();
            return null;
        });
        assertThat(ctx.ports().inUse()).isZero();
    }

    @Test
    void latchesOntoTheFirstSourceAndDropsStrangersAfterwards() throws Exception {
        DatagramSocket sdpAddress = peer();
        DatagramSocket natted = peer();
        DatagramSocket stranger = peer();
        MediaSession s = onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(media(Codec.PCMU, 0, sdpAddress.getLocalPort(), Direction.SENDRECV));
            session.setCaller(leg);
            session.echo();
            return session;
        });
        int port = onLoop(() -> s.caller().localPort());
        send(natted, port, rtp(0, 1, 160, 7, payload(160, 1)));
        assertThat(receive(natted).payload()).isEqualTo(payload(160, 1)); // media follows the packets
        send(stranger, port, rtp(0, 2, 320, 7, payload(160, 2)));
        send(natted, port, rtp(0, 3, 480, 7, payload(160, 3)));
        assertThat(receive(natted).payload()).isEqualTo(payload(160, 3));
        stranger.setSoTimeout(300);
        sdpAddress.setSoTimeout(300);
        assertThat(receivesNothing(stranger)).isTrue();
        assertThat(receivesNothing(sdpAddress)).isTrue();
        assertThat(onLoop(() -> s.caller().strangerPackets())).isEqualTo(1);

        // the SDP address always wins the stream back
        send(sdpAddress, port, rtp(0, 4, 640, 7, payload(160, 4)));
        assertThat(receive(sdpAddress).payload()).isEqualTo(payload(160, 4));
        send(natted, port, rtp(0, 5, 800, 7, payload(160, 5)));
        natted.setSoTimeout(300);
        assertThat(receivesNothing(natted)).as("the NAT source is now a stranger").isTrue();
    }

    private static boolean receivesNothing(DatagramSocket s) throws Exception {
        try {
            s.receive(new DatagramPacket(new byte[2048], 2048));
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }

    @Test
    void bridgeTranscodesBetweenPcmuAndPcma() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket phoneB = peer();
        MediaSession s = onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg a = MediaLeg.open(ctx, "A");
            a.configure(media(Codec.PCMU, 0, phoneA.getLocalPort(), Direction.SENDRECV));
            MediaLeg b = MediaLeg.open(ctx, "B");
            b.configure(media(Codec.PCMA, 8, phoneB.getLocalPort(), Direction.SENDRECV));
            session.setCaller(a);
            session.setOther(b);
            session.bridge();
            return session;
        });
        int aPort = onLoop(() -> s.caller().localPort());
        byte[] ulaw = new byte[160];
        for (int i = 0; i < ulaw.length; i++) {
            ulaw[i] = G711.linearToUlaw((short) (8000 * Math.sin(i / 5.0)));
        }
        send(phoneA, aPort, rtp(0, 10, 0, 99, ulaw));
        Received atB = receive(phoneB);
        assertThat(atB.header().payloadType()).isEqualTo(8);
        for (int i = 0; i < 160; i++) {
            assertThat(atB.payload()[i]).isEqualTo(G711.linearToAlaw(G711.ulawToLinear(ulaw[i])));
        }
        assertThat(onLoop(s::relaying)).isFalse();
    }

    @Test
    void aPacketInAnyFormatTheOtherLegAgreedIsRelayedUntouched() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket phoneB = peer();
        // A sends PCMU but its peer agreed to PCMA too; B has PCMA alone
        MediaSession s = bridged(media(phoneA.getLocalPort(), 0, PCMU, PCMA), media(phoneB.getLocalPort(), 0, PCMA));
        int aPort = onLoop(() -> s.caller().localPort());
        int bPort = onLoop(() -> s.other().localPort());

        send(phoneB, bPort, rtp(8, 1, 0, 77, payload(160, 1)));
        Received atA = receive(phoneA);
        assertThat(atA.header().payloadType()).as("PCMA, which A's peer also agreed to").isEqualTo(8);
        assertThat(atA.payload()).isEqualTo(payload(160, 1));

        send(phoneA, aPort, rtp(8, 1, 0, 78, payload(160, 2)));
        Received atB = receive(phoneB);
        assertThat(atB.header().payloadType()).isEqualTo(8);
        assertThat(atB.payload()).isEqualTo(payload(160, 2));

        send(phoneA, aPort, rtp(0, 2, 160, 78, payload(160, 3)));
        Received transcoded = receive(phoneB);
        assertThat(transcoded.header().payloadType()).isEqualTo(8);
        assertThat(transcoded.payload()).isEqualTo(ulawToAlaw(payload(160, 3)));
        assertThat(onLoop(s::relayedPackets)).isEqualTo(2);
        assertThat(onLoop(s::transcodedPackets)).isEqualTo(1);
        assertThat(onLoop(s::relaying)).as("A's own codec cannot go to B as it is").isFalse();
    }

    @Test
    void aPeerSwitchingToAnotherCodecOfItsAnswerIsTranscodedForALegWithoutIt() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket phoneB = peer();
        // A has PCMA alone; B chose PCMA too, but its answer also listed PCMU, so it may switch to it
        MediaSession s = bridged(media(phoneA.getLocalPort(), 0, PCMA), media(phoneB.getLocalPort(), 0, PCMA, PCMU));
        assertThat(onLoop(s::relaying)).isTrue();
        int bPort = onLoop(() -> s.other().localPort());
        for (int i = 0; i < 3; i++) {
            int pt = i == 1 ? 0 : 8;
            send(phoneB, bPort, rtp(pt, 10 + i, 160L * i, 5, payload(160, i)));
            Received atA = receive(phoneA);
            assertThat(atA.header().payloadType()).isEqualTo(8);
            assertThat(atA.payload()).isEqualTo(pt == 0 ? ulawToAlaw(payload(160, i)) : payload(160, i));
        }
        assertThat(onLoop(s::relayedPackets)).isEqualTo(2);
        assertThat(onLoop(s::transcodedPackets)).isEqualTo(1);
        assertThat(onLoop(() -> s.other().ignoredPackets())).isZero();
    }

    @Test
    void theRemotesPtimeIsHonouredForWhatAtendeEncodesAndPacketsAlreadyAtItAreRelayed() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket phoneB = peer();
        // A's peer asked for 30 ms; B's for 20 ms
        MediaSession s = bridged(media(phoneA.getLocalPort(), 30, PCMA), media(phoneB.getLocalPort(), 20, PCMA));
        int aPort = onLoop(() -> s.caller().localPort());
        int bPort = onLoop(() -> s.other().localPort());

        send(phoneA, aPort, rtp(8, 1, 0, 9, payload(240, 1))); // 30 ms from A: not what B asked for
        Received first = receive(phoneB);
        assertThat(first.payload()).as("20 ms of it; the other 10 ms wait for more").hasSize(160);
        send(phoneA, aPort, rtp(8, 2, 240, 9, payload(240, 2)));
        Received second = receive(phoneB);
        Received third = receive(phoneB);
        assertThat(second.payload()).hasSize(160);
        assertThat(third.payload()).hasSize(160);
        assertThat(second.header().timestamp()).isEqualTo((first.header().timestamp() + 160) & 0xFFFFFFFFL);
        assertThat(third.header().timestamp()).isEqualTo((second.header().timestamp() + 160) & 0xFFFFFFFFL);
        assertThat(java.util.Arrays.copyOfRange(second.payload(), 0, 80)).as("A-law through linear and back")
                .isEqualTo(java.util.Arrays.copyOfRange(payload(240, 1), 160, 240));

        byte[] twenty = payload(160, 2);
        for (int i = 0; i < 3; i++) {
            send(phoneB, bPort, rtp(8, 1 + i, 160L * i, 10, twenty)); // 20 ms from B, A asked for 30
        }
        Received thirty = receive(phoneA);
        Received more = receive(phoneA);
        assertThat(thirty.payload()).hasSize(240);
        assertThat(more.payload()).hasSize(240);
        assertThat(more.header().timestamp()).isEqualTo((thirty.header().timestamp() + 240) & 0xFFFFFFFFL);
        assertThat(java.util.Arrays.copyOfRange(thirty.payload(), 0, 160)).isEqualTo(twenty);

        send(phoneA, aPort, rtp(8, 3, 480, 9, payload(160, 3))); // 20 ms from A: as B asked, relayed untouched
        Received relayed = receive(phoneB);
        assertThat(relayed.payload()).isEqualTo(payload(160, 3));
        assertThat(onLoop(s::relayedPackets)).isEqualTo(1);
        assertThat(onLoop(s::transcodedPackets)).isEqualTo(5);
    }

    @Test
    void promptsGoOutAtTheRemotesPtime() throws Exception {
        DatagramSocket phone = peer();
        onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(media(phone.getLocalPort(), 30, PCMA));
            session.setCaller(leg);
            session.play(leg, Playback.of(new Playback.ToneItem(ToneGenerator::beep, 10)));
            return session;
        });
        Received previous = receive(phone);
        for (int i = 1; i < 6; i++) { // ten 20 ms frames: six whole 30 ms packets and two thirds of one
            Received next = receive(phone);
            assertThat(next.payload()).hasSize(240);
            assertThat(next.header().sequenceNumber()).isEqualTo((previous.header().sequenceNumber() + 1) & 0xFFFF);
            assertThat(next.header().timestamp()).isEqualTo((previous.header().timestamp() + 240) & 0xFFFFFFFFL);
            previous = next;
        }
    }

    @Test
    void promptIsPacedByTheClockAsOneContiguousStream() throws Exception {
        DatagramSocket phone = peer();
        MediaSession s = onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(media(Codec.PCMA, 8, phone.getLocalPort(), Direction.SENDRECV));
            session.setCaller(leg);
            session.play(leg, Playback.of(new Playback.ToneItem(ToneGenerator::beep, 10)));
            return session;
        });
        Received first = receive(phone);
        assertThat(first.header().marker()).isTrue();
        Received previous = first;
        for (int i = 1; i < 10; i++) {
            Received next = receive(phone);
            assertThat(next.header().sequenceNumber()).isEqualTo((previous.header().sequenceNumber() + 1) & 0xFFFF);
            assertThat(next.header().timestamp()).isEqualTo((previous.header().timestamp() + 160) & 0xFFFFFFFFL);
            assertThat(next.payload()).hasSize(160);
            previous = next;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!events.contains("played A") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(events).contains("played A");
        assertThat(onLoop(() -> s.playing(s.caller()))).isFalse();
    }

    @Test
    void portExhaustionRefusesTheLegAndClosingGivesThePortBack() throws Exception {
        MediaContext tiny = context(new RtpPortPool(41000, 41001), Duration.ofSeconds(60));
        MediaLeg first = onLoop(() -> MediaLeg.open(tiny, "A"));
        assertThat(first).isNotNull();
        assertThat(onLoop(() -> MediaLeg.open(tiny, "B"))).isNull();
        assertThat(tiny.counters().portExhausted.sum()).isEqualTo(1);
        onLoop(() -> {
            first.close();
            return null;
        });
        assertThat(tiny.ports().inUse()).isZero();
        // NIO frees a closed socket's port at the selector's next wake-up: allow it that moment
        MediaLeg again = null;
        for (int i = 0; i < 50 && again == null; i++) {
            again = onLoop(() -> MediaLeg.open(tiny, "C"));
            Thread.sleep(i == 0 ? 0 : 10);
        }
        assertThat(again).isNotNull();
        assertThat(again.localPort()).isEqualTo(41000);
        MediaLeg opened = again;
        onLoop(() -> {
            opened.close();
            return null;
        });
    }

    @Test
    void telephoneEventsBecomeDigitsAndMalformedPacketsAreCounted() throws Exception {
        DatagramSocket phone = peer();
        MediaSession s = onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(media(Codec.PCMU, 0, phone.getLocalPort(), Direction.SENDRECV));
            session.setCaller(leg);
            return session;
        });
        int port = onLoop(() -> s.caller().localPort());
        send(phone, port, new byte[] {1, 2, 3}); // not RTP
        send(phone, port, rtp(101, 1, 8000, 5, new byte[] {5, 10, 0, (byte) 160}));
        send(phone, port, rtp(101, 2, 8000, 5, new byte[] {5, (byte) 0x8a, 3, 32}));
        send(phone, port, rtp(101, 3, 8000, 5, new byte[] {5, (byte) 0x8a, 3, 32}));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(events).containsExactly("digit 5 RFC4733");
        assertThat(onLoop(() -> s.caller().malformedPackets())).isEqualTo(1);
    }

    @Test
    void silentLegIsReportedTimedOutButNotWhileOnHold() throws Exception {
        MediaContext quick = context(new RtpPortPool(42000, 42099), Duration.ofMillis(300));
        DatagramSocket phone = peer();
        onLoop(() -> {
            MediaSession session = session(quick);
            MediaLeg a = MediaLeg.open(quick, "A");
            a.configure(media(Codec.PCMU, 0, phone.getLocalPort(), Direction.SENDRECV));
            MediaLeg b = MediaLeg.open(quick, "B");
            b.configure(new NegotiatedMedia(0, Codec.PCMU, 0, OptionalInt.empty(), "127.0.0.1", phone.getLocalPort(),
                    OptionalInt.empty(), Direction.SENDONLY, OptionalInt.empty(), true));
            session.setCaller(a);
            session.setOther(b);
            session.bridge();
            return session;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(1100);
        assertThat(events).containsExactly("timeout A");
    }

    @Test
    void inbandDtmfIsHeardFromPeersWithoutTelephoneEvents() throws Exception {
        DatagramSocket phone = peer();
        MediaSession s = onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(new NegotiatedMedia(0, Codec.PCMU, 0, OptionalInt.empty(), "127.0.0.1", phone.getLocalPort(),
                    OptionalInt.empty(), Direction.SENDRECV, OptionalInt.empty(), false));
            leg.detectInbandDigits(true);
            session.setCaller(leg);
            return session;
        });
        int port = onLoop(() -> s.caller().localPort());
        ToneGenerator seven = ToneGenerator.dtmf('7', -10);
        short[] frame = new short[160];
        byte[] ulaw = new byte[160];
        int seq = 100;
        for (int i = 0; i < 25; i++) { // 100 ms of '7', then 400 ms of silence
            if (i < 5) {
                seven.next(frame);
            } else {
                java.util.Arrays.fill(frame, (short) 0);
            }
            G711.encodeUlaw(frame, 0, 160, ulaw, 0);
            send(phone, port, rtp(0, seq++, 160L * i, 42, ulaw));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (events.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(events).containsExactly("digit 7 INBAND");
    }

    @Test
    void loopedPlaybackStopsOnAKeyPressWhenInterruptible() throws Exception {
        DatagramSocket phone = peer();
        MediaSession s = onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(media(Codec.PCMU, 0, phone.getLocalPort(), Direction.SENDRECV));
            session.setCaller(leg);
            session.play(leg, Playback.of(new Playback.ToneItem(ToneGenerator::ringback, 2),
                    new Playback.SilenceItem(1)).looped().interruptible());
            return session;
        });
        for (int i = 0; i < 12; i++) { // four rounds of the three-frame playlist: it loops
            receive(phone);
        }
        assertThat(events).isEmpty();
        onLoop(() -> {
            s.caller().digitSignalled('1', 100);
            return null;
        });
        assertThat(events).containsExactly("played A interrupted", "digit 1 SIP_INFO");
        assertThat(onLoop(() -> s.playing(s.caller()))).isFalse();
    }

    @Test
    void sendsTelephoneEventsOnItsOwnStream() throws Exception {
        DatagramSocket phone = peer();
        onLoop(() -> {
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(media(Codec.PCMU, 0, phone.getLocalPort(), Direction.SENDRECV));
            long now = System.nanoTime();
            leg.sendTelephoneEvent(9, false, 10, 160, true, now);
            leg.sendTelephoneEvent(9, true, 10, 800, false, now + 20_000_000L);
            return leg;
        });
        Received start = receive(phone);
        Received end = receive(phone);
        assertThat(start.header().payloadType()).isEqualTo(101);
        assertThat(start.header().marker()).isTrue();
        assertThat(start.payload()).containsExactly(9, 10, 0, (byte) 160);
        assertThat(end.payload()).containsExactly(9, (byte) 0x8a, 3, 32);
        assertThat(end.header().sequenceNumber()).isEqualTo((start.header().sequenceNumber() + 1) & 0xFFFF);
        assertThat(end.header().timestamp()).as("one event, one timestamp").isEqualTo(start.header().timestamp());
    }
}
