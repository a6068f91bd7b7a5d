package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import org.atende.media.rtp.OutboundStream;
import org.atende.media.rtp.RtpHeader;
import org.atende.media.sdp.Codec;
import org.atende.media.sdp.Direction;
import org.atende.media.sdp.NegotiatedMedia;

/**
 * What a leg's latest offer/answer agreed, and how a new agreement reaches the leg's other parts.
 *
 * <p>Kept: the codec Atende encodes in and its payload type, the audio formats the peer takes and sends
 * ({@link PayloadFormats}; it may switch among them mid-call, RFC 3264 §5.1), the telephone-event payload type,
 * the direction, whether the peer holds the call, and when it last changed. A new agreement (the first answer, a
 * re-INVITE) gives {@link LegDigits} a new telephone-event payload type, the {@link SourceLatch} the peer's
 * address (a new one reopens latching), and, when the codec or the ptime changed, starts a new outbound segment
 * and packetises at the new ptime. Not thread-safe: owned by the leg's loop.
 */
final class AgreedMedia {

    private final PayloadFormats formats = new PayloadFormats();
    private final LegDigits digits;
    private final SourceLatch latch;
    private final OutboundStream outbound;
    /** The send path's: what Atende encodes, in packets of the agreed ptime. */
    private final Packetizer packetizer;
    private Codec codec;
    private int payloadType = -1;
    private int telephoneEventPayloadType = -1;
    private Direction direction = Direction.INACTIVE;
    private boolean remoteHold;
    private long sinceNanos;

    AgreedMedia(LegDigits digits, SourceLatch latch, OutboundStream outbound, Packetizer packetizer,
                long createdNanos) {
        this.digits = digits;
        this.latch = latch;
        this.outbound = outbound;
        this.packetizer = packetizer;
        this.sinceNanos = createdNanos;
    }

    /** Applies what {@code media} agreed (see the class comment). */
    void configure(NegotiatedMedia media) {
        Codec previous = codec;
        int previousPtime = packetizer.packetSamples();
        codec = media.codec();
        payloadType = media.payloadType();
        formats.configure(media);
        int ptimeSamples = media.sendPtime().orElse(0) * 8;
        int te = media.telephoneEventPayloadType().orElse(-1);
        if (te != telephoneEventPayloadType) {
            telephoneEventPayloadType = te;
            digits.telephoneEvents(te);
        }
        direction = media.direction();
        remoteHold = media.remoteHold();
        latch.sdp(SourceLatch.resolve(media.remoteAddress(), media.remotePort()),
                media.remoteRtcpPort().orElse(media.remotePort() + 1));
        if (previous != null && !previous.equals(codec) || previousPtime != ptimeSamples) {
            outbound.interrupt();
            packetizer.packetSamples(ptimeSamples);
        }
        sinceNanos = System.nanoTime();
    }

    Codec codec() {
        return codec;
    }

    int payloadType() {
        return payloadType;
    }

    int telephoneEventPayloadType() {
        return telephoneEventPayloadType;
    }

    Direction direction() {
        return direction;
    }

    boolean accepts(Codec c) {
        return formats.accepts(c);
    }

    boolean isAudio(int pt) {
        return formats.isAudio(pt);
    }

    boolean sendsUlaw() {
        return formats.sendsUlaw();
    }

    int decode(ByteBuf packet, RtpHeader h, short[] out) {
        return formats.decode(packet, h, out);
    }

    /**
     * The payload type under which this leg's peer takes, untouched, the audio packet {@code h} that arrived on
     * the leg that agreed {@code from}; -1 when its codec was not agreed here or it is not at the asked ptime.
     */
    int relayPayloadType(AgreedMedia from, RtpHeader h) {
        int pt = formats.sendPayloadTypeFor(from.formats, h.payloadType());
        int ptime = packetizer.packetSamples();
        if (pt < 0 || ptime != 0 && h.payloadLength() != ptime) {
            return -1;
        }
        return pt;
    }

    /**
     * Whether media stopped, as far as the agreement goes: the peer should be sending (no hold, a direction that
     * receives) and nothing came for {@code timeout} since the later of {@code lastRtpNanos} and the agreement.
     */
    boolean mediaStopped(long lastRtpNanos, long now, Duration timeout) {
        if (remoteHold || !direction.receives()) {
            return false;
        }
        long since = Math.max(lastRtpNanos, sinceNanos);
        return now - since > timeout.toNanos();
    }
}
