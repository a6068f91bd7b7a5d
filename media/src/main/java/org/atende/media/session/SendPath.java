package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.Map;
import org.atende.media.codec.G711;
import org.atende.media.pipeline.Consumer;
import org.atende.media.pipeline.NodeStats;
import org.atende.media.pipeline.Packet;
import org.atende.media.pipeline.Transformer;
import org.atende.media.rtcp.RtcpSession;
import org.atende.media.rtp.OutboundStream;
import org.atende.media.rtp.RtpHeader;

/**
 * What a leg sends, all on its one {@link OutboundStream} (one SSRC, monotonic sequence numbers and timestamps
 * whether the audio is relayed, transcoded or generated). Relayed packets (from the bridge) have their header
 * rewritten in place; linear audio (players, the transcoding bridge) goes through the {@link Packetizer} and is
 * encoded in the leg's codec; then every packet takes the same two nodes:
 *
 * <pre>
 * relay / packetizer → encode / telephone-event
 *  └ srtp-encrypt (transformer: SRTP protect when negotiated; a packet that fails is released and dropped)
 *     └ rtp-socket (consumer: RTCP sender statistics, counters, the datagram write)
 * </pre>
 *
 * Unlike the receive side, a packet handed to these nodes belongs to them. Nothing is sent while the negotiated
 * direction forbids it (hold). Not thread-safe: owned by the leg's loop.
 */
final class SendPath {

    private final MediaLeg leg;
    private final MediaContext ctx;
    private final OutboundStream outbound;
    private final RtcpSession reports;
    private final RtpEndpoint endpoint;
    private final SourceLatch latch;
    private final Packet packet = new Packet(0);
    private final SrtpEncrypt encrypt;
    /** What Atende encodes, in packets of the peer's ptime. */
    private final Packetizer packetizer = new Packetizer(this::sendEncoded);
    private long packetsSent;
    private long octetsSent;

    SendPath(MediaLeg leg, MediaContext ctx, OutboundStream outbound, RtcpSession reports, RtpEndpoint endpoint,
             SourceLatch latch) {
        this.leg = leg;
        this.ctx = ctx;
        this.outbound = outbound;
        this.reports = reports;
        this.endpoint = endpoint;
        this.latch = latch;
        encrypt = new SrtpEncrypt();
        encrypt.then(new RtpSocket());
    }

    Packetizer packetizer() {
        return packetizer;
    }

    /** Relays, as payload type {@code pt}, a packet received on another leg (retained for the write). */
    void relay(ByteBuf buffer, RtpHeader h, int pt, long now) {
        if (pt < 0 || !canSend()) {
            return;
        }
        packetizer.reset(); // less than a packet of generated audio, cut off by the relayed stream
        if (outbound.relay(buffer, h, pt, now)) {
            send(buffer.retain());
        }
    }

    void relayTelephoneEvent(ByteBuf buffer, RtpHeader h, long now) {
        int te = leg.telephoneEventPayloadType();
        if (te >= 0 && canSend() && outbound.relay(buffer, h, te, now)) {
            send(buffer.retain());
        }
    }

    void sendPcm(short[] samples, int count, long now) {
        if (!canSend() || leg.codec() == null) {
            packetizer.reset();
            return;
        }
        packetizer.offer(samples, count, now);
    }

    private void sendEncoded(short[] samples, int from, int count, long now) {
        ByteBuf buffer = ctx.allocator().directBuffer(RtpHeader.FIXED_HEADER_LENGTH + count + 16);
        outbound.writeGeneratedHeader(buffer, leg.payloadType(), count, now);
        if (leg.sendsUlaw()) {
            for (int i = from; i < from + count; i++) {
                buffer.writeByte(G711.linearToUlaw(samples[i]));
            }
        } else {
            for (int i = from; i < from + count; i++) {
                buffer.writeByte(G711.linearToAlaw(samples[i]));
            }
        }
        send(buffer);
    }

    void sendTelephoneEvent(int event, boolean end, int volume, int duration, boolean first, long now) {
        int te = leg.telephoneEventPayloadType();
        if (!canSend() || te < 0) {
            return;
        }
        ByteBuf buffer = ctx.allocator().directBuffer(RtpHeader.FIXED_HEADER_LENGTH + 4 + 16);
        outbound.writeEventHeader(buffer, te, first, now);
        buffer.writeByte(event);
        buffer.writeByte((end ? 0x80 : 0) | (volume & 0x3F));
        buffer.writeShort(duration);
        send(buffer);
    }

    boolean canSend() {
        return !leg.closed() && leg.direction().sends() && latch.remote() != null;
    }

    private void send(ByteBuf buffer) {
        encrypt.receive(packet.reset(buffer, null, 0));
        packet.clear();
    }

    long packetsSent() {
        return packetsSent;
    }

    long octetsSent() {
        return octetsSent;
    }

    void collectStats(String prefix, Map<String, NodeStats> into) {
        encrypt.collectStats(prefix, into);
    }

    private final class SrtpEncrypt extends Transformer {
        /** Sender-report figures of the packet in the clear: its payload length and timestamp. */
        private int payload;
        private long timestamp;

        SrtpEncrypt() {
            super("srtp-encrypt");
        }

        @Override
        protected boolean transform(Packet p) {
            ByteBuf buffer = p.buffer();
            payload = buffer.readableBytes() - RtpHeader.FIXED_HEADER_LENGTH;
            timestamp = buffer.getUnsignedInt(buffer.readerIndex() + 4);
            PacketProtection protection = leg.protection();
            if (protection != null && !protection.protectRtp(buffer)) {
                buffer.release();
                return false;
            }
            return true;
        }
    }

    private final class RtpSocket extends Consumer {
        RtpSocket() {
            super("rtp-socket");
        }

        @Override
        protected boolean consume(Packet p) {
            InetSocketAddress to = latch.remote();
            reports.onRtpSent(encrypt.timestamp, encrypt.payload, System.nanoTime(), 8000);
            packetsSent++;
            octetsSent += encrypt.payload;
            endpoint.writeRtp(p.buffer(), to);
            return true;
        }
    }
}
