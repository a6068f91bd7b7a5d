package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.atende.media.pipeline.NodeStats;
import org.atende.media.pipeline.Packet;
import org.atende.media.quality.CodecImpairment;
import org.atende.media.quality.LegQuality;
import org.atende.media.rtcp.RtcpSession;
import org.atende.media.rtp.OutboundStream;
import org.atende.media.rtp.RtpHeader;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.LocalMedia;
import org.atende.media.sdp.NegotiatedMedia;

/**
 * One call leg's media endpoint, with what the leg's SDP negotiated (codec, payload types, remote address,
 * direction). It is made of seven parts, each its own class (whose comment says more):
 *
 * <ul>
 *   <li>{@link RtpEndpoint}: the RTP socket on an even port and the RTCP socket on the odd port after it, bound
 *       on the call's event loop;</li>
 *   <li>{@link SourceLatch}: symmetric RTP, where the peer really is and who may not speak for it;</li>
 *   <li>{@link AgreedMedia}: what the offer/answer agreed (formats, telephone-event, direction, hold), and a new
 *       agreement ({@link #configure}) passed on to the other parts;</li>
 *   <li>{@link ReceivePath}: the tree of nodes each RTP packet goes through (parse, latch, SRTP, statistics,
 *       demux into audio and telephone-event, DTMF detection) up to the {@link Listener} (the call's media
 *       session). Nothing is thrown into the event loop; malformed packets and packets from strangers are
 *       dropped and counted;</li>
 *   <li>{@link LegDigits}: key presses, from telephone-events, in-band tones or SIP INFO, to the listener;</li>
 *   <li>{@link SendPath}: everything sent (relayed packets, and audio Atende encodes in the leg's codec and
 *       ptime), through the leg's {@link OutboundStream}, SRTP and the socket; nothing while the direction
 *       forbids it;</li>
 *   <li>{@link RtcpEndpoint}: reports received and sent.</li>
 * </ul>
 *
 * <p>Not thread-safe: every method runs on the leg's event loop.
 */
public final class MediaLeg {

    /** Packets after an SDP within which the first source may be latched onto. */
    public static final int LATCH_WINDOW = 16;
    /** Most samples decoded from one packet (60 ms). */
    public static final int MAX_SAMPLES = 480;

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
    private final RtpEndpoint endpoint;
    private final SourceLatch latch;
    private final OutboundStream outbound = new OutboundStream(8000);
    private final RtcpSession reports;
    private final ReceivePath receive;
    private final SendPath send;
    private final RtcpEndpoint rtcp;
    private Listener listener;
    private PacketProtection protection;
    private final LegDigits digits;
    private final AgreedMedia agreed;
    private boolean closed;

    /** Drops, counted by the part that dropped (read through the accessors below). */
    long malformed;
    long strangers;
    long protectionFailures;

    private MediaLeg(MediaContext ctx, String name, RtpEndpoint endpoint) {
        this.ctx = ctx;
        this.name = name;
        this.endpoint = endpoint;
        this.latch = new SourceLatch(name, this::followLatch);
        this.reports = new RtcpSession(outbound.ssrc(), "atende-" + Long.toHexString(outbound.ssrc()) + "@"
                + ctx.advertisedAddress(), CodecImpairment.G711_PLC, 20);
        this.receive = new ReceivePath(this, ctx, latch, reports);
        this.send = new SendPath(this, ctx, outbound, reports, endpoint, latch);
        this.rtcp = new RtcpEndpoint(this, ctx, reports, endpoint, latch);
        this.digits = new LegDigits(this, receive);
        this.agreed = new AgreedMedia(digits, latch, outbound, send.packetizer(), System.nanoTime());
    }

    /**
     * Binds an RTP/RTCP port pair from the pool on the context's loop (must be called on it).
     *
     * @return the leg, or null when no port pair could be had (the caller answers 503)
     */
    public static MediaLeg open(MediaContext ctx, String name) {
        RtpEndpoint endpoint = RtpEndpoint.bind(ctx);
        if (endpoint == null) {
            ctx.counters().portExhausted.increment();
            return null;
        }
        MediaLeg leg = new MediaLeg(ctx, name, endpoint);
        endpoint.start(leg);
        ctx.counters().legsOpened.increment();
        return leg;
    }

    public String name() {
        return name;
    }

    public int localPort() {
        return endpoint.rtpPort();
    }

    /** Our media description for SDP: the advertised address, this leg's port, and {@code codecs}. */
    public LocalMedia localMedia(List<Codec> codecs) {
        return new LocalMedia(ctx.advertisedAddress(), localPort(), codecs, LocalMedia.DEFAULT_TELEPHONE_EVENT_PT, 20);
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    Listener listener() {
        return listener;
    }

    /** SRTP for this leg (null for plain RTP). */
    public void setProtection(PacketProtection protection) {
        this.protection = protection;
        receive.decrypting(protection != null);
    }

    PacketProtection protection() {
        return protection;
    }

    public boolean secure() {
        return protection != null;
    }

    /**
     * Applies what the leg's offer/answer agreed (first time, or a re-INVITE changing address, codec or
     * direction). A new remote address reopens latching; a codec change starts a new outbound segment.
     */
    public void configure(NegotiatedMedia media) {
        agreed.configure(media);
    }

    /** Turns on in-band DTMF detection (for a peer that negotiated no telephone-event). */
    public void detectInbandDigits(boolean on) {
        digits.detectInband(on);
    }

    public boolean detectsInbandDigits() {
        return digits.detectsInband();
    }

    /** A key press signalled out of band (SIP INFO) for this leg. */
    public void digitSignalled(char digit, int durationMs) {
        digits.report(digit, durationMs, DigitSource.SIP_INFO);
    }

    public Codec codec() {
        return agreed.codec();
    }

    public int payloadType() {
        return agreed.payloadType();
    }

    /** Whether the peer agreed to receive {@code c} on this leg (in any of its payload types). */
    public boolean accepts(Codec c) {
        return agreed.accepts(c);
    }

    /** Whether {@code pt} is one of the audio formats agreed on this leg. */
    boolean isAudio(int pt) {
        return agreed.isAudio(pt);
    }

    boolean sendsUlaw() {
        return agreed.sendsUlaw();
    }

    /**
     * The payload type under which this leg can take, untouched, the audio packet {@code h} that arrived on
     * {@code from}: its codec is one this leg's peer agreed to and it is at the packetisation the peer asked
     * for. -1 when the packet must be decoded and encoded again. Allocation-free.
     */
    public int relayPayloadType(MediaLeg from, RtpHeader h) {
        return agreed.relayPayloadType(from.agreed, h);
    }

    public int telephoneEventPayloadType() {
        return agreed.telephoneEventPayloadType();
    }

    public Direction direction() {
        return agreed.direction();
    }

    /** Where RTP goes: the latched source, else the SDP address; null while unknown or on hold. */
    public InetSocketAddress remote() {
        return latch.remote();
    }

    public OutboundStream outbound() {
        return outbound;
    }

    /** Where the RTP socket is connected (the settled peer); null while unconnected. For tests. */
    InetSocketAddress connectedPeer() {
        return endpoint.rtpPeer();
    }

    /** Where the RTCP socket is connected; null while unconnected. For tests. */
    InetSocketAddress connectedRtcpPeer() {
        return endpoint.rtcpPeer();
    }

    /**
     * Keeps the sockets connected to the peer while the latch allows no other source, and unconnected otherwise
     * (see {@link SourceLatch}): run when the latch moves, never per packet.
     */
    private void followLatch() {
        if (!closed) {
            endpoint.connectRtp(latch.settled());
            endpoint.connectRtcp(latch.settledRtcp());
        }
    }

    /** One RTP datagram from the socket (the caller releases it): into the receive tree. */
    void onRtp(ByteBuf packet, InetSocketAddress sender, long now) {
        receive.onRtp(packet, sender, now);
    }

    /** One RTCP datagram from the socket (the caller releases it). */
    void onRtcp(ByteBuf packet, InetSocketAddress sender) {
        rtcp.onRtcp(packet, sender);
    }

    /** The packet being received while the receive tree runs (the session's audio branch continues on it). */
    Packet receiving() {
        return receive.packet();
    }

    /** Decodes the packet's G.711 payload (in its own payload type's law) into {@code out}; returns the samples. */
    public int decode(ByteBuf packet, RtpHeader h, short[] out) {
        return agreed.decode(packet, h, out);
    }

    /** Decodes the packet's audio into its context, once however many nodes ask. */
    void decode(Packet p) {
        if (!p.isDecoded()) {
            p.decoded(decode(p.buffer(), p.header(), p.pcm()));
        }
    }

    // ---- send path ----

    /**
     * Relays an audio packet received on another leg as payload type {@code pt} (from
     * {@link #relayPayloadType}): rewrites its header for this leg's stream and sends it. The caller keeps its
     * reference to {@code packet}: this method retains it for the write. The packet's bytes are changed in place.
     */
    public void relay(ByteBuf packet, RtpHeader h, int pt, long now) {
        send.relay(packet, h, pt, now);
    }

    /** Relays an RFC 4733 telephone-event packet received on another leg, on this leg's telephone-event type. */
    public void relayTelephoneEvent(ByteBuf packet, RtpHeader h, long now) {
        send.relayTelephoneEvent(packet, h, now);
    }

    /**
     * Encodes and sends {@code count} samples of linear PCM generated or transcoded by Atende, in the leg's
     * codec: as one packet, or when the peer asked for a ptime, in packets of that many samples (what does not
     * fill one waits for the next call).
     */
    public void sendPcm(short[] samples, int count, long now) {
        send.sendPcm(samples, count, now);
    }

    /** Sends an RFC 4733 event packet generated by Atende (4-byte payload) on this leg's stream. */
    public void sendTelephoneEvent(int event, boolean end, int volume, int duration, boolean first, long now) {
        send.sendTelephoneEvent(event, end, volume, duration, first, now);
    }

    /** Sends our RTCP report (SR if we sent media since the last one, else RR, with SDES CNAME). */
    public void sendReport(long nowNanos) {
        if (closed || !agreed.direction().sends() && !agreed.direction().receives()) {
            return;
        }
        rtcp.sendReport(nowNanos);
    }

    /** Sends an RTCP packet (already built, in the clear) to the peer's RTCP address. */
    public void sendRtcp(ByteBuf packet) {
        rtcp.send(packet);
    }

    // ---- lifecycle and figures ----

    /**
     * Whether media stopped: the leg expects RTP (not on hold, not inactive) and none arrived for the
     * context's timeout since the later of the last packet and the last SDP change.
     */
    public boolean timedOut(long now) {
        return !closed && agreed.mediaStopped(receive.lastRtpNanos(), now, ctx.rtpTimeout());
    }

    /** Closes both sockets and returns the ports; idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        receive.flush();
        if (remote() != null) {
            rtcp.sendBye();
        }
        closed = true;
        endpoint.close();
        ctx.counters().legsClosed.increment();
        ctx.counters().packetsReceived.add(packetsReceived());
        ctx.counters().packetsSent.add(packetsSent());
    }

    public boolean closed() {
        return closed;
    }

    public long packetsReceived() {
        return receive.packetsReceived();
    }

    public long octetsReceived() {
        return receive.octetsReceived();
    }

    public long packetsSent() {
        return send.packetsSent();
    }

    public long octetsSent() {
        return send.octetsSent();
    }

    public long rtcpReceived() {
        return rtcp.rtcpReceived();
    }

    public long malformedPackets() {
        return malformed;
    }

    /**
     * Packets from a source the latch refused. Once the leg's socket is connected to the settled peer the kernel
     * drops other sources' datagrams before they reach the leg: those are not counted.
     */
    public long strangerPackets() {
        return strangers;
    }

    public long protectionFailures() {
        return protectionFailures;
    }

    public long ignoredPackets() {
        return receive.ignored();
    }

    /**
     * Each node's figures on this leg, receive tree then send path, under {@code prefix} and the node's place
     * ({@code receive.payload-type}, {@code receive.audio.reception-stats}, {@code send.srtp-encrypt}, …).
     */
    public void collectNodeStats(String prefix, Map<String, NodeStats> into) {
        receive.collectStats(prefix + "receive.", into);
        send.collectStats(prefix + "send.", into);
    }

    /** Loss, jitter, round-trip time and estimated MOS of this leg so far (RFC 3550 statistics, E-model). */
    public LegQuality quality() {
        return reports.snapshot();
    }

    @Override
    public String toString() {
        return name + " :" + localPort();
    }
}
