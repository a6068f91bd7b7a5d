package org.atende.call;

import java.util.ArrayList;
import java.util.List;
import org.atende.media.recorder.CallRecorder;
import org.atende.media.recorder.RecordingResult;
import org.atende.media.sdp.Codec;
import org.atende.media.session.DigitSource;
import org.atende.media.session.MediaContext;
import org.atende.media.session.MediaLeg;
import org.atende.media.session.MediaSession;

/**
 * The anchored media of one {@link Call}: an RTP endpoint per leg ({@link AnchoredLeg}), connected in a
 * {@link MediaSession} (bridge, echo, playback to the caller), each leg's SDP negotiated separately
 * ({@link MediaNegotiation}), the call's {@link CallRecording}, and the legs' figures for the call's record. Each
 * leg's SDP is Atende's own: the caller never sees the callee's addresses or codecs and the reverse, and a
 * re-INVITE on one leg (hold, a new address, a codec change) is answered without disturbing the other.
 *
 * <p>Runs on the call's event loop only.
 */
public final class CallMedia implements MediaSession.Listener {

    /** What the media reports to the call. */
    interface Events {
        void mediaTimedOut(CallLeg.Side side);

        void digit(CallLeg.Side side, char digit, int durationMs, DigitSource source);

        /** A playback on {@code side}'s leg ended by itself. */
        default void playbackDone(CallLeg.Side side, boolean interrupted) {
        }
    }

    /** Opens recordings (the engine's recording writer); non-blocking, any thread. */
    public interface Recordings {
        CallRecorder open(String callId, java.nio.file.Path directory);
    }

    private final Events events;
    private final MediaSession session;
    private final AnchoredLeg caller;
    private final AnchoredLeg callee;
    private final MediaNegotiation negotiation;
    private final CallRecording recording;
    /** The callee's figures, kept when its endpoint closed before the call ended (survey). */
    private CallRecord.LegMedia droppedFigures;
    /** What runs once the playback to the caller ends by itself ({@link #playThen}), or null. */
    private Runnable afterPlayback;
    /** The same for the playback to the callee ({@link #playToCallee}). */
    private Runnable afterCalleePlayback;

    CallMedia(MediaContext ctx, List<Codec> codecs, Recordings recordings, boolean srtpToCallee, String callId,
              Events events) {
        this.events = events;
        this.session = new MediaSession(ctx, callId, this);
        this.caller = new AnchoredLeg(CallLeg.Side.A, ctx, session);
        this.callee = new AnchoredLeg(CallLeg.Side.B, ctx, session);
        this.negotiation = new MediaNegotiation(codecs, srtpToCallee, caller, callee);
        this.recording = new CallRecording(recordings);
    }

    MediaSession session() {
        return session;
    }

    /** Each leg's offer/answer. */
    MediaNegotiation negotiation() {
        return negotiation;
    }

    /** Connects caller and callee. */
    void bridge() {
        if (caller.leg != null && callee.leg != null) {
            session.bridge();
        }
    }

    /** The echo application: the caller hears themselves. */
    void echo() {
        if (caller.leg != null) {
            session.echo();
        }
    }

    /** A SIP INFO with a key press (application/dtmf-relay, or application/dtmf) from {@code side}. */
    boolean info(CallLeg.Side side, String contentSubtype, byte[] body) {
        MediaLeg leg = (side == CallLeg.Side.A ? caller : callee).leg;
        if (leg == null || body == null) {
            return false;
        }
        java.util.Optional<InfoDigit> pressed = InfoDigit.parse(contentSubtype, body);
        pressed.ifPresent(p -> leg.digitSignalled(p.digit(), p.durationMs()));
        return pressed.isPresent();
    }

    /** The callee hung up while the caller stays (survey): its endpoint closes now, its figures are kept. */
    void dropCallee() {
        if (callee.leg != null) {
            droppedFigures = figuresOf(callee);
            session.dropOther();
            callee.leg = null;
        }
    }

    /** Media figures of each leg that had an endpoint. */
    List<CallRecord.LegMedia> figures() {
        List<CallRecord.LegMedia> out = new ArrayList<>();
        if (caller.leg != null) {
            out.add(figuresOf(caller));
        }
        if (callee.leg != null) {
            out.add(figuresOf(callee));
        } else if (droppedFigures != null) {
            out.add(droppedFigures);
        }
        return out;
    }

    private CallRecord.LegMedia figuresOf(AnchoredLeg s) {
        MediaLeg l = s.leg;
        org.atende.media.quality.LegQuality q = l.quality();
        return new CallRecord.LegMedia(s.side == CallLeg.Side.A ? "caller" : "callee",
                l.codec() == null ? "-" : l.codec().encoding(), l.secure(), l.packetsReceived(), l.packetsSent(),
                Math.max(0, q.packetsLost()), q.jitterMs(), q.jitterMaxMs(), q.rttMs(), l.rtcpReceived(),
                l.packetsReceived() == 0 ? Double.NaN : q.mos());
    }

    /**
     * Starts recording the call into a file in {@code directory} named after the call (caller left, what the
     * caller hears right). Once per call.
     */
    void startRecording(java.nio.file.Path directory) {
        recording.start(session, directory);
    }

    /** Pauses the recording (silence is written meanwhile): card numbers and personal data stay out (LGPD). */
    boolean pauseRecording() {
        return recording.pause();
    }

    boolean resumeRecording() {
        return recording.resume();
    }

    /** The recording's outcome, once its file is complete; null when the call was not recorded. */
    java.util.concurrent.CompletableFuture<RecordingResult> recording() {
        return recording.result();
    }

    void close() {
        session.close();
    }

    // ---- MediaSession.Listener ----

    @Override
    public void onDigit(MediaLeg leg, char digit, int durationMs, DigitSource source) {
        events.digit(leg == caller.leg ? CallLeg.Side.A : CallLeg.Side.B, digit, durationMs, source);
    }

    @Override
    public void onPlaybackDone(MediaLeg leg, boolean interrupted) {
        if (afterCalleePlayback != null && leg == callee.leg) {
            Runnable then = afterCalleePlayback;
            afterCalleePlayback = null;
            then.run();
            return;
        }
        if (afterPlayback != null && leg == caller.leg) {
            Runnable then = afterPlayback;
            afterPlayback = null;
            then.run();
            return;
        }
        events.playbackDone(leg == caller.leg ? CallLeg.Side.A : CallLeg.Side.B, interrupted);
    }

    /** Plays to the caller (the IVR); replaces what was playing, and what was to follow it. */
    void playToCaller(org.atende.media.player.Playback playback) {
        afterPlayback = null;
        if (caller.leg != null) {
            session.play(caller.leg, playback);
        }
    }

    /**
     * Plays {@code playback} to the callee (a callback's agent: who is calling; then ringback), then runs
     * {@code then} (null: nothing) once it ends by itself. Replaces what was playing to the callee.
     */
    void playToCallee(org.atende.media.player.Playback playback, Runnable then) {
        afterCalleePlayback = null;
        if (callee.leg == null) {
            if (then != null) {
                then.run();
            }
            return;
        }
        session.play(callee.leg, playback);
        afterCalleePlayback = then;
    }

    /** Stops what plays to the callee; what was to follow it does not run. */
    void stopPlaybackToCallee() {
        afterCalleePlayback = null;
        if (callee.leg != null) {
            session.stopPlayback(callee.leg);
        }
    }

    /** Stops what plays to the caller; what was to follow it does not run. */
    void stopPlaybackToCaller() {
        afterPlayback = null;
        if (caller.leg != null) {
            session.stopPlayback(caller.leg);
        }
    }

    /** Brazilian ringback (425 Hz, 1 s on, 4 s off) to the caller until stopped. */
    void playRingback() {
        playToCaller(org.atende.media.player.Playback.of(
                new org.atende.media.player.Playback.ToneItem(org.atende.media.player.ToneGenerator::ringback, 250))
                .looped());
    }

    /** Three seconds of busy tone to the caller, then {@code then}. */
    void playBusy(Runnable then) {
        playThen(org.atende.media.player.Playback.of(
                new org.atende.media.player.Playback.ToneItem(org.atende.media.player.ToneGenerator::busy, 150)), then);
    }

    /** Plays {@code playback} to the caller, then runs {@code then} (on the call's loop). */
    void playThen(org.atende.media.player.Playback playback, Runnable then) {
        if (caller.leg == null) {
            then.run();
            return;
        }
        playToCaller(playback);
        afterPlayback = then;
    }

    @Override
    public void onMediaTimeout(MediaLeg leg) {
        events.mediaTimedOut(leg == caller.leg ? CallLeg.Side.A : CallLeg.Side.B);
    }
}
