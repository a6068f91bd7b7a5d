package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.Map;
import org.atende.media.dtmf.GoertzelDtmfDetector;
import org.atende.media.dtmf.rfc4733.TelephoneEventReceiver;
import org.atende.media.pipeline.Consumer;
import org.atende.media.pipeline.Demuxer;
import org.atende.media.pipeline.Filter;
import org.atende.media.pipeline.NodeStats;
import org.atende.media.pipeline.Observer;
import org.atende.media.pipeline.Packet;
import org.atende.media.pipeline.Transformer;
import org.atende.media.rtcp.RtcpSession;

/**
 * What a leg does with each RTP packet it receives, as one tree of nodes, declared in {@link #ReceivePath}:
 *
 * <pre>
 * rtp-parse (filter: RTP header read in place; malformed dropped)
 *  └ source-latch (filter: symmetric RTP, {@link SourceLatch}; strangers dropped)
 *     └ srtp-decrypt (transformer: SRTP unprotect when negotiated; failures dropped)
 *        └ rtp-stats (observer: packets, octets, last arrival)
 *           └ payload-type (demuxer; payload types neither agreed nor telephone-event dropped)
 *              ├ audio: reception-stats (observer: RFC 3550 loss and jitter)
 *              │         └ inband-dtmf (observer: Goertzel, when switched on)
 *              │            └ audio-out (consumer: the leg's listener, the media session's audio branch)
 *              └ telephone-event: rfc4733-dtmf (observer: key presses from RFC 4733 events)
 *                                  └ event-out (consumer: the leg's listener, for relaying)
 * </pre>
 *
 * The media session continues each leg's tree after {@code audio-out} and {@code event-out} ({@link SessionBranch}).
 * The packet context is preallocated; nothing on the path allocates. Not thread-safe: owned by the leg's loop.
 */
final class ReceivePath {

    static final int AUDIO = 0;
    static final int TELEPHONE_EVENT = 1;

    private final MediaLeg leg;
    private final MediaContext ctx;
    private final SourceLatch latch;
    private final RtcpSession reports;
    private final Packet packet = new Packet(MediaLeg.MAX_SAMPLES);
    private final Filter parse;
    private final Observer inband;
    private TelephoneEventReceiver eventReceiver;
    private GoertzelDtmfDetector inbandDetector;
    private long lastRtpNanos;
    private long packetsReceived;
    private long octetsReceived;
    private long ignored;

    ReceivePath(MediaLeg leg, MediaContext ctx, SourceLatch latch, RtcpSession reports) {
        this.leg = leg;
        this.ctx = ctx;
        this.latch = latch;
        this.reports = reports;
        parse = new RtpParseFilter();
        Demuxer payloadType = parse
                .then(new LatchFilter())
                .then(new SrtpDecrypt())
                .then(new RtpStats())
                .then(new PayloadTypeDemuxer());
        inband = payloadType.branch(AUDIO, new ReceptionStats())
                .then(new InbandDtmf());
        inband.then(new AudioOut());
        payloadType.branch(TELEPHONE_EVENT, new Rfc4733Dtmf())
                .then(new EventOut());
        inband.enabled(false);
    }

    /** One RTP datagram from {@code sender}; the caller releases {@code buffer} when this returns. */
    void onRtp(ByteBuf buffer, InetSocketAddress sender, long now) {
        if (leg.closed()) {
            return;
        }
        parse.receive(packet.reset(buffer, sender, now));
        packet.clear();
    }

    /** The packet being received, while the tree runs (for the session's branch). */
    Packet packet() {
        return packet;
    }

    void telephoneEvents(TelephoneEventReceiver receiver) {
        if (eventReceiver != null) {
            eventReceiver.flush();
        }
        eventReceiver = receiver;
    }

    void inbandDetector(GoertzelDtmfDetector detector) {
        inbandDetector = detector;
        inband.enabled(detector != null);
    }

    boolean detectsInbandDigits() {
        return inbandDetector != null;
    }

    /** Reports a key press still down (the leg closes or telephone-events change). */
    void flush() {
        if (eventReceiver != null) {
            eventReceiver.flush();
        }
    }

    long lastRtpNanos() {
        return lastRtpNanos;
    }

    long packetsReceived() {
        return packetsReceived;
    }

    long octetsReceived() {
        return octetsReceived;
    }

    long ignored() {
        return ignored;
    }

    void collectStats(String prefix, Map<String, NodeStats> into) {
        parse.collectStats(prefix, into);
    }

    // ---- the nodes ----

    private final class RtpParseFilter extends Filter {
        RtpParseFilter() {
            super("rtp-parse");
        }

        @Override
        protected boolean accept(Packet p) {
            if (p.header().read(p.buffer())) {
                return true;
            }
            leg.malformed++;
            ctx.counters().malformed.increment();
            return false;
        }
    }

    private final class LatchFilter extends Filter {
        LatchFilter() {
            super("source-latch");
        }

        @Override
        protected boolean accept(Packet p) {
            if (latch.acceptRtp(p.sender())) {
                return true;
            }
            leg.strangers++;
            ctx.counters().strangers.increment();
            return false;
        }
    }

    private final class SrtpDecrypt extends Transformer {
        SrtpDecrypt() {
            super("srtp-decrypt");
        }

        @Override
        protected boolean transform(Packet p) {
            PacketProtection protection = leg.protection();
            if (protection == null) {
                return true;
            }
            if (!protection.unprotectRtp(p.buffer())) {
                leg.protectionFailures++;
                ctx.counters().srtpRejected.increment();
                return false;
            }
            p.header().read(p.buffer());
            return true;
        }
    }

    private final class RtpStats extends Observer {
        RtpStats() {
            super("rtp-stats");
        }

        @Override
        protected void observe(Packet p) {
            packetsReceived++;
            octetsReceived += p.header().payloadLength();
            lastRtpNanos = p.nowNanos();
        }
    }

    private final class PayloadTypeDemuxer extends Demuxer {
        PayloadTypeDemuxer() {
            super("payload-type", "audio", "telephone-event");
        }

        @Override
        protected int select(Packet p) {
            int pt = p.header().payloadType();
            if (leg.isAudio(pt)) {
                return AUDIO;
            }
            if (pt == leg.telephoneEventPayloadType()) {
                return TELEPHONE_EVENT;
            }
            ignored++; // comfort noise, a format not agreed, a stray payload type
            return -1;
        }
    }

    private final class ReceptionStats extends Observer {
        ReceptionStats() {
            super("reception-stats");
        }

        @Override
        protected void observe(Packet p) {
            reports.onRtpReceived(p.header().ssrc(), p.header().sequenceNumber(), p.header().timestamp(),
                    p.nowNanos(), 8000);
        }
    }

    private final class InbandDtmf extends Observer {
        InbandDtmf() {
            super("inband-dtmf");
        }

        @Override
        protected void observe(Packet p) {
            leg.decode(p);
            inbandDetector.process(p.pcm(), 0, p.samples());
        }
    }

    private final class AudioOut extends Consumer {
        AudioOut() {
            super("audio-out");
        }

        @Override
        protected boolean consume(Packet p) {
            MediaLeg.Listener listener = leg.listener();
            if (listener == null) {
                return false;
            }
            listener.onAudio(leg, p.buffer(), p.header(), p.nowNanos());
            return true;
        }
    }

    private final class Rfc4733Dtmf extends Observer {
        Rfc4733Dtmf() {
            super("rfc4733-dtmf");
        }

        @Override
        protected void observe(Packet p) {
            eventReceiver.receive(p.header(), p.buffer());
        }
    }

    private final class EventOut extends Consumer {
        EventOut() {
            super("event-out");
        }

        @Override
        protected boolean consume(Packet p) {
            MediaLeg.Listener listener = leg.listener();
            if (listener == null || leg.closed()) {
                return false;
            }
            listener.onTelephoneEvent(leg, p.buffer(), p.header(), p.nowNanos());
            return true;
        }
    }
}
