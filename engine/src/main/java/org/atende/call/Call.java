package org.atende.call;

import static org.atende.call.SipBodies.copyBody;
import static org.atende.call.SipBodies.hasBody;
import static org.atende.call.SipBodies.setSdp;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sip.address.Address;
import javax.sip.address.URI;
import org.atende.call.MediaNegotiation.Outcome;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.registrar.Binding;
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
 * <p>Its collaborators: {@link CalleeForks} (the INVITEs to the callee), {@link InDialogRelay} (requests passed
 * between the dialogs), {@link CallMedia} (each leg's offer/answer and the media session), {@link QueuedCall} (a
 * stay in a queue), {@link IvrRun} (a flow on the caller's leg), {@link CallReport} (what an ended call leaves).
 * Over 400 lines still, and knowingly: the routing of an answered caller (transfer, queue, overflow, survey) and the
 * caller's SDP state are the next to move out.
 */
public final class Call {

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

    /** How long the callee's phones ring before the caller gets 480 (an INVITE transaction never ends by itself). */
    static final Duration RING_TIMEOUT = Duration.ofSeconds(120);

    private final CallHost host;
    /** The caller's INVITE and our responses to it. */
    private final CallerInvite invite;
    private final String id;
    private final String bTag = SipBuilder.newTag();
    private final String bCallId;
    private final CallerId caller;
    private final String extension;
    private final String dialled;
    private final MediaPolicy policy;
    /** The anchored media, or null for direct media; dropped when the call ends (Timer M may keep the call). */
    private CallMedia media;
    /** The SDP of the legs' SIP messages while there is anchored media, null otherwise (dropped with it). */
    private CallSdp sdp;
    private final boolean anchored;
    private final CallObserver observer;
    /** The IVR running on the caller's leg, or null. */
    private IvrRun ivr;
    /** The path the caller took through the IVR, once its flow ended. */
    private org.atende.ivr.Journey journey;
    /** The survey of the flow the caller came through, asked if the agent hangs up first. */
    private java.util.Optional<org.atende.config.flow.Survey> survey = java.util.Optional.empty();
    private IvrRun.Services ivrServices;
    private java.util.Map<String, String> surveyAnswers;
    /** The extension (or external number) rung after an IVR routed the call; null for direct calls. */
    private String calleeExtension;
    /** The carrier trunk an IVR routed the call through (to the external number {@code calleeExtension}). */
    private TrunkTarget trunk;
    /** The call's stay in an ACD queue (waiting, or talking to its agent), or null. */
    private QueuedCall queued;
    /** The last queue stay, for the call's record. */
    private QueuedCall lastQueued;
    /** Extensions this call keeps busy for the ACD (caller, callee outside a queue), released at the end. */
    private final java.util.Set<String> busyFor = new java.util.HashSet<>();
    private final Instant started;
    private final CalleeForks forks;
    private State state = State.ROUTING;
    private final CallDialogs dialogs;
    /** Requests passed between the two dialogs (direct media, INFO, and the like). */
    private final InDialogRelay relays;
    /** RFC 4028 session timers of the legs (anchored calls). */
    private final CallSessionTimers sessionTimers;
    private Instant answeredAt;
    private org.atende.sip.transaction.TimerService.Timer ringTimer;

    Call(CallHost host, ServerTransaction aInvite, CallerId caller, String extension, String dialled,
         MediaPolicy policy, CallObserver observer) {
        this.host = host;
        this.invite = new CallerInvite(host, aInvite);
        this.id = aInvite.request().getCallId().getCallId();
        this.caller = caller;
        this.extension = extension;
        this.dialled = dialled;
        this.policy = policy;
        this.observer = observer;
        this.media = policy.anchored() ? host.newCallMedia(id, policy.srtpToCallee(), new MediaEvents()) : null;
        this.anchored = policy.anchored();
        this.bCallId = host.newCallId();
        this.forks = new CalleeForks(host, id, new ForkEvents(), this::buildInvite);
        this.relays = new InDialogRelay(host, extension);
        this.sessionTimers = new CallSessionTimers(host, id, policy.anchored() ? host.sessionTimers()
                : new org.atende.config.SessionTimerConfig(false, host.sessionTimers().expires(),
                        host.sessionTimers().minSe()), this::hangup);
        this.sdp = media == null ? null : new CallSdp(media.negotiation(), host, sessionTimers, extension, caller.user());
        this.dialogs = new CallDialogs(host, this);
        this.started = host.clock().instant();
        if (caller.source().startsWith("extension ")) {
            markBusy(caller.user());
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
            end("session interval too small (RFC 4028 422)");
            return false;
        }
        if (sdp == null || !hasBody(invite.request())) {
            return true;
        }
        Optional<Outcome.Refused> refused = sdp.answerCaller(invite.request().getRawContent());
        refused.ifPresent(r -> finish(r.status(), r.reason(), "caller's media refused: " + r.reason()));
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
    void startFlow(IvrRun run, java.util.Optional<org.atende.config.flow.Survey> survey) {
        if (answerLocally()) {
            enter(State.IN_IVR);
            ivr = run;
            this.survey = survey;
            this.ivrServices = run.services();
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
            finish(r.status(), r.reason(), "no media for " + extension + ": " + r.reason());
            return false;
        }
        enter(State.IN_APPLICATION); // the flow or the application says which next
        answeredAt = host.clock().instant();
        SIPResponse answer = invite.ok(dialled);
        setSdp(answer, ((Outcome.Sdp) body).body());
        sendOk(answer);
        return true;
    }

    /** Sends our 200 to the caller: its dialog reaches the call from now on, its session timer runs. */
    private void sendOk(SIPResponse answer) {
        Dialog dialog = invite.dialog();
        dialogs.callerAnswered(dialog);
        sessionTimers.answeringCaller(invite.request(), answer, dialog);
        invite.send(answer);
    }

    /** The IVR's flow ended: its journey goes into the call's record. */
    void ivrFinished(org.atende.ivr.Journey path) {
        journey = path;
    }

    /** The survey ended: its answers go into the call's record. */
    void surveyFinished(java.util.Map<String, String> answers) {
        surveyAnswers = java.util.Map.copyOf(answers);
    }

    /**
     * The agent hung up first on a call that came through a flow with a survey: the caller stays on the line
     * and answers by keypad; the survey's end hangs up.
     */
    private boolean startSurvey() {
        if (survey.isEmpty() || media == null || ivrServices == null) {
            return false;
        }
        media.dropCallee();
        if (queued != null) {
            queued.ended(); // the agent is free (wrap-up) while the caller answers
            queued = null;
        }
        if (calleeExtension != null) {
            releaseBusy(calleeExtension); // likewise an extension the flow routed to
        }
        java.util.Map<String, String> variables = new java.util.HashMap<>();
        variables.put("caller", caller.user());
        variables.put("dialled", dialled);
        org.atende.ivr.SurveySession session = new org.atende.ivr.SurveySession(survey.get(), host.clock(), variables);
        survey = java.util.Optional.empty();
        ivr = new IvrRun(this, IvrRun.Interpreter.of(session), ivrServices, true);
        enter(State.IN_SURVEY);
        log.info("call {}: the agent hung up first; asking the caller the survey", id());
        ivr.start();
        return true;
    }

    /** The media of this call (anchored calls while they last), for the IVR. */
    CallMedia media() {
        return media;
    }

    /**
     * The IVR routes the (answered) caller to {@code target}: its phones are rung with Atende's offer while the
     * caller hears ringback; the first to answer is bridged. If nobody answers, the caller hears a busy tone
     * and the call ends.
     */
    void transferToExtension(String target) {
        if (!mayRoute()) {
            return;
        }
        enter(State.TRANSFERRING);
        calleeExtension = target;
        ivr = null;
        log.info("call {}: IVR routes {} to extension {}", id(), caller.user(), target);
        markBusy(target);
        host.lookupContacts(target, this::ring);
    }

    /**
     * The IVR routes the (answered) caller to an external number through a carrier trunk: one INVITE to the
     * trunk's proxy (answering its digest challenge once), ringback meanwhile, then the bridge; a busy tone and
     * the hang-up if the carrier refuses or nobody answers.
     */
    void transferToTrunk(String number, String trunkName) {
        if (!mayRoute()) {
            return;
        }
        enter(State.TRANSFERRING);
        calleeExtension = number;
        ivr = null;
        log.info("call {}: IVR routes {} to an external number through trunk {}", id(), caller.user(), trunkName);
        // handle, not whenComplete: a failed look-up is answered above; only a failure of this code is an error
        host.trunkTarget(trunkName).handleAsync((target, failure) -> {
            if (state != State.TRANSFERRING) {
                return null; // the caller hung up meanwhile
            }
            if (target == null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                transferFailed("trunk " + trunkName + ": " + (cause == null ? "unknown" : cause.getMessage()));
                return null;
            }
            trunk = target;
            forks.throughTrunk(target);
            ringDestinations(List.of(new CalleeForks.Destination(target.requestUri(number), target.destination(),
                    number)));
            return null;
        }, host.loop()).exceptionally(e -> {
            log.error("call {}: routing through trunk {} failed", id(), trunkName, e);
            hangup("internal error routing through trunk " + trunkName);
            return null;
        });
    }

    /**
     * The IVR routes the (answered) caller to an ACD queue with the flow's variables (skills, priority, language
     * among them). The caller hears the queue's hold prompts until an agent the ACD offers the call to answers,
     * or the queue overflows ({@link QueuedCall}).
     */
    void enterQueue(String name, java.util.Map<String, String> variables) {
        if (!mayRoute() || media == null) {
            return;
        }
        java.util.Optional<org.atende.config.QueueConfig> config = host.queueConfig(name);
        ivr = null;
        if (host.queues() == null || config.isEmpty()) {
            log.warn("call {}: queue {} is not configured", id(), name);
            transferFailed("no queue " + name);
            return;
        }
        if (config.get().survey().isPresent()) {
            survey = config.get().survey();
        }
        QueuedCall stay = new QueuedCall(this, host, config.get(), variables);
        queued = stay;
        lastQueued = stay;
        enter(State.QUEUED);
        if (!stay.start()) {
            queued = null; // counted and logged by the ACD; the caller hears the busy tone
            transferFailed("queue " + name + " refused the call (ACD overloaded or stopping)");
        }
    }

    /** Whether {@code stay} is this call's current queue stay, with the caller still on the line. */
    boolean inQueue(QueuedCall stay) {
        return queued == stay && state.callerAnswered();
    }

    /**
     * Whether the answered caller may be sent on (an IVR's route, a queue's overflow): it is in a flow or waiting
     * in a queue, not already ringing someone or talking to them.
     */
    private boolean mayRoute() {
        return state == State.IN_IVR || state == State.QUEUED;
    }

    /**
     * Rings {@code agentExtension}'s phones for the waiting caller with Atende's offer.
     *
     * @return null when the INVITEs went out, else why not
     */
    String ringAgent(String agentExtension, List<Binding> bindings) {
        if (sdp.calleeOffer() == null) {
            Optional<Outcome.Refused> refused = sdp.offerCallee();
            if (refused.isPresent()) {
                return "no media: " + refused.get().reason();
            }
        }
        forks.ring(CalleeForks.Destination.contacts(bindings, agentExtension), agentExtension);
        log.debug("call {}: offering to agent {} on {} contact(s)", id(), agentExtension, bindings.size());
        return null;
    }

    /** Stops ringing {@code agentExtension}'s phones for this call (a late 2xx is taken down). */
    void withdrawAgent(String agentExtension) {
        forks.withdraw(agentExtension);
    }

    /** The queue sends the waiting caller on: another queue, an extension, a flow or an external number. */
    void overflowed(QueuedCall stay, org.atende.config.flow.Node.Target target) {
        queued = null;
        media.stopPlaybackToCaller();
        routeTo(target, stay.variables());
    }

    /**
     * Sends the answered caller to {@code target} (an IVR's route, a queue's overflow) with the call's variables:
     * an extension or an external number rings with ringback, a queue holds, a flow runs.
     */
    void routeTo(org.atende.config.flow.Node.Target target, java.util.Map<String, String> variables) {
        if (target instanceof org.atende.config.flow.Node.Target.Extension e) {
            transferToExtension(e.extension());
        } else if (target instanceof org.atende.config.flow.Node.Target.External x) {
            transferToTrunk(x.number(), x.trunk());
        } else if (target instanceof org.atende.config.flow.Node.Target.Queue q) {
            enterQueue(q.queue(), variables);
        } else if (target instanceof org.atende.config.flow.Node.Target.Flow f) {
            java.util.Optional<IvrRun> run = host.flowRun(this, f.flow(), variables);
            if (run.isEmpty()) {
                transferFailed("no flow " + f.flow());
                return;
            }
            ivr = run.get();
            enter(State.IN_IVR);
            ivr.start();
        }
    }

    /**
     * {@code ext} is on this call (not a queue call): no queue call rings it meanwhile. Said before the callee's
     * contacts are looked up, so before its phones ring: a queue offer checks it at ring time, on the same owner.
     */
    private void markBusy(String ext) {
        if (host.queues() != null && busyFor.add(ext)) {
            host.otherCall(ext, true);
        }
    }

    private void releaseBusy(String ext) {
        if (busyFor.remove(ext)) {
            host.otherCall(ext, false);
        }
    }

    private void startRecording() {
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

    /**
     * A call to an extension: the extension is marked busy first (so no queue offer rings it meanwhile), then its
     * contacts are looked up and rung.
     */
    void ringCallee() {
        markBusy(extension);
        host.lookupContacts(extension, this::ring);
    }

    /** The callee's contacts are known: fork the call to each, or answer 480 when there is none. */
    private void ring(List<Binding> bindings) {
        ringDestinations(CalleeForks.Destination.contacts(bindings,
                calleeExtension != null ? calleeExtension : extension));
    }

    private void ringDestinations(List<CalleeForks.Destination> destinations) {
        if (state != State.ROUTING && state != State.TRANSFERRING) {
            return; // cancelled or stopped while the contacts were looked up
        }
        if (destinations.isEmpty()) {
            if (state == State.TRANSFERRING) {
                transferFailed("extension " + calleeExtension + " not registered");
            } else {
                finish(480, "Temporarily Unavailable", "callee not registered");
            }
            return;
        }
        Optional<Outcome.Refused> refused = sdp == null ? Optional.empty() : sdp.offerCallee();
        if (refused.isPresent()) {
            finish(refused.get().status(), refused.get().reason(), "no media for callee: " + refused.get().reason());
            return;
        }
        if (state == State.TRANSFERRING) {
            media.playRingback();
        } else {
            enter(State.RINGING);
        }
        ringTimer = host.timers().schedule(RING_TIMEOUT, this::ringTimedOut);
        forks.ring(destinations, null);
        log.debug("call {}: ringing {} on {} contact(s)", id(), extension, forks.size());
    }

    private void ringTimedOut() {
        if (state == State.TRANSFERRING) {
            cancelForks(null);
            transferFailed("no answer within " + RING_TIMEOUT.toSeconds() + " s");
        } else if (state == State.RINGING) {
            cancelForks(null);
            finish(480, "Temporarily Unavailable", "no answer within " + RING_TIMEOUT.toSeconds() + " s");
        }
    }

    /** The caller cancelled before an answer (RFC 3261 §9.2): the layer already answered the CANCEL. */
    void onCancel() {
        if (state == State.ROUTING || state == State.RINGING) {
            cancelForks(null);
            finish(487, "Request Terminated", "cancelled by caller");
        }
    }

    /** Ends the call from inside Atende (graceful stop, ACK timeout): BYE to answered legs, 503/487 otherwise. */
    public void hangup(String reason) {
        switch (state) {
            case ROUTING, RINGING -> {
                cancelForks(null);
                finish(503, "Service Unavailable", reason);
            }
            case TRANSFERRING, QUEUED -> {
                cancelForks(null);
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

    // ---- B leg construction and responses ----

    private SIPRequest buildInvite(CalleeForks.Destination destination) {
        try {
            URI requestUri = SipBuilder.ADDRESSES.createURI(destination.uri());
            // towards a carrier: its host in From and To, and the presented number (most carriers check both)
            String presented = trunk != null ? trunk.callerId().orElse(caller.user()) : caller.user();
            String domain = trunk != null ? trunk.proxy().host() : host.domain();
            Address from = SipBuilder.ADDRESSES.createAddress(SipBuilder.sipUri(presented, domain));
            if (caller.displayName() != null && !caller.displayName().isBlank() && trunk == null) {
                from.setDisplayName(caller.displayName());
            }
            Address to = SipBuilder.ADDRESSES.createAddress(SipBuilder.sipUri(destination.user(), domain));
            SIPRequest aRequest = invite.request();
            int maxForwards = aRequest.getMaxForwards() == null ? 70 : aRequest.getMaxForwards().getMaxForwards() - 1;
            var lp = host.listenPoint(destination.peer());
            SIPRequest invite = (SIPRequest) SipBuilder.MESSAGES.createRequest(requestUri, SIPRequest.INVITE,
                    SipBuilder.HEADERS.createCallIdHeader(bCallId),
                    SipBuilder.HEADERS.createCSeqHeader(1L, SIPRequest.INVITE),
                    SipBuilder.HEADERS.createFromHeader(from, bTag),
                    SipBuilder.HEADERS.createToHeader(to, null),
                    List.of(SipBuilder.via(lp)),
                    SipBuilder.HEADERS.createMaxForwardsHeader(maxForwards));
            invite.setHeader(SipBuilder.contact(presented, lp));
            invite.setHeader(SipBuilder.HEADERS.createUserAgentHeader(List.of(SipBuilder.USER_AGENT)));
            SipBuilder.capabilities(invite);
            sessionTimers.offering(invite);
            if (sdp != null) {
                setSdp(invite, sdp.calleeOffer());
            } else {
                copyBody(aRequest, invite);
            }
            return invite;
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException("cannot build INVITE to " + destination.uri(), e);
        }
    }

    /** The first contact to answer that the call still wants; the other forks are being cancelled. */
    private void onForkAnswered(CalleeForks.Fork fork, Dialog dialog, SIPResponse ok) {
        dialogs.calleeAnswered(dialog);
        sessionTimers.calleeAnswered(ok, dialog);
        if (ringTimer != null) {
            ringTimer.cancel();
        }
        if (fork.agent != null) {
            agentAnswered(fork, ok);
            return;
        }
        if (state == State.TRANSFERRING) {
            Optional<Outcome.Refused> refused = sdp.calleeAnswered(ok);
            ackB(null);
            enter(State.BRIDGED);
            if (refused.isPresent()) {
                hangup("callee's media refused: " + refused.get().reason());
                return;
            }
            media.stopPlaybackToCaller();
            media.bridge();
            if (trunk != null) {
                log.info("call {} answered: {} -> external number through trunk {} (from the IVR)", id(),
                        caller.user(), trunk.trunk());
            } else {
                log.info("call {} answered: {} -> {} by {} (from the IVR)", id(), caller.user(), calleeExtension,
                        fork.destination.uri());
            }
            return;
        }
        byte[] aBody = null;
        if (sdp != null) {
            // a 2xx without SDP stands on the answer the callee's 18x gave (early media)
            Optional<Outcome.Refused> refused = hasBody(ok) || !sdp.calleeAgreed() ? sdp.calleeAnswered(ok)
                    : Optional.empty();
            if (refused.isPresent()) {
                // the callee answered with media we cannot use: take its leg down and tell the caller
                forks.answerRefused(dialog, ok);
                dialogs.forgetCallee();
                finish(refused.get().status(), refused.get().reason(), "callee's media refused: "
                        + refused.get().reason());
                return;
            }
            aBody = sdp.callerAnswerAfterCallee();
        }
        enter(State.BRIDGED);
        answeredAt = host.clock().instant();

        SIPResponse answer = invite.ok(extension);
        if (sdp != null) {
            setSdp(answer, aBody);
        } else {
            copyBody(ok, answer);
        }
        sendOk(answer);
        if (sdp != null) {
            ackB(null);
            media.bridge();
            startRecording();
        } else if (hasBody(invite.request())) {
            ackB(null);
        } else {
            dialogs.awaitCallerAck(ok); // delayed offer: the caller's ACK carries the answer for B
        }
        log.info("call {} answered: {} -> {} by {}", id(), caller.user(), extension, fork.destination.uri());
    }

    /** A queue agent answered the offer: bridge it, and the queue withdraws the other offers. */
    private void agentAnswered(CalleeForks.Fork fork, SIPResponse ok) {
        enter(State.BRIDGED);
        calleeExtension = fork.agent;
        forks.withdrawAllBut(fork);
        Optional<Outcome.Refused> refused = sdp.calleeAnswered(ok);
        ackB(null);
        queued.agentAnswered(fork.agent);
        if (refused.isPresent()) {
            hangup("agent's media refused: " + refused.get().reason());
            return;
        }
        media.stopPlaybackToCaller();
        media.bridge();
        log.info("call {} answered: {} -> agent {} (queue {})", id(), caller.user(), fork.agent, queued.queue());
    }

    /** ACKs the callee's 2xx; with the caller's ACK's body ({@code aAck}) after a delayed offer, else null. */
    private void ackB(SIPRequest aAck) {
        dialogs.ackCallee(forks.answered().orElseThrow().cseq, aAck);
    }

    /** Nobody took the IVR's transfer: the caller hears a busy tone for a moment, then the call ends. */
    private void transferFailed(String why) {
        enter(State.CLOSING);
        if (ringTimer != null) {
            ringTimer.cancel();
        }
        log.info("call {}: transfer failed: {}", id(), why);
        if (media != null) {
            media.playBusy(() -> hangup(why));
        } else {
            hangup(why);
        }
    }

    private void relayProvisional(SIPResponse provisional) {
        SIPResponse relayed = invite.provisional(provisional.getStatusCode(), provisional.getReasonPhrase(),
                extension);
        if (sdp == null) {
            copyBody(provisional, relayed);
        } else {
            byte[] early = sdp.earlyMedia(provisional);
            if (early != null) {
                setSdp(relayed, early);
                media.bridge();
            }
        }
        invite.send(relayed);
    }

    private void cancelForks(CalleeForks.Fork except) {
        forks.cancel(except);
    }

    /** Answers the caller with a final failure and ends the call. */
    private void finish(int status, String reason, String why) {
        invite.refuse(status, reason);
        end(why);
    }

    // ---- in-dialog traffic ----

    /** A request inside one of the call's dialogs (CSeq already checked). */
    void onRequest(CallLeg from, ServerTransaction tx) {
        SIPRequest request = tx.request();
        Dialog other = dialogs.of(from.side().other());
        switch (request.getMethod()) {
            case SIPRequest.BYE -> {
                tx.respond(200);
                if (state == State.TRANSFERRING || state == State.QUEUED) {
                    cancelForks(null); // the caller gave up while the IVR's transfer or a queue offer was ringing
                }
                if (from.side() == CallLeg.Side.B && survey.isPresent()) {
                    dialogs.calleeHungUp();
                    if (startSurvey()) {
                        return;
                    }
                }
                dialogs.bye(from.side().other());
                end("BYE from " + (from.side() == CallLeg.Side.A ? "caller" : "callee"));
            }
            case SIPRequest.INVITE, "UPDATE" -> {
                if (relays.offerPending()) {
                    tx.respond(491); // RFC 3261 §14.2: a re-INVITE is already in progress
                    return;
                }
                from.dialog().refreshTarget(request);
                if (sdp == null) {
                    relay(from, other, tx);
                } else if (!state.callerAnswered()) {
                    tx.respond(SIPRequest.INVITE.equals(request.getMethod()) ? 491 : 200);
                } else {
                    sdp.answerInDialog(from.side(), tx); // anchored media: answered for its own leg
                }
            }
            case "INFO" -> {
                if (media != null && request.getContentTypeHeader() != null
                        && "application".equalsIgnoreCase(request.getContentTypeHeader().getContentType())) {
                    media.info(from.side(), request.getContentTypeHeader().getContentSubType(),
                            request.getRawContent());
                }
                if (other == null) {
                    tx.respond(state.callerAnswered() ? 200 : 481); // an application leg: nobody to relay to
                } else {
                    relay(from, other, tx);
                }
            }
            default -> relay(from, other, tx);
        }
    }

    /** The ACK for a 2xx we sent on {@code leg}'s dialog. */
    void onAck(CallLeg leg, SIPRequest ack) {
        if (sdp != null && sdp.owesAnswerInAck(leg.side())) {
            sdp.answeredInAck(leg.side(), ack).ifPresent(r -> hangup("no usable SDP answer in the "
                    + (leg.side() == CallLeg.Side.A ? "caller" : "callee") + "'s ACK: " + r.reason()));
            return;
        }
        if (leg.side() == CallLeg.Side.A && dialogs.awaitingCallerAck()) {
            ackB(ack);
        } else {
            relays.onAck(leg.side(), ack);
        }
    }

    private void relay(CallLeg from, Dialog target, ServerTransaction tx) {
        if (target == null || !state.callerAnswered()) {
            tx.respond(481);
            return;
        }
        relays.relay(from.side(), target, tx);
    }

    private void end(String why) {
        if (state == State.ENDED) {
            return;
        }
        enter(State.ENDED);
        if (queued != null) {
            queued.ended();
        }
        List.copyOf(busyFor).forEach(this::releaseBusy);
        if (ivr != null) {
            ivr.callEnded();
            ivr = null;
        }
        List<CallRecord.LegMedia> figures = List.of();
        java.util.concurrent.CompletableFuture<org.atende.media.recorder.RecordingResult> recording = null;
        if (media != null) {
            figures = media.figures();
            media.close();
            recording = media.recording();
            media = null; // sockets are closed; the endpoints' buffers and statistics go with it
            sdp = null;
        }
        invite.release();
        relays.clear();
        sessionTimers.cancel();
        if (ringTimer != null) {
            ringTimer.cancel();
        }
        // the answered fork's transaction keeps this call reachable until Timer M: keep nothing heavy
        dialogs.release();
        forks.clear();
        Instant now = host.clock().instant();
        host.ended(this);
        CallReport.callEnded(host, observer, recording, new CallRecord(id, caller.user(), dialled, extension, started,
                answeredAt, now, why, figures, null, journey, surveyAnswers,
                lastQueued == null ? null : lastQueued.visit()));
    }

    /** The one place the state changes: a DEBUG line per transition, with the call id. */
    private void enter(State next) {
        if (state != next) {
            log.debug("call {}: {} -> {}", id, state, next);
            state = next;
        }
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
                relayProvisional(response);
            }
        }

        @Override
        public void answered(CalleeForks.Fork fork, Dialog dialog, SIPResponse ok) {
            onForkAnswered(fork, dialog, ok);
        }

        @Override
        public void answerRetransmitted() {
            dialogs.ackCalleeAgain();
        }

        @Override
        public void allFailed(int status, String reason) {
            if (state == State.RINGING) {
                finish(status, reason, "callee answered " + status);
            } else if (state == State.TRANSFERRING) {
                transferFailed((trunk != null ? "trunk " + trunk.trunk() : "extension " + calleeExtension)
                        + " answered " + status);
            }
        }

        @Override
        public void agentRefused(String agent, String why) {
            if (state == State.QUEUED) {
                queued.agentRefused(agent, why);
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
        public void digit(CallLeg.Side side, char digit, int durationMs, org.atende.media.session.DigitSource source) {
            // the digit itself is not logged: it may be a card number or a CPF (LGPD)
            log.debug("call {}: key press from the {} ({}, {} ms)", id(), side == CallLeg.Side.A ? "caller" : "callee",
                    source, durationMs);
            try {
                observer.onDigit(id, side, digit, durationMs, source);
            } catch (RuntimeException e) {
                log.error("call {}: call observer failed", id(), e);
            }
            if (ivr != null && side == CallLeg.Side.A) {
                ivr.digit(digit, durationMs);
            }
        }

        @Override
        public void playbackDone(CallLeg.Side side, boolean interrupted) {
            if (ivr != null && side == CallLeg.Side.A) {
                ivr.playbackDone();
            }
        }
    }
}
