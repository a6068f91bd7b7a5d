package org.atende.media.session;

import java.util.Map;
import org.atende.media.pipeline.Consumer;
import org.atende.media.pipeline.NodeStats;
import org.atende.media.pipeline.Observer;
import org.atende.media.pipeline.Packet;

/**
 * Where the media session continues one leg's receive tree ({@link ReceivePath}), declared in
 * {@link #SessionBranch}:
 *
 * <pre>
 * audio-out ─ recorder-tap (observer: the caller's audio, left; what the caller hears, right)
 *              └ [taps added with {@link MediaSession#addTap}: a listener, an audio fork…] (observers)
 *                 └ bridge (consumer: relay untouched when the target leg takes the packet's codec and ptime,
 *                           else decode and encode again in the target's codec; nothing while a prompt plays)
 * event-out ─ event-bridge (consumer: relays telephone-events to the target leg)
 * </pre>
 *
 * The packet is the leg's receive context: decoded at most once ({@link MediaLeg#decode(Packet)}) for the
 * recorder and the transcoder, and relayed last, since relaying rewrites its header in place. Allocation-free
 * per packet. As in {@link ReceivePath}, {@link #audio} and {@link #telephoneEvent} call the branch's own nodes
 * through fields of their final classes (one receiver class per call site, which the JIT inlines); only taps
 * added with {@link #addTap} go through the generic {@link org.atende.media.pipeline.Node#receive} walk, which
 * ends at the bridge through the links. Not thread-safe: owned by the call's loop.
 */
final class SessionBranch {

    private final MediaSession session;
    private final MediaLeg leg;
    private final RecorderTap recorderTap = new RecorderTap();
    private final Bridge bridge = new Bridge();
    private final EventBridge eventBridge = new EventBridge();
    /** The last observer before the bridge, after which a new tap goes. */
    private Observer lastTap;
    private long relayed;
    private long transcoded;

    SessionBranch(MediaSession session, MediaLeg leg) {
        this.session = session;
        this.leg = leg;
        recorderTap.then(bridge);
        lastTap = recorderTap;
        recorderTap.enabled(false);
    }

    void audio(Packet p) {
        recorderTap.pass(p);
        if (lastTap == recorderTap) {
            bridge.pass(p);
        } else {
            recorderTap.next().receive(p); // the added taps, then the bridge
        }
    }

    void telephoneEvent(Packet p) {
        eventBridge.pass(p);
    }

    /** Puts {@code tap} after the taps already there, before the bridge. */
    void addTap(Observer tap) {
        tap.then(bridge);
        lastTap.then(tap);
        lastTap = tap;
    }

    void recording(boolean on) {
        recorderTap.enabled(on);
    }

    long relayed() {
        return relayed;
    }

    long transcoded() {
        return transcoded;
    }

    void collectStats(String prefix, Map<String, NodeStats> into) {
        recorderTap.collectStats(prefix + "audio.", into);
        eventBridge.collectStats(prefix + "telephone-event.", into);
    }

    private final class RecorderTap extends Observer {
        RecorderTap() {
            super("recorder-tap");
        }

        @Override
        protected void observe(Packet p) {
            MediaSession.RecordingTap recording = session.recordingTap();
            if (recording == null) {
                return;
            }
            MediaLeg caller = session.caller();
            boolean fromCaller = leg == caller;
            boolean heardByCaller = session.target(leg) == caller;
            if (fromCaller || heardByCaller) {
                leg.decode(p);
                if (fromCaller) {
                    recording.caller(p.pcm(), p.samples());
                }
                if (heardByCaller) {
                    recording.heard(p.pcm(), p.samples());
                }
            }
        }
    }

    private final class Bridge extends Consumer {
        Bridge() {
            super("bridge");
        }

        @Override
        protected boolean consume(Packet p) {
            MediaLeg target = session.target(leg);
            if (target == null || session.playing(target) || target.codec() == null) {
                return false;
            }
            int relayPt = target.relayPayloadType(leg, p.header());
            if (relayPt >= 0) {
                relayed++;
                target.relay(p.buffer(), p.header(), relayPt, p.nowNanos()); // last: rewrites the header in place
                return true;
            }
            leg.decode(p);
            if (p.samples() <= 0) {
                return false;
            }
            transcoded++;
            target.sendPcm(p.pcm(), p.samples(), p.nowNanos());
            return true;
        }
    }

    private final class EventBridge extends Consumer {
        EventBridge() {
            super("event-bridge");
        }

        @Override
        protected boolean consume(Packet p) {
            MediaLeg target = session.target(leg);
            if (target == null || session.playing(target)) {
                return false;
            }
            target.relayTelephoneEvent(p.buffer(), p.header(), p.nowNanos());
            return true;
        }
    }
}
