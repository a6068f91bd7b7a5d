package org.atende.call;

import static org.atende.call.SipBodies.hasBody;
import static org.atende.call.SipBodies.setSdp;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.call.MediaNegotiation.Outcome;
import org.atende.config.SessionTimerConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Survey;
import org.atende.ivr.Journey;
import org.atende.media.session.DigitSource;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One B2BUA call: the caller's leg (A), answered by Atende, and the called party's leg (B), created by Atende
 * and forked to every registered contact of the callee; or, for a built-in application (echo), the caller's
 * leg alone. Provisional and final responses, CANCEL, BYE from either side and other in-dialog requests are
 * relayed between the two dialogs.
 *
 * <p>Media is anchored ({@link CallMedia}) unless both extensions allow direct media: each leg then has its own
 * SDP with Atende, re-INVITEs and UPDATEs are answered per leg, and the call ends if media stops. With direct
 * media, SDP and re-INVITEs pass through untouched.
 *
 * <p>Every method runs on the owning shard's event loop; the call is touched by that thread only.
 *
 * <p>The call owns its {@link State}, answers the caller itself for an application or a flow, and hands each
 * event to the collaborator whose job it is; they ask the call when the state must move. {@link CallerInvite}: the
 * caller's INVITE and our responses. {@link CalleeRinging}, {@link CalleeForks}, {@link CalleeInvites}: ringing
 * the callee and taking its answer. {@link CallDialogs}: the two dialogs, ACKs and BYEs. {@link CallSdp}: the SDP
 * each leg was given and owes. {@link LegRequests} and {@link InDialogRelay}: requests inside the dialogs.
 * {@link CallSessionTimers}: RFC 4028. {@link CallerRouting}: where the answered caller goes (extension, trunk,
 * {@link QueuedCall queue}, {@link IvrRun flow}, survey). {@link BusyExtensions}: what the ACD must not ring.
 * {@link CallEnding}: the hang-up and the record.
 *
 * <p>Over 400 lines by a little, knowingly: what is left is the hub (the State and its diagram, the wiring of the
 * collaborators, and the forks' and the media's reports dispatched by state), kept together because each part
 * reads the state.
 */
public final class Call implements CallLeg.Owner {

    /**
     * Where the call is. Before the caller is answered: {@code ROUTING} (the callee's contacts are being looked up),
     * then {@code RINGING} (its phones ring; their provisional responses reach the caller). Once Atende or the callee
     * answered the caller:
     * <pre>
     *   IN_APPLICATION   answered by a built-in application (echo)
     *   IN_IVR           a flow runs on the caller's leg            ─┐ a route
     *   QUEUED           waiting in an ACD queue, agents offered     ├──────────► TRANSFERRING / QUEUED / IN_IVR
     *   TRANSFERRING     an extension or external number rings      ─┘              │ answered
     *                    for the caller, who hears ringback                        ▼
     *   BRIDGED          both legs up and bridged  ── the agent hangs up first ──► IN_SURVEY
     *   CLOSING          nobody took the transfer: a busy tone, then the hang-up
     * </pre>
     * and {@code ENDED} from anywhere.
     */
    public enum State {
        ROUTING, RINGING, IN_APPLICATION, IN_IVR, QUEUED, TRANSFERRING, BRIDGED, IN_SURVEY, CLOSING, ENDED;

        /** Whether the caller's INVITE has been answered (by Atende or the callee) and the call has not ended. */
        public boolean callerAnswered() {
            return this != ROUTING && this != RINGING && this != ENDED;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Call.class);

    private final CallHost host;
    private final String id;
    private final CallerId caller;
    private final String extension;
    private final String dialled;
    private final MediaPolicy policy;
    private final boolean anchored;
    private final CallObserver observer;
    private final Instant started;
    private State state = State.ROUTING;
    /** When Atende or the callee answered the caller; null before. */
    private Instant answeredAt;
    /** The path the caller took through the IVR, once its flow ended. */
    private Journey journey;
    private Map<String, String> surveyAnswers;
    /** The anchored media, or null for direct media; dropped when the call ends (Timer M may keep the call). */
    private CallMedia media;
    /** The SDP of the legs' SIP messages while there is anchored media, null otherwise (dropped with it). */
    private CallSdp sdp;
    private final CallerInvite invite;
    private final CalleeInvites calleeInvites;
    private final CalleeForks forks;
    private final CallDialogs dialogs;
    /** Requests passed between the two dialogs (direct media, INFO, and the like). */
    private final InDialogRelay relays;
    /** RFC 4028 session timers of the legs (anchored calls). */
    private final CallSessionTimers sessionTimers;
    private final BusyExtensions busy;
    private final CallerRouting routing;
    private final CallEnding ending;
    private final CalleeRinging ringing;
    private final LegRequests requests;

    Call(CallHost host, ServerTransaction aInvite, CallerId caller, String extension, String dialled,
         MediaPolicy policy, CallObserver observer) {
        this.host = host;
        this.id = aInvite.request().getCallId().getCallId();
        this.caller = caller;
        this.extension = extension;
        this.dialled = dialled;
        this.policy = policy;
        this.observer = observer;
        this.media = policy.anchored() ? host.newCallMedia(id, policy.srtpToCallee(), new MediaEvents()) : null;
        this.anchored = policy.anchored();
        this.forks = new CalleeForks(host, id, new ForkEvents(), this::inviteTo);
        this.relays = new InDialogRelay(host, extension);
        this.sessionTimers = new CallSessionTimers(host, id, policy.anchored() ? host.sessionTimers()
                : new SessionTimerConfig(false, host.sessionTimers().expires(), host.sessionTimers().minSe()),
                this::hangup);
        this.calleeInvites = new CalleeInvites(host, caller, sessionTimers);
        this.sdp = media == null ? null : new CallSdp(media.negotiation(), host, sessionTimers, extension, caller.user());
        this.dialogs = new CallDialogs(host, this);
        this.invite = new CallerInvite(host, aInvite, dialogs, sessionTimers);
        this.busy = new BusyExtensions(host);
        this.routing = new CallerRouting(this, host, forks, dialogs, busy, caller, dialled);
        this.ending = new CallEnding(this, host, invite, forks, dialogs, relays, sessionTimers, routing, observer);
        this.ringing = new CalleeRinging(this, host, invite, forks, dialogs, sessionTimers, routing, ending, extension,
                caller.user());
        this.requests = new LegRequests(this, forks, dialogs, relays, routing, ending);
        this.started = host.clock().instant();
        if (caller.source().startsWith("extension ")) {
            busy.mark(caller.user());
        }
        aInvite.setListener(new ServerTransaction.Listener() {
            @Override
            public void onAckTimeout(ServerTransaction tx) {
                hangup("no ACK from caller");
            }
        });
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    ServerTransaction inviteTransaction() {
        return invite.transaction();
    }

    /** Whether the call's media flows through Atende. */
    public boolean anchored() {
        return anchored;
    }

    /** The media of this call (anchored calls while they last), for the IVR, the queue and the routes. */
    CallMedia media() {
        return media;
    }

    /** The SDP of the legs (anchored calls while their media lasts). */
    CallSdp sdp() {
        return sdp;
    }

    /**
     * The one place the state changes: a DEBUG line per transition, with the call id. Entering the first state in
     * which the caller is answered stamps {@code answeredAt}; leaving the states in which the callee's phones ring
     * (RINGING, TRANSFERRING) stops the ring timer.
     */
    void enter(State next) {
        if (state != next) {
            log.debug("call {}: {} -> {}", id, state, next);
            state = next;
            if (answeredAt == null && next.callerAnswered()) {
                answeredAt = host.clock().instant();
            }
            if (next != State.RINGING && next != State.TRANSFERRING) {
                ringing.stop();
            }
        }
    }

    // ---- answering the caller ----

    /**
     * Anchored calls: answers the caller's SDP offer now, so that a bad offer (no common codec, malformed SDP)
     * or no free RTP port ends the call at once with 488, 400 or 503.
     *
     * @return false when the call was refused and has ended
     */
    boolean acceptCallerMedia() {
        Optional<Duration> minSe = sessionTimers.tooBrief(invite.request());
        if (minSe.isPresent()) {
            invite.refuseTooBrief(minSe.get());
            ending.end("session interval too small (RFC 4028 422)");
            return false;
        }
        if (sdp == null || !hasBody(invite.request())) {
            return true;
        }
        Optional<Outcome.Refused> refused = sdp.answerCaller(invite.request().getRawContent());
        refused.ifPresent(r -> ending.finish(r.status(), r.reason(), "caller's media refused: " + r.reason()));
        return refused.isEmpty();
    }

    /** Answers the caller with a built-in application ({@code echo}). */
    void answerApplication(String application) {
        if (answerLocally()) {
            media.echo();
            startRecording();
            log.info("call {} answered by application {}", id(), application);
        }
    }

    /**
     * Answers the caller and runs an IVR flow on the caller's leg: prompts, digits, look-ups, then a route or a
     * hang-up ({@link IvrRun}).
     */
    void startFlow(IvrRun run, Optional<Survey> survey) {
        if (answerLocally()) {
            enter(State.IN_IVR);
            routing.flowAnswered(run, survey);
            startRecording();
            log.info("call {} answered by IVR flow {}", id(), extension);
            run.start();
        }
    }

    /** Answers the caller with Atende's own media (no callee yet); false when the call cannot be answered. */
    private boolean answerLocally() {
        if (state != State.ROUTING) {
            return false;
        }
        Outcome body = sdp.answeringCaller();
        if (body instanceof Outcome.Refused r) {
            ending.finish(r.status(), r.reason(), "no media for " + extension + ": " + r.reason());
            return false;
        }
        enter(State.IN_APPLICATION); // the flow or the application says which next
        SIPResponse answer = invite.ok(dialled);
        setSdp(answer, ((Outcome.Sdp) body).body());
        invite.answer(answer, () -> hangup("no ACK from caller"));
        return true;
    }

    /** The IVR's flow ended: its journey goes into the call's record. */
    void ivrFinished(Journey path) {
        journey = path;
    }

    /** The survey ended: its answers go into the call's record. */
    void surveyFinished(Map<String, String> answers) {
        surveyAnswers = Map.copyOf(answers);
    }

    /** The IVR sends the answered caller on ({@link CallerRouting#routeTo}). */
    void routeTo(Node.Target target, Map<String, String> variables) {
        routing.routeTo(target, variables);
    }

    /** Records the call from its answer when its policy says so. */
    void startRecording() {
        if (policy.record()) {
            record();
        }
    }

    /** Starts recording this call now (per call, e.g. from the control port or the IVR); false if it cannot be. */
    public boolean record() {
        if (media == null || !state.callerAnswered()) {
            return false;
        }
        media.startRecording(host.recordingDirectory(started));
        return media.recording() != null;
    }

    /** Pauses the recording while the caller gives a card number or other personal data (LGPD). */
    public boolean pauseRecording() {
        return media != null && media.pauseRecording();
    }

    public boolean resumeRecording() {
        return media != null && media.resumeRecording();
    }

    // ---- ringing the callee ----

    /**
     * A call to an extension: the extension is marked busy first (so no queue offer rings it meanwhile), then its
     * contacts are looked up and rung.
     */
    void ringCallee() {
        busy.mark(extension);
        host.lookupContacts(extension, bindings -> ring(CalleeForks.Destination.contacts(bindings, extension)));
    }

    /** An extension dialling out: rings {@code number} through the carrier trunk {@code target}. */
    void ringThroughTrunk(TrunkTarget target, String number) {
        routing.dialledOut(target);
        forks.throughTrunk(target);
        ring(List.of(new CalleeForks.Destination(target.requestUri(number), target.destination(), number)));
    }

    /** Rings the callee's {@code destinations} ({@link CalleeRinging#ring}). */
    void ring(List<CalleeForks.Destination> destinations) {
        ringing.ring(destinations);
    }

    /** The caller cancelled before an answer (RFC 3261 §9.2): the layer already answered the CANCEL. */
    void onCancel() {
        if (state == State.ROUTING || state == State.RINGING) {
            forks.cancel();
            ending.finish(487, "Request Terminated", "cancelled by caller");
        }
    }

    /** Ends the call from inside Atende (graceful stop, ACK timeout): BYE to answered legs, 503 otherwise. */
    public void hangup(String reason) {
        ending.hangup(reason);
    }

    /** Refuses the unanswered caller with {@code status} and ends the call for {@code why}. */
    void refuse(int status, String reason, String why) {
        ending.finish(status, reason, why);
    }

    /** The INVITE to one of the callee's destinations. */
    private SIPRequest inviteTo(CalleeForks.Destination destination) {
        return calleeInvites.to(destination, invite.request(), routing.trunk(), sdp);
    }

    // ---- in-dialog traffic ----

    /** A request inside one of the call's dialogs (CSeq already checked); see {@link LegRequests}. */
    @Override
    public void onRequest(CallLeg from, ServerTransaction tx) {
        requests.onRequest(from, tx);
    }

    /** The ACK for a 2xx we sent on {@code leg}'s dialog. */
    @Override
    public void onAck(CallLeg leg, SIPRequest ack) {
        requests.onAck(leg, ack);
    }

    // ---- the end ----

    /** The call ended: its media is no longer kept. */
    void dropMedia() {
        media = null;
        sdp = null;
    }

    /** What the call leaves behind once it ended at {@code ended} for {@code why}, without its recording yet. */
    CallRecord toRecord(Instant ended, String why, List<CallRecord.LegMedia> figures) {
        return new CallRecord(id, caller.user(), dialled, extension, started, answeredAt, ended, why, figures, null,
                journey, surveyAnswers, routing.queueVisit());
    }

    /** What the callee's forks report, on the call's loop. */
    private final class ForkEvents implements CalleeForks.Owner {
        @Override
        public boolean wantsAnswer() {
            return state == State.RINGING || state == State.TRANSFERRING || state == State.QUEUED;
        }

        @Override
        public void provisional(SIPResponse response) {
            if (state == State.RINGING) {
                ringing.provisional(response);
            }
        }

        @Override
        public void answered(CalleeForks.Fork fork, Dialog dialog, SIPResponse ok) {
            ringing.answered(fork, dialog, ok);
        }

        @Override
        public void answerRetransmitted() {
            dialogs.ackCalleeAgain();
        }

        @Override
        public void allFailed(int status, String reason) {
            if (state == State.RINGING) {
                ending.finish(status, reason, "callee answered " + status);
            } else if (state == State.TRANSFERRING) {
                routing.transferRefused(status);
            }
        }

        @Override
        public void agentRefused(String agent, String why) {
            if (state == State.QUEUED) {
                routing.agentRefused(agent, why);
            }
        }
    }

    /** Media reports, on the call's loop. */
    private final class MediaEvents implements CallMedia.Events {
        @Override
        public void mediaTimedOut(CallLeg.Side side) {
            if (state.callerAnswered()) {
                log.warn("call {}: no RTP from the {} for {} s, hanging up", id(),
                        side == CallLeg.Side.A ? "caller" : "callee", host.rtpTimeout().toSeconds());
                hangup("RTP timeout on " + (side == CallLeg.Side.A ? "caller" : "callee") + " leg");
            }
        }

        @Override
        public void digit(CallLeg.Side side, char digit, int durationMs, DigitSource source) {
            // the digit itself is not logged: it may be a card number or a CPF (LGPD)
            log.debug("call {}: key press from the {} ({}, {} ms)", id(), side == CallLeg.Side.A ? "caller" : "callee",
                    source, durationMs);
            try {
                observer.onDigit(id, side, digit, durationMs, source);
            } catch (RuntimeException e) {
                log.error("call {}: call observer failed", id(), e);
            }
            IvrRun ivr = routing.ivr();
            if (ivr != null && side == CallLeg.Side.A) {
                ivr.digit(digit, durationMs);
            } else if (side == CallLeg.Side.A && state == State.QUEUED) {
                routing.queueDigit(digit);
            }
        }

        @Override
        public void playbackDone(CallLeg.Side side, boolean interrupted) {
            IvrRun ivr = routing.ivr();
            if (ivr != null && side == CallLeg.Side.A) {
                ivr.playbackDone();
            }
        }
    }
}
