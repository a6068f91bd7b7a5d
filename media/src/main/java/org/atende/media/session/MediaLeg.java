package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.atende.media.codec.G711;
import org.atende.media.dtmf.GoertzelDtmfDetector;
import org.atende.media.dtmf.rfc4733.TelephoneEventReceiver;
import org.atende.media.rtp.OutboundStream;
import org.atende.media.rtp.RtpHeader;
import org.atende.media.quality.CodecImpairment;
import org.atende.media.quality.LegQuality;
import org.atende.media.rtcp.NtpTime;
import org.atende.media.rtcp.RtcpSession;
import java.time.Instant;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.LocalMedia;
import org.atende.media.sdp.NegotiatedMedia;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call leg's media endpoint: an RTP socket on an even port and an RTCP socket on the odd port after it,
 * bound on the call's event loop, with what the leg's SDP negotiated (codec, payload types, remote address,
 * direction).
 *
 * <p><b>Receiving.</b> Each datagram is parsed in place ({@link RtpHeader}), checked against the latched
 * source, unprotected (SRTP), counted (RFC 3550 sequence and jitter statistics) and handed to the
 * {@link Listener} (the call's media session): audio in any of the formats the leg's offer/answer agreed (a
 * peer may switch among them mid-call, RFC 3264 §5.1), or a telephone-event, which is also decoded into key
 * presses here. Nothing is thrown into the event loop; malformed packets and packets from strangers are dropped
 * and counted.
 *
 * <p><b>Latching (symmetric RTP).</b> Phones behind NAT send from an address their SDP does not show, so media
 * goes to where the peer's packets come from. To keep a stranger from hijacking the stream, the leg latches
 * onto the first source seen within the first {@link #LATCH_WINDOW} packets after the SDP was applied, and
 * packets from any other address are dropped afterwards, except from the SDP address itself, which is always
 * accepted and takes the stream back (so a stranger who raced the phone's first packet loses it as soon as a
 * phone that is not behind NAT speaks). A new SDP (re-INVITE) opens the window again.
 *
 * <p><b>Sending.</b> Everything sent goes through the leg's {@link OutboundStream}, so the peer sees one SSRC
 * with monotonic sequence numbers and timestamps whether the audio is relayed, transcoded or generated.
 * Audio Atende encodes (prompts, tones, transcoded frames) is in the leg's chosen codec and, when the peer asked
 * for an {@code a=ptime} we can honour, packetised at it; relayed packets keep theirs, so the session relays only
 * packets already at that ptime. Nothing is sent while the negotiated direction forbids it (hold).
 *
 * <p>Not thread-safe: every method runs on the leg's event loop.
 */
public final class MediaLeg {

    /** Packets after an SDP within which the first source may be latched onto. */
    public static final int LATCH_WINDOW = 16;
    /** Most samples decoded from one packet (60 ms). */
    public static final int MAX_SAMPLES = 480;
    /** G.711 laws, indexes of {@link #sendPayloadTypes}; payload types of other codecs map to {@link #NO_LAW}. */
    private static final byte NO_LAW = 0;
    private static final byte ULAW = 1;
    private static final byte ALAW = 2;
    private static final int RECEIVE_BUFFER = 2048;

    private static final Logger log = LoggerFactory.getLogger(MediaLeg.class);

    /** What a leg reports to its media session; runs on the leg's loop; must not keep {@code packet}. */
    public interface Listener {
        /** Audio in one of the leg's agreed formats (header already read into {@code header}). */
        void onAudio(MediaLeg leg, ByteBuf packet, RtpHeader header, long nowNanos);

        /** An RFC 4733 telephone-event packet (every packet, for relaying; digits come via {@link #onDigit}). */
        void onTelephoneEvent(MediaLeg leg, ByteBuf packet, RtpHeader header, long nowNanos);

        /** One key press from this leg's party, reported when it ends. */
        void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source);
    }

    private final MediaContext ctx;
    private final String name;
    private final int rtpPort;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    private final RtpHeader header = new RtpHeader();
    private final OutboundStream outbound = new OutboundStream(8000);
    private final RtcpSession reports;
    private final short[] pcm = new short[MAX_SAMPLES];
    private Listener listener;
    private PacketProtection protection;

    private Codec codec;
    private int payloadType = -1;
    /** Per received payload type: its G.711 law, or NO_LAW when it is not an agreed audio format. */
    private final byte[] lawOfPayloadType = new byte[128];
    /** Per law: the payload type we send it in on this leg, or -1 when the peer did not agree to it. */
    private final int[] sendPayloadTypes = {-1, -1, -1};
    /** The law of {@link #codec}, what Atende encodes in on this leg. */
    private byte sendLaw;
    /** What Atende encodes, in packets of the peer's ptime. */
    private final Packetizer packetizer = new Packetizer(this::sendEncoded);
    private int telephoneEventPayloadType = -1;
    private Direction direction = Direction.INACTIVE;
    private boolean remoteHold;
    private InetSocketAddress sdpRemote;
    private InetSocketAddress sdpRemoteRtcp;
    private InetSocketAddress latched;
    private InetSocketAddress latchedRtcp;
    private int packetsSinceSdp;
    private TelephoneEventReceiver eventReceiver;
    private GoertzelDtmfDetector inbandDetector;
    private long mediaSinceNanos;
    private long lastRtpNanos;
    private boolean closed;

    private long packetsReceived;
    private long octetsReceived;
    private long packetsSent;
    private long octetsSent;
    private long rtcpReceived;
    private long malformed;
    private long strangers;
    private long protectionFailures;
    private long ignored;

    private MediaLeg(MediaContext ctx, String name, int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {
        this.ctx = ctx;
        this.name = name;
        this.rtpPort = rtpPort;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.mediaSinceNanos = System.nanoTime();
        this.reports = new RtcpSession(outbound.ssrc(), "atende-" + Long.toHexString(outbound.ssrc()) + "@"
                + ctx.advertisedAddress(), CodecImpairment.G711_PLC, 20);
    }

    /**
     * Binds an RTP/RTCP port pair from the pool on the context's loop (must be called on it).
     *
     * @return the leg, or null when no port pair could be had (the caller answers 503)
     */
    public static MediaLeg open(MediaContext ctx, String name) {
        assert ctx.loop().inEventLoop();
        for (int attempt = 0; attempt < 8; attempt++) {
            OptionalInt port = ctx.ports().acquire();
            if (port.isEmpty()) {
                break;
            }
            DatagramChannel rtp = bind(ctx, port.getAsInt());
            if (rtp == null) {
                ctx.ports().release(port.getAsInt()); // taken by another process: try the next pair
                continue;
            }
            DatagramChannel rtcp = bind(ctx, port.getAsInt() + 1);
            if (rtcp == null) {
                rtp.close();
                ctx.ports().release(port.getAsInt());
                continue;
            }
            MediaLeg leg = new MediaLeg(ctx, name, port.getAsInt(), rtp, rtcp);
            rtp.pipeline().addLast(leg.new RtpHandler());
            rtcp.pipeline().addLast(leg.new RtcpHandler());
            ctx.counters().legsOpened.increment();
            return leg;
        }
        ctx.counters().portExhausted.increment();
        return null;
    }

    private static DatagramChannel bind(MediaContext ctx, int port) {
        DatagramChannel channel = ctx.channels().newChannel();
        channel.config().setOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER));
        channel.config().setOption(ChannelOption.ALLOCATOR, ctx.allocator());
        ChannelFuture registered = ctx.loop().register(channel);
        if (!registered.isDone() || !registered.isSuccess()) {
            channel.unsafe().closeForcibly();
            return null;
        }
        ChannelFuture bound = channel.bind(new InetSocketAddress(ctx.bindAddress(), port));
        if (!bound.isDone() || !bound.isSuccess()) {
            log.debug("cannot bind RTP port {}: {}", port, bound.isDone() ? bound.cause() : "bind did not complete");
            channel.close();
            return null;
        }
        return channel;
    }

    public String name() {
        return name;
    }

    public int localPort() {
        return rtpPort;
    }

    /** Our media description for SDP: the advertised address, this leg's port, and {@code codecs}. */
    public LocalMedia localMedia(List<Codec> codecs) {
        return new LocalMedia(ctx.advertisedAddress(), rtpPort, codecs, LocalMedia.DEFAULT_TELEPHONE_EVENT_PT, 20);
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** SRTP for this leg (null for plain RTP). */
    public void setProtection(PacketProtection protection) {
        this.protection = protection;
    }

    public boolean secure() {
        return protection != null;
    }

    /**
     * Applies what the leg's offer/answer agreed (first time, or a re-INVITE changing address, codec or
     * direction). A new remote address reopens latching; a codec change starts a new outbound segment.
     */
    public void configure(NegotiatedMedia media) {
        Codec previous = codec;
        int previousPtime = packetizer.packetSamples();
        codec = media.codec();
        payloadType = media.payloadType();
        Arrays.fill(lawOfPayloadType, NO_LAW);
        Arrays.fill(sendPayloadTypes, -1);
        for (NegotiatedMedia.Format f : media.formats()) {
            byte law = lawOf(f.codec());
            if (law != NO_LAW) {
                lawOfPayloadType[f.payloadType()] = law;
                if (sendPayloadTypes[law] < 0) {
                    sendPayloadTypes[law] = f.payloadType();
                }
            }
        }
        sendLaw = lawOf(codec);
        int ptimeSamples = media.sendPtime().orElse(0) * 8;
        int te = media.telephoneEventPayloadType().orElse(-1);
        if (te != telephoneEventPayloadType) {
            if (eventReceiver != null) {
                eventReceiver.flush();
            }
            telephoneEventPayloadType = te;
            eventReceiver = te < 0 ? null : new TelephoneEventReceiver(te,
                    (digit, duration) -> digit(digit, (int) (duration / 8), DigitSource.RFC4733));
        }
        direction = media.direction();
        remoteHold = media.remoteHold();
        InetSocketAddress remote = resolve(media.remoteAddress(), media.remotePort());
        if (remote == null || !remote.equals(sdpRemote)) {
            latched = null;
            latchedRtcp = null;
            packetsSinceSdp = 0;
        }
        sdpRemote = remote;
        sdpRemoteRtcp = remote == null ? null : new InetSocketAddress(remote.getAddress(),
                media.remoteRtcpPort().orElse(media.remotePort() + 1));
        if (previous != null && !previous.equals(codec) || previousPtime != ptimeSamples) {
            outbound.interrupt();
            packetizer.packetSamples(ptimeSamples);
        }
        mediaSinceNanos = System.nanoTime();
    }

    private static byte lawOf(Codec c) {
        return Codec.PCMU.equals(c) ? ULAW : Codec.PCMA.equals(c) ? ALAW : NO_LAW;
    }

    private static InetSocketAddress resolve(String address, int port) {
        if (port <= 0 || address == null || address.equals("0.0.0.0") || address.equals("::")) {
            return null;
        }
        try {
            // SDP carries literal addresses; anything else (a host name) is not looked up on the event loop
            InetAddress literal = InetAddress.getByAddress(address, parseLiteral(address));
            return new InetSocketAddress(literal, port);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] parseLiteral(String address) throws UnknownHostException {
        byte[] v4 = io.netty.util.NetUtil.createByteArrayFromIpAddressString(address);
        if (v4 == null) {
            throw new UnknownHostException("not a literal address: " + address);
        }
        return v4;
    }

    /** Turns on in-band DTMF detection (for a peer that negotiated no telephone-event). */
    public void detectInbandDigits(boolean on) {
        if (on && inbandDetector == null) {
            inbandDetector = new GoertzelDtmfDetector((digit, start, samples) ->
                    digit(digit, (int) (samples / 8), DigitSource.INBAND));
        } else if (!on) {
            inbandDetector = null;
        }
    }

    public boolean detectsInbandDigits() {
        return inbandDetector != null;
    }

    /** A key press signalled out of band (SIP INFO) for this leg. */
    public void digitSignalled(char digit, int durationMs) {
        digit(digit, durationMs, DigitSource.SIP_INFO);
    }

    private void digit(char digit, int durationMs, DigitSource source) {
        if (listener != null && !closed) {
            listener.onDigit(this, digit, durationMs, source);
        }
    }

    public Codec codec() {
        return codec;
    }

    public int payloadType() {
        return payloadType;
    }

    /** Whether the peer agreed to receive {@code c} on this leg (in any of its payload types). */
    public boolean accepts(Codec c) {
        byte law = lawOf(c);
        return law != NO_LAW && sendPayloadTypes[law] >= 0;
    }

    /**
     * The payload type under which this leg can take, untouched, the audio packet {@code h} that arrived on
     * {@code from}: its codec is one this leg's peer agreed to and it is at the packetisation the peer asked
     * for. -1 when the packet must be decoded and encoded again. Allocation-free.
     */
    public int relayPayloadType(MediaLeg from, RtpHeader h) {
        int pt = sendPayloadTypes[from.lawOfPayloadType[h.payloadType()]];
        int ptime = packetizer.packetSamples();
        if (pt < 0 || ptime != 0 && h.payloadLength() != ptime) {
            return -1;
        }
        return pt;
    }

    public int telephoneEventPayloadType() {
        return telephoneEventPayloadType;
    }

    public Direction direction() {
        return direction;
    }

    /** Where RTP goes: the latched source, else the SDP address; null while unknown or on hold. */
    public InetSocketAddress remote() {
        return latched != null ? latched : sdpRemote;
    }

    public OutboundStream outbound() {
        return outbound;
    }

    // ---- receive path ----

    void onRtp(ByteBuf packet, InetSocketAddress sender, long now) {
        if (closed) {
            return;
        }
        if (!header.read(packet)) {
            malformed++;
            ctx.counters().malformed.increment();
            return;
        }
        if (!accept(sender)) {
            strangers++;
            ctx.counters().strangers.increment();
            return;
        }
        if (protection != null) {
            if (!protection.unprotectRtp(packet)) {
                protectionFailures++;
                ctx.counters().srtpRejected.increment();
                return;
            }
            header.read(packet);
        }
        packetsReceived++;
        octetsReceived += header.payloadLength();
        lastRtpNanos = now;
        int pt = header.payloadType();
        if (lawOfPayloadType[pt] != NO_LAW) {
            reports.onRtpReceived(header.ssrc(), header.sequenceNumber(), header.timestamp(), now, 8000);
            if (inbandDetector != null) {
                int n = decode(packet, header, pcm);
                inbandDetector.process(pcm, 0, n);
            }
            if (listener != null) {
                listener.onAudio(this, packet, header, now);
            }
        } else if (pt == telephoneEventPayloadType) {
            eventReceiver.receive(header, packet);
            if (listener != null && !closed) {
                listener.onTelephoneEvent(this, packet, header, now);
            }
        } else {
            ignored++; // comfort noise, a format not agreed, a stray payload type
        }
    }

    private boolean accept(InetSocketAddress sender) {
        if (latched != null && latched.equals(sender)) {
            return true;
        }
        if (sender.equals(sdpRemote)) {
            latched = sender; // the SDP address is authoritative: it wins back a stream latched onto a stranger
            return true;
        }
        if (latched != null) {
            return false;
        }
        if (sender.equals(sdpRemote) || packetsSinceSdp++ < LATCH_WINDOW) {
            latched = sender;
            if (!sender.equals(sdpRemote)) {
                log.debug("{}: latched RTP to {} (SDP said {})", name, sender, sdpRemote);
            }
            return true;
        }
        return false;
    }

    void onRtcp(ByteBuf packet, InetSocketAddress sender) {
        if (closed) {
            return;
        }
        if (packet.readableBytes() < 8 || (packet.getUnsignedByte(packet.readerIndex()) >> 6) != 2) {
            malformed++;
            ctx.counters().malformed.increment();
            return;
        }
        if (latchedRtcp == null) {
            boolean sameHost = latched != null ? latched.getAddress().equals(sender.getAddress())
                    : sdpRemote != null && sdpRemote.getAddress().equals(sender.getAddress());
            if (!sameHost) {
                strangers++;
                ctx.counters().strangers.increment();
                return;
            }
            latchedRtcp = sender;
        } else if (!latchedRtcp.equals(sender)) {
            strangers++;
            ctx.counters().strangers.increment();
            return;
        }
        if (protection != null && !protection.unprotectRtcp(packet)) {
            protectionFailures++;
            ctx.counters().srtcpRejected.increment();
            return;
        }
        if (!reports.onRtcp(packet, NtpTime.of(Instant.now()), System.nanoTime())) {
            malformed++;
            ctx.counters().malformed.increment();
            return;
        }
        rtcpReceived++;
    }

    /** Decodes the packet's G.711 payload (in its own payload type's law) into {@code out}; returns the samples. */
    public int decode(ByteBuf packet, RtpHeader h, short[] out) {
        int n = Math.min(h.payloadLength(), out.length);
        int at = h.payloadOffset();
        byte law = lawOfPayloadType[h.payloadType()];
        if (law == ULAW) {
            for (int i = 0; i < n; i++) {
                out[i] = G711.ulawToLinear(packet.getByte(at + i));
            }
        } else if (law == ALAW) {
            for (int i = 0; i < n; i++) {
                out[i] = G711.alawToLinear(packet.getByte(at + i));
            }
        } else {
            return 0;
        }
        return n;
    }

    // ---- send path ----

    /**
     * Relays an audio packet received on another leg as payload type {@code pt} (from
     * {@link #relayPayloadType}): rewrites its header for this leg's stream and sends it. The caller keeps its
     * reference to {@code packet}: this method retains it for the write. The packet's bytes are changed in place.
     */
    public void relay(ByteBuf packet, RtpHeader h, int pt, long now) {
        if (pt < 0 || !canSend()) {
            return;
        }
        packetizer.reset(); // less than a packet of generated audio, cut off by the relayed stream
        if (outbound.relay(packet, h, pt, now)) {
            send(packet.retain());
        }
    }

    /** Relays an RFC 4733 telephone-event packet received on another leg, on this leg's telephone-event type. */
    public void relayTelephoneEvent(ByteBuf packet, RtpHeader h, long now) {
        if (telephoneEventPayloadType >= 0 && canSend() && outbound.relay(packet, h, telephoneEventPayloadType, now)) {
            send(packet.retain());
        }
    }

    /**
     * Encodes and sends {@code count} samples of linear PCM generated or transcoded by Atende, in the leg's
     * codec: as one packet, or when the peer asked for a ptime, in packets of that many samples (what does not
     * fill one waits for the next call).
     */
    public void sendPcm(short[] samples, int count, long now) {
        if (!canSend() || codec == null) {
            packetizer.reset();
            return;
        }
        packetizer.offer(samples, count, now);
    }

    private void sendEncoded(short[] samples, int from, int count, long now) {
        ByteBuf packet = ctx.allocator().directBuffer(RtpHeader.FIXED_HEADER_LENGTH + count + 16);
        outbound.writeGeneratedHeader(packet, payloadType, count, now);
        if (sendLaw == ULAW) {
            for (int i = from; i < from + count; i++) {
                packet.writeByte(G711.linearToUlaw(samples[i]));
            }
        } else {
            for (int i = from; i < from + count; i++) {
                packet.writeByte(G711.linearToAlaw(samples[i]));
            }
        }
        send(packet);
    }

    /** Sends an RFC 4733 event packet generated by Atende (4-byte payload) on this leg's stream. */
    public void sendTelephoneEvent(int event, boolean end, int volume, int duration, boolean first, long now) {
        if (!canSend() || telephoneEventPayloadType < 0) {
            return;
        }
        ByteBuf packet = ctx.allocator().directBuffer(RtpHeader.FIXED_HEADER_LENGTH + 4 + 16);
        outbound.writeEventHeader(packet, telephoneEventPayloadType, first, now);
        packet.writeByte(event);
        packet.writeByte((end ? 0x80 : 0) | (volume & 0x3F));
        packet.writeShort(duration);
        send(packet);
    }

    private boolean canSend() {
        return !closed && direction.sends() && remote() != null;
    }

    private void send(ByteBuf packet) {
        int payload = packet.readableBytes() - RtpHeader.FIXED_HEADER_LENGTH;
        long ts = packet.getUnsignedInt(packet.readerIndex() + 4);
        if (protection != null && !protection.protectRtp(packet)) {
            packet.release();
            return;
        }
        reports.onRtpSent(ts, payload, System.nanoTime(), 8000);
        packetsSent++;
        octetsSent += payload;
        rtp.writeAndFlush(new DatagramPacket(packet, remote()), rtp.voidPromise());
    }

    /** Sends our RTCP report (SR if we sent media since the last one, else RR, with SDES CNAME). */
    public void sendReport(long nowNanos) {
        if (closed || !direction.sends() && !direction.receives()) {
            return;
        }
        ByteBuf packet = ctx.allocator().directBuffer(256);
        reports.writeReport(packet, NtpTime.of(Instant.now()), nowNanos);
        sendRtcp(packet);
    }

    /** Sends an RTCP packet (already built, in the clear) to the peer's RTCP address. */
    public void sendRtcp(ByteBuf packet) {
        InetSocketAddress to = latchedRtcp != null ? latchedRtcp
                : latched != null ? new InetSocketAddress(latched.getAddress(), latched.getPort() + 1) : sdpRemoteRtcp;
        if (closed || to == null || protection != null && !protection.protectRtcp(packet)) {
            packet.release();
            return;
        }
        rtcp.writeAndFlush(new DatagramPacket(packet, to), rtcp.voidPromise());
    }

    // ---- lifecycle and figures ----

    /**
     * Whether media stopped: the leg expects RTP (not on hold, not inactive) and none arrived for the
     * context's timeout since the later of the last packet and the last SDP change.
     */
    public boolean timedOut(long now) {
        if (closed || remoteHold || !direction.receives()) {
            return false;
        }
        long since = Math.max(lastRtpNanos, mediaSinceNanos);
        return now - since > ctx.rtpTimeout().toNanos();
    }

    /** Closes both sockets and returns the ports; idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        if (eventReceiver != null) {
            eventReceiver.flush();
        }
        if (remote() != null) {
            ByteBuf bye = ctx.allocator().directBuffer(256);
            reports.writeBye(bye, NtpTime.of(Instant.now()), System.nanoTime());
            sendRtcp(bye);
        }
        closed = true;
        rtp.close();
        rtcp.close();
        ctx.ports().release(rtpPort);
        ctx.counters().legsClosed.increment();
        ctx.counters().packetsReceived.add(packetsReceived);
        ctx.counters().packetsSent.add(packetsSent);
    }

    public boolean closed() {
        return closed;
    }

    public long packetsReceived() {
        return packetsReceived;
    }

    public long octetsReceived() {
        return octetsReceived;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long octetsSent() {
        return octetsSent;
    }

    public long rtcpReceived() {
        return rtcpReceived;
    }

    public long malformedPackets() {
        return malformed;
    }

    public long strangerPackets() {
        return strangers;
    }

    public long protectionFailures() {
        return protectionFailures;
    }

    public long ignoredPackets() {
        return ignored;
    }

    /** Loss, jitter, round-trip time and estimated MOS of this leg so far (RFC 3550 statistics, E-model). */
    public LegQuality quality() {
        return reports.snapshot();
    }

    @Override
    public String toString() {
        return name + " :" + rtpPort;
    }

    private final class RtpHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            try {
                onRtp(p.content(), p.sender(), System.nanoTime());
            } catch (RuntimeException e) {
                malformed++;
                log.warn("{}: RTP packet from {} dropped: {}", name, p.sender(), e.toString());
            } finally {
                p.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            log.debug("{}: RTP socket error: {}", name, cause.toString());
        }
    }

    private final class RtcpHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            try {
                onRtcp(p.content(), p.sender());
            } catch (RuntimeException e) {
                malformed++;
                log.warn("{}: RTCP packet from {} dropped: {}", name, p.sender(), e.toString());
            } finally {
                p.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            log.debug("{}: RTCP socket error: {}", name, cause.toString());
        }
    }
}
