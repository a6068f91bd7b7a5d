package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atende.media.pipeline.NodeStats;
import org.atende.media.pipeline.Observer;
import org.atende.media.pipeline.Packet;
import org.atende.media.player.Playback;
import org.atende.media.rtp.RtpHeader;

/**
 * The media of one call: its caller's leg, the other party's leg once there is one, and what connects them.
 *
 * <ul>
 *   <li><b>Bridge</b>: audio of each leg goes to the other. A packet in a codec the other leg agreed to (any
 *       format of its answer, not only the chosen one) and at the ptime that leg asked for is relayed (header
 *       rewritten in place, no decoding); any other is decoded and re-encoded in the other leg's codec
 *       (PCMU↔PCMA, or a new packetisation). Telephone-events are relayed when both legs negotiated them.</li>
 *   <li><b>Echo</b>: the caller's audio comes back to the caller (a test target for installers).</li>
 *   <li><b>Playback</b> ({@link SessionPlayers}): a prompt or tone played to a leg replaces, while it lasts,
 *       whatever would be relayed to that leg; a key press stops an interruptible one.</li>
 *   <li><b>Recording</b>: the caller's audio on the left channel, what the caller hears on the right (the other
 *       party, the echo, or the prompts), paced by the media clock.</li>
 * </ul>
 *
 * <p>Each leg's packets go through the leg's receive tree ({@link ReceivePath}) and on into the session's
 * branch for that leg ({@link SessionBranch}: recorder tap, added taps, bridge); {@link #nodeStats()} gives
 * every node's figures. The session is a member of its shard's {@link MediaClock}: every tick advances players and the recorder,
 * and once a second it checks for media timeouts. Not thread-safe: owned by the call's event loop.
 */
public final class MediaSession implements MediaLeg.Listener, MediaClock.Tickable {

    /** What the session reports to its call; runs on the call's loop. */
    public interface Listener {
        void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source);

        /** A leg expecting media received none for the configured timeout (reported once per leg). */
        void onMediaTimeout(MediaLeg leg);

        /** A playback ended, by itself or stopped by a key press ({@code interrupted}). */
        default void onPlaybackDone(MediaLeg leg, boolean interrupted) {
        }
    }

    /** Where the recorder gets its audio; implemented over the recorder so that this class needs no file I/O. */
    public interface RecordingTap {
        /** Audio the caller sent (left channel). */
        void caller(short[] pcm, int samples);

        /** Audio the caller heard (right channel). */
        void heard(short[] pcm, int samples);

        /** One media-clock tick: emit 20 ms of both channels. */
        void tick();

        /** The call ended (or recording was switched off). */
        void close();
    }

    private enum Mode { NONE, BRIDGE, ECHO }

    /** RTCP reports every 5 s (RFC 3550 §6.2 minimum), each session at its own phase so reports do not bunch. */
    static final int REPORT_TICKS = 5 * MediaClock.TICKS_PER_SECOND;
    private final int reportPhase = java.util.concurrent.ThreadLocalRandom.current().nextInt(REPORT_TICKS);

    private final MediaContext ctx;
    private final String callId;
    private final Listener listener;
    private final SessionPlayers players;
    private MediaLeg caller;
    private MediaLeg other;
    private SessionBranch callerBranch;
    private SessionBranch otherBranch;
    private Mode mode = Mode.NONE;
    private RecordingTap recording;
    private boolean callerTimedOut;
    private boolean otherTimedOut;
    private boolean closed;
    /** Audio packets passed on untouched, and those decoded and encoded again, by branches already dropped. */
    private long relayedPackets;
    private long transcodedPackets;
    /** For packets handed to {@link #onAudio} other than by a leg's receive tree. */
    private final Packet scratch = new Packet(MediaLeg.MAX_SAMPLES);

    public MediaSession(MediaContext ctx, String callId, Listener listener) {
        this.ctx = ctx;
        this.callId = callId;
        this.listener = listener;
        this.players = new SessionPlayers(this, listener);
        ctx.clock().add(this);
    }

    public String callId() {
        return callId;
    }

    public MediaContext context() {
        return ctx;
    }

    public void setCaller(MediaLeg leg) {
        caller = leg;
        callerBranch = branch(leg);
        leg.setListener(this);
    }

    public void setOther(MediaLeg leg) {
        if (otherBranch != null) {
            retire(otherBranch);
        }
        other = leg;
        otherBranch = branch(leg);
        leg.setListener(this);
    }

    private SessionBranch branch(MediaLeg leg) {
        SessionBranch b = new SessionBranch(this, leg);
        b.recording(recording != null);
        return b;
    }

    private void retire(SessionBranch b) {
        relayedPackets += b.relayed();
        transcodedPackets += b.transcoded();
    }

    public MediaLeg caller() {
        return caller;
    }

    public MediaLeg other() {
        return other;
    }

    /** Connects the caller and the other party. */
    public void bridge() {
        mode = Mode.BRIDGE;
        caller.outbound().interrupt();
        other.outbound().interrupt();
    }

    /** Sends the caller's audio back to the caller. */
    public void echo() {
        mode = Mode.ECHO;
        caller.outbound().interrupt();
    }

    /** Closes the other party's leg (they hung up; the caller stays, e.g. for a survey). */
    public void dropOther() {
        if (other != null) {
            if (mode == Mode.BRIDGE) {
                mode = Mode.NONE;
            }
            players.stopOther();
            other.close();
            other = null;
            retire(otherBranch);
            otherBranch = null;
        }
    }

    /** Disconnects the legs (each hears silence unless something is played to it). */
    public void unbridge() {
        mode = Mode.NONE;
    }

    /**
     * Whether audio is relayed untouched rather than transcoded, as negotiated: each leg's codec is one the
     * other leg agreed to. (Whether each packet is, also depends on its codec and ptime:
     * {@link #transcodedPackets()}.)
     */
    public boolean relaying() {
        return mode == Mode.BRIDGE && caller.codec() != null && other.codec() != null
                && other.accepts(caller.codec()) && caller.accepts(other.codec())
                || mode == Mode.ECHO;
    }

    /** Audio packets relayed untouched from one leg to the other (or back, in echo). */
    public long relayedPackets() {
        return relayedPackets + (callerBranch == null ? 0 : callerBranch.relayed())
                + (otherBranch == null ? 0 : otherBranch.relayed());
    }

    /** Audio packets decoded and encoded again for the other leg (another codec or another ptime). */
    public long transcodedPackets() {
        return transcodedPackets + (callerBranch == null ? 0 : callerBranch.transcoded())
                + (otherBranch == null ? 0 : otherBranch.transcoded());
    }

    /**
     * Adds {@code tap} to the audio received on {@code from}, after the recorder tap and before the bridge: a
     * listener, an audio fork. It sees every audio packet of that leg (decode with {@link MediaLeg#decode}) and
     * must not keep or release it. Runs on the call's loop.
     */
    public void addTap(MediaLeg from, Observer tap) {
        SessionBranch b = branchOf(from);
        if (b == null) {
            throw new IllegalArgumentException("not a leg of " + this + ": " + from);
        }
        b.addTap(tap);
    }

    /**
     * Every node's figures, keyed by leg and place: {@code caller.receive.rtp-parse},
     * {@code caller.receive.payload-type.audio.reception-stats}, {@code caller.session.audio.bridge},
     * {@code caller.send.rtp-socket}, the same under {@code other.}. Allocates: not for the per-packet path.
     */
    public Map<String, NodeStats> nodeStats() {
        Map<String, NodeStats> stats = new LinkedHashMap<>();
        if (caller != null) {
            caller.collectNodeStats("caller.", stats);
            callerBranch.collectStats("caller.session.", stats);
        }
        if (other != null) {
            other.collectNodeStats("other.", stats);
            otherBranch.collectStats("other.session.", stats);
        }
        return stats;
    }

    private SessionBranch branchOf(MediaLeg leg) {
        return leg == null ? null : leg == caller ? callerBranch : leg == other ? otherBranch : null;
    }

    /** Plays to {@code leg}, replacing any playback already running on it. */
    public void play(MediaLeg leg, Playback playback) {
        players.play(leg, playback);
    }

    /** Stops the playback on {@code leg}, if any (no callback). */
    public void stopPlayback(MediaLeg leg) {
        players.stop(leg);
    }

    public boolean playing(MediaLeg leg) {
        return players.playing(leg);
    }

    /** Starts recording through {@code tap} (replacing no earlier tap: a call has one recording). */
    public void record(RecordingTap tap) {
        if (recording == null && !closed) {
            recording = tap;
            if (callerBranch != null) {
                callerBranch.recording(true);
            }
            if (otherBranch != null) {
                otherBranch.recording(true);
            }
        }
    }

    public boolean recording() {
        return recording != null;
    }

    RecordingTap recordingTap() {
        return recording;
    }

    // ---- packets from the legs ----

    @Override
    public void onAudio(MediaLeg leg, ByteBuf packet, RtpHeader header, long nowNanos) {
        SessionBranch b = branchOf(leg);
        if (b != null) {
            b.audio(context(leg, packet, nowNanos));
        }
    }

    @Override
    public void onTelephoneEvent(MediaLeg leg, ByteBuf packet, RtpHeader header, long nowNanos) {
        SessionBranch b = branchOf(leg);
        if (b != null) {
            b.telephoneEvent(context(leg, packet, nowNanos));
        }
    }

    /** The leg's receive context for {@code packet} (what the leg's tree is working on), else a fresh one. */
    private Packet context(MediaLeg leg, ByteBuf packet, long nowNanos) {
        Packet p = leg.receiving();
        if (p.buffer() == packet) {
            return p;
        }
        scratch.reset(packet, null, nowNanos);
        scratch.header().read(packet);
        return scratch;
    }

    MediaLeg target(MediaLeg from) {
        return switch (mode) {
            case NONE -> null;
            case ECHO -> from == caller ? caller : null;
            case BRIDGE -> from == caller ? other : from == other ? caller : null;
        };
    }

    @Override
    public void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source) {
        players.keyPressed(leg);
        listener.onDigit(leg, digit, durationMs, source);
    }

    // ---- the clock ----

    @Override
    public void tick(long tick, long nowNanos) {
        if (closed) {
            return;
        }
        players.tick(nowNanos);
        if (recording != null) {
            recording.tick();
        }
        if (tick % MediaClock.TICKS_PER_SECOND == 0) {
            checkTimeouts(nowNanos);
        }
        if ((tick + reportPhase) % REPORT_TICKS == 0) {
            if (caller != null) {
                caller.sendReport(nowNanos);
            }
            if (other != null) {
                other.sendReport(nowNanos);
            }
        }
    }

    private void checkTimeouts(long now) {
        if (caller != null && !callerTimedOut && caller.timedOut(now)) {
            callerTimedOut = true;
            ctx.counters().rtpTimeouts.increment();
            listener.onMediaTimeout(caller);
        }
        if (!closed && other != null && !otherTimedOut && other.timedOut(now)) {
            otherTimedOut = true;
            ctx.counters().rtpTimeouts.increment();
            listener.onMediaTimeout(other);
        }
    }

    /** Ends the session: stops the recording, leaves the clock, closes both legs. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ctx.clock().remove(this);
        ctx.counters().relayedPackets.add(relayedPackets());
        ctx.counters().transcodedPackets.add(transcodedPackets());
        players.stopAll();
        if (recording != null) {
            recording.close();
        }
        if (caller != null) {
            caller.close();
        }
        if (other != null) {
            other.close();
        }
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String toString() {
        return "media of call " + callId;
    }
}
