package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.Map;
import org.atende.media.dtmf.GoertzelDtmfDetector;
import org.atende.media.dtmf.rfc4733.TelephoneEventReceiver;
import org.atende.media.pipeline.Consumer;
import org.atende.media.pipeline.Demuxer;
import org.atende.media.pipeline.Filter;
import org.atende.media.pipeline.Node;
import org.atende.media.pipeline.NodeStats;
import org.atende.media.pipeline.Observer;
import org.atende.media.pipeline.Packet;
import org.atende.media.pipeline.Transformer;
import org.atende.media.rtcp.RtcpSession;

/**
 * What a leg does with each RTP packet it receives, as one tree of nodes, declared in {@link #link}:
 *
 * <pre>
 * rtp-parse (filter: RTP header read in place; malformed dropped)
 *  └ source-latch (filter: symmetric RTP, {@link SourceLatch}; strangers dropped)
 *     └ [srtp-decrypt] (transformer: SRTP unprotect; failures dropped)
 *        └ rtp-stats (observer: packets, octets, last arrival)
 *           └ payload-type (demuxer; payload types neither agreed nor telephone-event dropped)
 *              ├ audio: reception-stats (observer: RFC 3550 loss and jitter)
 *              │         └ [inband-dtmf] (observer: Goertzel)
 *              │            └ audio-out (consumer: the leg's listener, the media session's audio branch)
 *              └ telephone-event: rfc4733-dtmf (observer: key presses from RFC 4733 events)
 *                                  └ event-out (consumer: the leg's listener, for relaying)
 * </pre>
 *
 * The nodes in brackets are in the tree only while switched on (SRTP negotiated, in-band DTMF detection asked
 * for): the tree is linked again when that changes, instead of every packet asking a node that does nothing.
 *
 * <p>{@link #onRtp} runs the tree {@link #link} declares, node by node, through fields of the nodes' own final
 * classes and each kind's single-node entry ({@code pass}, {@code route}): every call site has one receiver
 * class, so the JIT inlines the whole receive path as it did before it was split into nodes (the generic
 * {@link org.atende.media.pipeline.Node#receive} walk would make each hop a megamorphic virtual call). The links
 * give the tree's shape and what {@link #collectStats} reports; the two are kept next to each other here and must
 * say the same ({@code MediaPipelineTest} checks every node's counts).
 *
 * <p>The media session continues each leg's tree after {@code audio-out} and {@code event-out}
 * ({@link SessionBranch}). The packet context is preallocated; nothing on the path allocates; the counters are
 * plain fields. Not thread-safe: owned by the leg's loop.
 */
final class ReceivePath {

    static final int AUDIO = 0;
    static final int TELEPHONE_EVENT = 1;

    private final MediaLeg leg;
    private final MediaContext ctx;
    private final SourceLatch latch;
    private final RtcpSession reports;
    private final Packet packet = new Packet(MediaLeg.MAX_SAMPLES);
    private final RtpParseFilter parse = new RtpParseFilter();
    private final LatchFilter sourceLatch = new LatchFilter();
    private final SrtpDecrypt decrypt = new SrtpDecrypt();
    private final RtpStats rtpStats = new RtpStats();
    private final PayloadTypeDemuxer payloadType = new PayloadTypeDemuxer();
    private final ReceptionStats receptionStats = new ReceptionStats();
    private final InbandDtmf inband = new InbandDtmf();
    private final AudioOut audioOut = new AudioOut();
    private final Rfc4733Dtmf rfc4733 = new Rfc4733Dtmf();
    private final EventOut eventOut = new EventOut();
    /** Whether srtp-decrypt and inband-dtmf are in the tree ({@link #link}). */
    private boolean decrypting;
    private boolean detecting;
    private TelephoneEventReceiver eventReceiver;
    private GoertzelDtmfDetector inbandDetector;
    private long lastRtpNanos;
    private long octetsReceived;
    private long ignored;

    ReceivePath(MediaLeg leg, MediaContext ctx, SourceLatch latch, RtcpSession reports) {
        this.leg = leg;
        this.ctx = ctx;
        this.latch = latch;
        this.reports = reports;
        link();
    }

    /** Declares the tree (see the class comment), with srtp-decrypt and inband-dtmf only while they are on. */
    private void link() {
        Node decrypted = decrypting ? parse.then(sourceLatch).then(decrypt) : parse.then(sourceLatch);
        decrypted.then(rtpStats).then(payloadType);
        Node audio = payloadType.branch(AUDIO, receptionStats);
        (detecting ? audio.then(inband) : audio).then(audioOut);
        payloadType.branch(TELEPHONE_EVENT, rfc4733).then(eventOut);
    }

    /**
     * One RTP datagram from {@code sender} through the tree {@link #link} declares; the caller releases
     * {@code buffer} when this returns.
     */
    void onRtp(ByteBuf buffer, InetSocketAddress sender, long now) {
        if (leg.closed()) {
            return;
        }
        Packet p = packet.reset(buffer, sender, now);
        if (parse.pass(p) && sourceLatch.pass(p) && (!decrypting || decrypt.pass(p))) {
            rtpStats.pass(p);
            switch (payloadType.route(p)) {
                case AUDIO -> {
                    receptionStats.pass(p);
                    if (detecting) {
                        inband.pass(p);
                    }
                    audioOut.pass(p);
                }
                case TELEPHONE_EVENT -> {
                    rfc4733.pass(p);
                    eventOut.pass(p);
                }
                default -> { } // dropped, counted by payload-type
            }
        }
        packet.clear();
    }

    /** SRTP on this leg or not (its SDP was negotiated again): srtp-decrypt is put in the tree or taken out. */
    void decrypting(boolean on) {
        if (on != decrypting) {
            decrypting = on;
            link();
        }
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
        if ((detector != null) != detecting) {
            detecting = detector != null;
            link();
        }
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
        return rtpStats.packetsOut();
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
