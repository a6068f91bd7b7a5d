package org.atende.media.session;

import org.atende.media.player.Playback;
import org.atende.media.player.Player;
import org.atende.media.player.Prompt;

/**
 * The prompts and tones a {@link MediaSession} plays: at most one player per leg, one frame to each leg per
 * media-clock tick.
 *
 * <p>A playback replaces, while it lasts, whatever would be relayed to its leg (the session's branches ask
 * {@link #playing}); a key press on that leg stops an interruptible one ({@link #keyPressed}); the session's
 * listener hears when each ends. What the caller hears also goes to the recording's right channel. Not
 * thread-safe: owned by the call's event loop, like the session.
 */
final class SessionPlayers {

    private final MediaSession session;
    private final MediaSession.Listener listener;
    private final short[] frame = new short[Prompt.FRAME_SAMPLES];
    private Player callerPlayer;
    private Player otherPlayer;

    SessionPlayers(MediaSession session, MediaSession.Listener listener) {
        this.session = session;
        this.listener = listener;
    }

    /** Plays to {@code leg}, replacing any playback already running on it. */
    void play(MediaLeg leg, Playback playback) {
        if (leg == session.caller()) {
            callerPlayer = new Player(playback);
        } else if (leg == session.other()) {
            otherPlayer = new Player(playback);
        }
    }

    /** Stops the playback on {@code leg}, if any (no callback). */
    void stop(MediaLeg leg) {
        if (leg == session.caller()) {
            callerPlayer = null;
        } else if (leg == session.other()) {
            otherPlayer = null;
        }
    }

    /** Stops the other party's playback (its leg is dropped; no callback). */
    void stopOther() {
        otherPlayer = null;
    }

    /** Stops both playbacks (the session closes; no callback). */
    void stopAll() {
        callerPlayer = null;
        otherPlayer = null;
    }

    boolean playing(MediaLeg leg) {
        return leg == session.caller() ? callerPlayer != null : leg == session.other() && otherPlayer != null;
    }

    /** A key press on {@code leg}: stops an interruptible playback on it, reported as interrupted. */
    void keyPressed(MediaLeg leg) {
        Player player = leg == session.caller() ? callerPlayer : leg == session.other() ? otherPlayer : null;
        if (player != null && player.playback().bargeIn()) {
            stop(leg);
            listener.onPlaybackDone(leg, true);
        }
    }

    /** One media-clock tick: the next frame of each playback to its leg. */
    void tick(long nowNanos) {
        if (callerPlayer != null) {
            callerPlayer = playTo(session.caller(), callerPlayer, nowNanos);
        }
        if (otherPlayer != null) {
            otherPlayer = playTo(session.other(), otherPlayer, nowNanos);
        }
    }

    private Player playTo(MediaLeg leg, Player player, long now) {
        if (!player.next(frame)) {
            listener.onPlaybackDone(leg, false);
            // the listener may have started another playback on this leg
            return leg == session.caller() ? (callerPlayer == player ? null : callerPlayer)
                    : (otherPlayer == player ? null : otherPlayer);
        }
        leg.sendPcm(frame, Prompt.FRAME_SAMPLES, now);
        MediaSession.RecordingTap recording = session.recordingTap();
        if (leg == session.caller() && recording != null) {
            recording.heard(frame, Prompt.FRAME_SAMPLES);
        }
        return player;
    }
}
