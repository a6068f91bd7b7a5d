package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.transaction.ServerTransaction;

/**
 * What the requests and ACKs the legs' peers send inside the call's dialogs do to the call. A BYE hangs up the
 * other leg and ends the call, unless the agent hung up first on a call with a survey to ask: then only its leg
 * goes. A re-INVITE or UPDATE is answered for its own leg with anchored media ({@link CallSdp}) and passed on with
 * direct media, one at a time. An INFO's key press reaches the media, and the INFO is passed on; anything else is
 * passed on ({@link InDialogRelay}). An ACK brings the answer it owes, the answer the callee waits for after a
 * delayed offer, or a relayed re-INVITE's. Runs on the call's event loop only.
 */
final class LegRequests {

    private final Call call;
    private final CalleeForks forks;
    private final CallDialogs dialogs;
    private final InDialogRelay relays;
    private final CallerRouting routing;
    private final CallEnding ending;

    LegRequests(Call call, CalleeForks forks, CallDialogs dialogs, InDialogRelay relays, CallerRouting routing,
                CallEnding ending) {
        this.call = call;
        this.forks = forks;
        this.dialogs = dialogs;
        this.relays = relays;
        this.routing = routing;
        this.ending = ending;
    }

    /** A request inside one of the call's dialogs (CSeq already checked). */
    void onRequest(CallLeg from, ServerTransaction tx) {
        SIPRequest request = tx.request();
        Dialog other = dialogs.of(from.side().other());
        switch (request.getMethod()) {
            case SIPRequest.BYE -> onBye(from, tx);
            case SIPRequest.INVITE, "UPDATE" -> {
                if (relays.offerPending()) {
                    tx.respond(491); // RFC 3261 §14.2: a re-INVITE is already in progress
                    return;
                }
                from.dialog().refreshTarget(request);
                CallSdp sdp = call.sdp();
                if (sdp == null) {
                    relay(from, other, tx);
                } else if (!call.state().callerAnswered()) {
                    tx.respond(SIPRequest.INVITE.equals(request.getMethod()) ? 491 : 200);
                } else {
                    sdp.answerInDialog(from.side(), tx); // anchored media: answered for its own leg
                }
            }
            case "INFO" -> {
                CallMedia media = call.media();
                if (media != null && request.getContentTypeHeader() != null
                        && "application".equalsIgnoreCase(request.getContentTypeHeader().getContentType())) {
                    media.info(from.side(), request.getContentTypeHeader().getContentSubType(),
                            request.getRawContent());
                }
                if (other == null) {
                    tx.respond(call.state().callerAnswered() ? 200 : 481); // an application leg: nobody to relay to
                } else {
                    relay(from, other, tx);
                }
            }
            default -> relay(from, other, tx);
        }
    }

    private void onBye(CallLeg from, ServerTransaction tx) {
        tx.respond(200);
        if (call.state() == Call.State.TRANSFERRING || call.state() == Call.State.QUEUED) {
            forks.cancel(); // the caller gave up while the IVR's transfer or a queue offer was ringing
        }
        if (from.side() == CallLeg.Side.B && routing.hasSurvey()) {
            dialogs.calleeHungUp();
            if (routing.startSurvey()) {
                return;
            }
        }
        dialogs.bye(from.side().other());
        ending.end("BYE from " + (from.side() == CallLeg.Side.A ? "caller" : "callee"));
    }

    /** The ACK for a 2xx we sent on {@code leg}'s dialog. */
    void onAck(CallLeg leg, SIPRequest ack) {
        CallSdp sdp = call.sdp();
        if (sdp != null && sdp.owesAnswerInAck(leg.side())) {
            sdp.answeredInAck(leg.side(), ack).ifPresent(r -> call.hangup("no usable SDP answer in the "
                    + (leg.side() == CallLeg.Side.A ? "caller" : "callee") + "'s ACK: " + r.reason()));
            return;
        }
        if (leg.side() == CallLeg.Side.A && dialogs.awaitingCallerAck()) {
            dialogs.ackCallee(ack);
        } else {
            relays.onAck(leg.side(), ack);
        }
    }

    private void relay(CallLeg from, Dialog target, ServerTransaction tx) {
        if (target == null || !call.state().callerAnswered()) {
            tx.respond(481);
            return;
        }
        relays.relay(from.side(), target, tx);
    }
}
