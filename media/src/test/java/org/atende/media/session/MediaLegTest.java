package org.atende.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
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

/**
 * Media legs and sessions over real UDP sockets on loopback, on the NIO transport; {@link EpollMediaLegTest} runs
 * the same tests on epoll, the transport whose legs connect their sockets to the latched peer.
 */
class MediaLegTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EventLoopGroup group;
    private EventLoop loop;
    private MediaContext ctx;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    /** Sessions and lone legs the tests opened, closed after each test (on the loop, like everything else). */
    private final List<MediaSession> sessions = new ArrayList<>();
    private final List<MediaLeg> legs = new ArrayList<>();

    /** The transport's I/O handler; NIO here. */
    IoHandlerFactory ioHandlers() {
        return NioIoHandler.newFactory();
    }

    /** The transport's datagram channels; NIO here. */
    ChannelFactory<? extends io.netty.channel.socket.DatagramChannel> channels() {
        return NioDatagramChannel::new;
    }

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, ioHandlers());
        loop = group.next();
        ctx = context(new RtpPortPool(40000, 40999), Duration.ofSeconds(60));
    }

    private MediaContext context(RtpPortPool pool, Duration timeout) {
        return new MediaContext(loop, channels(), ByteBufAllocator.DEFAULT, pool,
                new MediaClock(loop), new MediaCounters(), LOOPBACK, "127.0.0.1", timeout);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        // close what the test left open: a loop shutting down does not always close an epoll socket, whose port
        // would then stay bound for the next tests
        onLoop(() -> {
            sessions.forEach(MediaSession::close);
            legs.forEach(MediaLeg::close);
            return null;
        });
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
        MediaSession session = newSession(c);
        sessions.add(session);
        return session;
    }

    private MediaSession newSession(MediaContext c) {
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

    /** Whether this transport's legs connect their sockets to a settled peer (epoll does, NIO does not). */
    boolean connectsSockets() {
        return false;
    }

    /** Where {@code leg}'s RTP socket should be connected once settled on {@code phone}: there, or nowhere on NIO. */
    private InetSocketAddress connectedTo(DatagramSocket phone) {
        return connectsSockets() ? (InetSocketAddress) phone.getLocalSocketAddress() : null;
    }

    @Test
    void aBridgedCallKeepsFlowingWhenThePeersSourceMovesToItsSdpAddress() throws Exception {
        DatagramSocket sdpA = peer(); // where A's SDP says it is
        DatagramSocket natA = peer(); // where A's first packets come from (its NAT)
        DatagramSocket phoneB = peer();
        MediaSession s = bridged(media(Codec.PCMA, 8, sdpA.getLocalPort(), Direction.SENDRECV),
                media(Codec.PCMA, 8, phoneB.getLocalPort(), Direction.SENDRECV));
        int portA = onLoop(() -> s.caller().localPort());
        int portB = onLoop(() -> s.other().localPort());

        send(natA, portA, rtp(8, 1, 160, 7, payload(160, 1)));
        assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 1));
        send(phoneB, portB, rtp(8, 1, 160, 9, payload(160, 2)));
        assertThat(receive(natA).payload()).as("media follows A's packets").isEqualTo(payload(160, 2));
        assertThat(onLoop(() -> s.caller().connectedPeer())).as("latched off the SDP address: unconnected").isNull();

        // A's source moves to its SDP address: the stream re-latches there and keeps flowing both ways
        for (int i = 0; i < 3; i++) {
            send(sdpA, portA, rtp(8, 2 + i, 320 + 160L * i, 7, payload(160, 10 + i)));
            assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 10 + i));
            send(phoneB, portB, rtp(8, 2 + i, 320 + 160L * i, 9, payload(160, 20 + i)));
            assertThat(receive(sdpA).payload()).isEqualTo(payload(160, 20 + i));
        }
        assertThat(onLoop(() -> s.caller().connectedPeer())).isEqualTo(connectedTo(sdpA));
        assertThat(onLoop(() -> s.other().connectedPeer())).isEqualTo(connectedTo(phoneB));

        // the old NAT source is a stranger now: nothing of it is relayed, and nothing goes back to it
        send(natA, portA, rtp(8, 9, 1600, 7, payload(160, 30)));
        send(sdpA, portA, rtp(8, 10, 1760, 7, payload(160, 31)));
        assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 31));
        send(phoneB, portB, rtp(8, 10, 1760, 9, payload(160, 32)));
        assertThat(receive(sdpA).payload()).isEqualTo(payload(160, 32));
        natA.setSoTimeout(300);
        phoneB.setSoTimeout(300);
        assertThat(receivesNothing(natA)).isTrue();
        assertThat(receivesNothing(phoneB)).as("the stranger's packet was not relayed").isTrue();
    }

    @Test
    void aReInviteMovingMediaToANewPortMovesTheStreamThere() throws Exception {
        DatagramSocket oldA = peer();
        DatagramSocket newA = peer();
        DatagramSocket phoneB = peer();
        MediaSession s = bridged(media(Codec.PCMA, 8, oldA.getLocalPort(), Direction.SENDRECV),
                media(Codec.PCMA, 8, phoneB.getLocalPort(), Direction.SENDRECV));
        int portA = onLoop(() -> s.caller().localPort());
        int portB = onLoop(() -> s.other().localPort());
        send(oldA, portA, rtp(8, 1, 160, 7, payload(160, 1)));
        assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 1));
        assertThat(onLoop(() -> s.caller().connectedPeer())).isEqualTo(connectedTo(oldA));

        // re-INVITE: A's media moves to another port (same address)
        onLoop(() -> {
            s.caller().configure(media(Codec.PCMA, 8, newA.getLocalPort(), Direction.SENDRECV));
            return null;
        });
        assertThat(onLoop(() -> s.caller().connectedPeer())).as("disconnected until the new source speaks").isNull();
        send(phoneB, portB, rtp(8, 2, 320, 9, payload(160, 2)));
        assertThat(receive(newA).payload()).as("sent to the new SDP address at once").isEqualTo(payload(160, 2));
        for (int i = 0; i < 3; i++) {
            send(newA, portA, rtp(8, 3 + i, 480 + 160L * i, 8, payload(160, 10 + i)));
            assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 10 + i));
        }
        assertThat(onLoop(() -> s.caller().connectedPeer())).isEqualTo(connectedTo(newA));

        // the old port is a stranger now
        send(oldA, portA, rtp(8, 20, 3200, 7, payload(160, 20)));
        send(newA, portA, rtp(8, 21, 3360, 8, payload(160, 21)));
        assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 21));
        send(phoneB, portB, rtp(8, 3, 480, 9, payload(160, 22)));
        assertThat(receive(newA).payload()).isEqualTo(payload(160, 22));
        oldA.setSoTimeout(300);
        phoneB.setSoTimeout(300);
        assertThat(receivesNothing(phoneB)).as("the old port's packet was not relayed").isTrue();
        assertThat(receivesNothing(oldA)).isTrue();
    }

    @Test
    void aStrangerIsNotRelayedOnceTheStreamIsLatched() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket stranger = peer();
        DatagramSocket phoneB = peer();
        MediaSession s = bridged(media(Codec.PCMA, 8, phoneA.getLocalPort(), Direction.SENDRECV),
                media(Codec.PCMA, 8, phoneB.getLocalPort(), Direction.SENDRECV));
        int portA = onLoop(() -> s.caller().localPort());
        int portB = onLoop(() -> s.other().localPort());
        send(phoneA, portA, rtp(8, 1, 160, 7, payload(160, 1)));
        assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 1));

        for (int i = 0; i < 3; i++) {
            send(stranger, portA, rtp(8, 100 + i, 16000, 66, payload(160, 50 + i)));
            send(phoneA, portA, rtp(8, 2 + i, 320 + 160L * i, 7, payload(160, 2 + i)));
            assertThat(receive(phoneB).payload()).as("the phone's packet, not the stranger's")
                    .isEqualTo(payload(160, 2 + i));
        }
        send(phoneB, portB, rtp(8, 1, 160, 9, payload(160, 9)));
        assertThat(receive(phoneA).payload()).isEqualTo(payload(160, 9));
        stranger.setSoTimeout(300);
        phoneB.setSoTimeout(300);
        assertThat(receivesNothing(phoneB)).isTrue();
        assertThat(receivesNothing(stranger)).isTrue();
        assertThat(onLoop(() -> s.caller().connectedPeer())).isEqualTo(connectedTo(phoneA));
        assertThat(onLoop(() -> s.relayedPackets())).as("4 from A, 1 from B").isEqualTo(5);
    }

    @Test
    void aLegCarriesOnAfterThePeersPortWasClosedForAWhile() throws Exception {
        DatagramSocket phoneA = peer();
        DatagramSocket phoneB = peer();
        MediaSession s = bridged(media(Codec.PCMA, 8, phoneA.getLocalPort(), Direction.SENDRECV),
                media(Codec.PCMA, 8, phoneB.getLocalPort(), Direction.SENDRECV));
        int portA = onLoop(() -> s.caller().localPort());
        int portB = onLoop(() -> s.other().localPort());
        send(phoneA, portA, rtp(8, 1, 160, 7, payload(160, 1)));
        assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 1));

        // A's phone closes its socket: what B says goes to a closed port (a connected leg hears ICMP errors)
        InetSocketAddress addressA = (InetSocketAddress) phoneA.getLocalSocketAddress();
        phoneA.close();
        for (int i = 0; i < 5; i++) {
            send(phoneB, portB, rtp(8, 1 + i, 160 + 160L * i, 9, payload(160, 10 + i)));
        }
        awaitOnLoop(() -> s.caller().packetsSent() == 5);
        DatagramSocket again = new DatagramSocket(addressA);
        again.setSoTimeout(2000);
        closeables.add(again);
        for (int i = 0; i < 3; i++) {
            send(again, portA, rtp(8, 2 + i, 320 + 160L * i, 7, payload(160, 20 + i)));
            assertThat(receive(phoneB).payload()).isEqualTo(payload(160, 20 + i));
            send(phoneB, portB, rtp(8, 6 + i, 960 + 160L * i, 9, payload(160, 30 + i)));
            assertThat(receive(again).payload()).isEqualTo(payload(160, 30 + i));
        }
        assertThat(onLoop(() -> s.caller().connectedPeer())).isEqualTo(connectsSockets() ? addressA : null);
    }

    @Test
    void rtcpLatchesOntoThePeersReportsAndOurReportsGoThere() throws Exception {
        DatagramSocket phone = peer();
        DatagramSocket phoneRtcp = peer(); // not the SDP port + 1: RTCP latches onto whatever port it comes from
        DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        closeables.add(stranger);
        MediaSession s = onLoop(() -> {
            MediaSession session = session(ctx);
            MediaLeg leg = MediaLeg.open(ctx, "A");
            leg.configure(media(Codec.PCMA, 8, phone.getLocalPort(), Direction.SENDRECV));
            session.setCaller(leg);
            session.echo();
            return session;
        });
        int port = onLoop(() -> s.caller().localPort());
        send(phone, port, rtp(8, 1, 160, 7, payload(160, 1)));
        assertThat(receive(phone).payload()).isEqualTo(payload(160, 1));

        send(stranger, port + 1, report(0x51));
        send(phoneRtcp, port + 1, report(0x52));
        awaitOnLoop(() -> s.caller().rtcpReceived() == 1);
        onLoop(() -> {
            s.caller().sendReport(System.nanoTime());
            return null;
        });
        DatagramPacket ours = new DatagramPacket(new byte[2048], 2048);
        phoneRtcp.receive(ours);
        assertThat(ours.getData()[1] & 0xFF).as("an SR or RR").isIn(200, 201);
        assertThat(onLoop(() -> s.caller().connectedRtcpPeer()))
                .isEqualTo(connectsSockets() ? phoneRtcp.getLocalSocketAddress() : null);

        send(phoneRtcp, port + 1, report(0x53));
        awaitOnLoop(() -> s.caller().rtcpReceived() == 2);
        assertThat(onLoop(() -> s.caller().rtcpReceived())).isEqualTo(2);
    }

    /** An RTCP receiver report with SDES, as a peer of SSRC {@code ssrc} would send it. */
    private static byte[] report(long ssrc) {
        var session = new org.atende.media.rtcp.RtcpSession(ssrc, "peer@127.0.0.1",
                org.atende.media.quality.CodecImpairment.G711_PLC, 20);
        var buf = ByteBufAllocator.DEFAULT.heapBuffer(256);
        session.writeReport(buf, org.atende.media.rtcp.NtpTime.of(java.time.Instant.now()), System.nanoTime());
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    /** Waits (at most 5 s) until {@code condition}, checked on the loop every 5 ms, holds. */
    private void awaitOnLoop(Callable<Boolean> condition) throws Exception {
        java.util.concurrent.CompletableFuture<Void> held = new java.util.concurrent.CompletableFuture<>();
        loop.execute(new Runnable() {
            @Override
            public void run() {
                try {
                    if (condition.call()) {
                        held.complete(null);
                    } else if (!held.isDone()) {
                        loop.schedule(this, 5, TimeUnit.MILLISECONDS);
                    }
                } catch (Exception e) {
                    held.completeExceptionally(e);
                }
            }
        });
        try {
            held.get(5, TimeUnit.SECONDS);
        } finally {
            held.cancel(false);
        }
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
            legs.add(leg);
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
