package org.atende.call;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.atende.media.recorder.RecordingResult;

/**
 * The end of one call, from whichever state it is in: CANCEL to the forks still ringing, a final failure to the
 * caller while it is unanswered, BYE to the legs that were answered; then, once, everything the call holds is let
 * go (its queue stay, busy extensions and IVR, the media, the timers, the dialogs, the forks) and its record goes
 * to the observers ({@link CallReport}). The call's move to ENDED is asked of {@link Call}. Runs on the call's
 * event loop only.
 */
final class CallEnding {

    private final Call call;
    private final CallHost host;
    private final CallerInvite invite;
    private final CalleeForks forks;
    private final CallDialogs dialogs;
    private final InDialogRelay relays;
    private final CallSessionTimers sessionTimers;
    private final CallerRouting routing;
    private final CallObserver observer;

    CallEnding(Call call, CallHost host, CallerInvite invite, CalleeForks forks, CallDialogs dialogs,
               InDialogRelay relays, CallSessionTimers sessionTimers, CallerRouting routing, CallObserver observer) {
        this.call = call;
        this.host = host;
        this.invite = invite;
        this.forks = forks;
        this.dialogs = dialogs;
        this.relays = relays;
        this.sessionTimers = sessionTimers;
        this.routing = routing;
        this.observer = observer;
    }

    /** Ends the call from inside Atende (graceful stop, ACK timeout): BYE to answered legs, 503 otherwise. */
    void hangup(String reason) {
        switch (call.state()) {
            case ROUTING, RINGING -> {
                forks.cancel();
                finish(503, "Service Unavailable", reason);
            }
            case TRANSFERRING, QUEUED -> {
                forks.cancel();
                dialogs.bye(CallLeg.Side.A);
                end(reason);
            }
            case IN_APPLICATION, IN_IVR, BRIDGED, IN_SURVEY, CLOSING -> {
                dialogs.bye(CallLeg.Side.A);
                dialogs.bye(CallLeg.Side.B);
                end(reason);
            }
            case ENDED -> { }
        }
    }

    /** Answers the caller with a final failure, if it has none yet, and ends the call. */
    void finish(int status, String reason, String why) {
        host.releaseLimits(call); // before the refusal leaves: the caller's next call finds its channel free
        invite.refuse(status, reason);
        end(why);
    }

    /** Ends the call for {@code why} (its record's end reason); once. */
    void end(String why) {
        if (call.state() == Call.State.ENDED) {
            return;
        }
        call.enter(Call.State.ENDED);
        routing.callEnded();
        List<CallRecord.LegMedia> figures = List.of();
        CompletableFuture<RecordingResult> recording = null;
        CallMedia media = call.media();
        if (media != null) {
            figures = media.figures();
            media.close();
            recording = media.recording();
            call.dropMedia(); // sockets are closed; the endpoints' buffers and statistics go with it
        }
        invite.release();
        relays.clear();
        sessionTimers.cancel();
        // the answered fork's transaction keeps this call reachable until Timer M: keep nothing heavy
        dialogs.release();
        forks.clear();
        Instant now = host.clock().instant();
        host.ended(call);
        CallReport.callEnded(host, observer, recording, call.toRecord(now, why, figures));
    }
}
