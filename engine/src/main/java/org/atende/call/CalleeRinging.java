package org.atende.call;

import static org.atende.call.SipBodies.copyBody;
import static org.atende.call.SipBodies.hasBody;
import static org.atende.call.SipBodies.setSdp;

import gov.nist.javax.sip.message.SIPResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.atende.call.MediaNegotiation.Outcome;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.transaction.TimerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings the callee for one call and takes its answer. The INVITEs go to every destination with our offer
 * ({@link CalleeForks}); while they ring, a direct call's caller gets the callee's provisional responses (early
 * media through the anchored legs), a routed caller hears ringback; nobody answering within {@link #RING_TIMEOUT}
 * gives the caller 480, or the route's busy tone. The first 2xx the call still wants is taken: a queue agent's or a
 * route's by {@link CallerRouting}; a direct callee's answers the caller (our 200 with the caller's SDP, or the
 * callee's own with direct media) and the legs are bridged. The call's state stays {@link Call}'s, and leaving the
 * ringing states stops the ring timer ({@link #stop}). Runs on the call's event loop only.
 */
final class CalleeRinging {

    private static final Logger log = LoggerFactory.getLogger(Call.class);

    /** How long the callee's phones ring before the caller gets 480 (an INVITE transaction never ends by itself). */
    static final Duration RING_TIMEOUT = Duration.ofSeconds(120);

    private final Call call;
    private final CallHost host;
    private final CallerInvite invite;
    private final CalleeForks forks;
    private final CallDialogs dialogs;
    private final CallSessionTimers sessionTimers;
    private final CallerRouting routing;
    private final CallEnding ending;
    /** The extension called, named in our Contact toward the caller. */
    private final String extension;
    private final String callerUser;
    /** The ring timeout while the phones ring, or null. */
    private TimerService.Timer ringTimer;

    CalleeRinging(Call call, CallHost host, CallerInvite invite, CalleeForks forks, CallDialogs dialogs,
                  CallSessionTimers sessionTimers, CallerRouting routing, CallEnding ending, String extension,
                  String callerUser) {
        this.call = call;
        this.host = host;
        this.invite = invite;
        this.forks = forks;
        this.dialogs = dialogs;
        this.sessionTimers = sessionTimers;
        this.routing = routing;
        this.ending = ending;
        this.extension = extension;
        this.callerUser = callerUser;
    }

    /**
     * The callee's contacts (or a carrier's proxy) are known: fork the call to each with our offer, the caller
     * hearing ringback when a route rang them; 480, or the route's busy tone, when there is none.
     */
    void ring(List<CalleeForks.Destination> destinations) {
        Call.State state = call.state();
        if (state != Call.State.ROUTING && state != Call.State.TRANSFERRING) {
            return; // cancelled or stopped while the contacts were looked up
        }
        if (destinations.isEmpty()) {
            if (state == Call.State.TRANSFERRING) {
                routing.transferUnregistered();
            } else {
                ending.finish(480, "Temporarily Unavailable", "callee not registered");
            }
            return;
        }
        Optional<Outcome.Refused> refused = call.sdp() == null ? Optional.empty() : call.sdp().offerCallee();
        if (refused.isPresent()) {
            Outcome.Refused r = refused.get();
            ending.finish(r.status(), r.reason(), "no media for callee: " + r.reason());
            return;
        }
        if (state == Call.State.TRANSFERRING) {
            call.media().playRingback();
        } else {
            call.enter(Call.State.RINGING);
        }
        ringTimer = host.timers().schedule(RING_TIMEOUT, this::ringTimedOut);
        forks.ring(destinations, null);
        log.debug("call {}: ringing {} on {} contact(s)", call.id(), extension, forks.size());
    }

    /** The call left the ringing states: the ring timeout no longer applies. */
    void stop() {
        if (ringTimer != null) {
            ringTimer.cancel();
            ringTimer = null;
        }
    }

    private void ringTimedOut() {
        if (call.state() == Call.State.TRANSFERRING) {
            forks.cancel();
            routing.transferFailed("no answer within " + RING_TIMEOUT.toSeconds() + " s");
        } else if (call.state() == Call.State.RINGING) {
            forks.cancel();
            ending.finish(480, "Temporarily Unavailable", "no answer within " + RING_TIMEOUT.toSeconds() + " s");
        }
    }

    /** A provisional response from the callee of a direct call: relayed to the caller, with early media. */
    void provisional(SIPResponse provisional) {
        SIPResponse relayed = invite.provisional(provisional.getStatusCode(), provisional.getReasonPhrase(),
                extension);
        CallSdp sdp = call.sdp();
        if (sdp == null) {
            copyBody(provisional, relayed);
        } else {
            byte[] early = sdp.earlyMedia(provisional);
            if (early != null) {
                setSdp(relayed, early);
                call.media().bridge();
            }
        }
        invite.send(relayed);
    }

    /** The first contact to answer that the call still wants; the other forks are being cancelled. */
    void answered(CalleeForks.Fork fork, Dialog dialog, SIPResponse ok) {
        dialogs.calleeAnswered(dialog, fork.cseq);
        sessionTimers.calleeAnswered(ok, dialog);
        if (fork.agent != null) {
            routing.agentAnswered(fork, ok);
            return;
        }
        if (call.state() == Call.State.TRANSFERRING) {
            routing.transferAnswered(fork, ok);
            return;
        }
        CallSdp sdp = call.sdp();
        byte[] aBody = null;
        if (sdp != null) {
            // a 2xx without SDP stands on the answer the callee's 18x gave (early media)
            Optional<Outcome.Refused> refused = hasBody(ok) || !sdp.calleeAgreed() ? sdp.calleeAnswered(ok)
                    : Optional.empty();
            if (refused.isPresent()) {
                // the callee answered with media we cannot use: take its leg down and tell the caller
                forks.answerRefused(dialog, ok);
                dialogs.forgetCallee();
                Outcome.Refused r = refused.get();
                ending.finish(r.status(), r.reason(), "callee's media refused: " + r.reason());
                return;
            }
            aBody = sdp.callerAnswerAfterCallee();
        }
        call.enter(Call.State.BRIDGED);
        SIPResponse answer = invite.ok(extension);
        if (sdp != null) {
            setSdp(answer, aBody);
        } else {
            copyBody(ok, answer);
        }
        invite.answer(answer, () -> call.hangup("no ACK from caller"));
        if (sdp != null) {
            dialogs.ackCallee(null);
            call.media().bridge();
            call.startRecording();
        } else if (hasBody(invite.request())) {
            dialogs.ackCallee(null);
        } else {
            dialogs.awaitCallerAck(ok); // delayed offer: the caller's ACK carries the answer for B
        }
        log.info("call {} answered: {} -> {} by {}", call.id(), callerUser, extension, fork.destination.uri());
    }
}
