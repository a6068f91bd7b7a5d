package org.atende.call;

import gov.nist.javax.sip.header.ContentType;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.ContentTypeHeader;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.registrar.Binding;
import org.atende.sip.transaction.ClientTransaction;
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
    private final ServerTransaction aInvite;
    /** The caller's INVITE; dropped when the call ends (late responses may keep the call reachable for 32 s). */
    private SIPRequest aRequest;
    private final String id;
    private final String aTag = SipBuilder.newTag();
    private final String bTag = SipBuilder.newTag();
    private final String bCallId;
    private final CallerId caller;
    private final String extension;
    private final String dialled;
    private final MediaPolicy policy;
    /** The anchored media, or null for direct media; dropped when the call ends (Timer M may keep the call). */
    private CallMedia media;
    private final boolean anchored;
    private final CallObserver observer;
    /** Our answer to the caller's offer (anchored calls whose INVITE had SDP). */
    private byte[] aAnswerSdp;
    /** Whether aAnswerSdp has left in an 18x or the 200 (from then on it cannot change). */
    private boolean aAnswerSent;
    /** Our SDP offer to the callee's contacts (anchored calls). */
    private byte[] bOfferSdp;
    /** Sides that got our offer in a 2xx and owe the answer in their ACK (delayed offer, re-INVITE without SDP). */
    private final java.util.EnumSet<CallLeg.Side> answerOwedInAck = java.util.EnumSet.noneOf(CallLeg.Side.class);
    private String endReason;
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
    private Dialog aDialog;
    private Dialog bDialog;
    private SIPRequest bAck;
    private SIPResponse pendingB2xx;
    /** Requests passed between the two dialogs (direct media, INFO, and the like). */
    private final InDialogRelay relays;
    /** RFC 4028 session timers of the legs (anchored calls). */
    private final CallSessionTimers sessionTimers;
    private Instant answeredAt;
    private org.atende.sip.transaction.TimerService.Timer ringTimer;

    Call(CallHost host, ServerTransaction aInvite, CallerId caller, String extension, String dialled,
         MediaPolicy policy, CallObserver observer) {
        this.host = host;
        this.aInvite = aInvite;
        this.aRequest = aInvite.request();
        this.id = aRequest.getCallId().getCallId();
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
        return aInvite;
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
        java.util.Optional<Duration> minSe = sessionTimers.tooBrief(aRequest);
        if (minSe.isPresent()) {
            SIPResponse brief = aRequest.createResponse(422, "Session Interval Too Small");
            setToTag(brief, aTag);
            try {
                brief.setHeader(SipBuilder.HEADERS.createHeader("Min-SE", Long.toString(minSe.get().toSeconds())));
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
            aInvite.sendResponse(brief);
            end("session interval too small (RFC 4028 422)");
            return false;
        }
        if (media == null || !hasBody(aRequest)) {
            return true;
        }
        MediaNegotiation.Outcome outcome = media.negotiation().answer(CallLeg.Side.A, aRequest.getRawContent());
        if (outcome instanceof MediaNegotiation.Outcome.Refused r) {
            finish(r.status(), r.reason(), "caller's media refused: " + r.reason());
            return false;
        }
        aAnswerSdp = ((MediaNegotiation.Outcome.Sdp) outcome).body();
        return true;
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
        byte[] body = aAnswerSdp;
        aAnswerSent = true;
        if (body == null) {
            MediaNegotiation.Outcome offer = media.negotiation().offer(CallLeg.Side.A);
            if (offer instanceof MediaNegotiation.Outcome.Refused r) {
                finish(r.status(), r.reason(), "no media for " + extension + ": " + r.reason());
                return false;
            }
            body = ((MediaNegotiation.Outcome.Sdp) offer).body();
            answerOwedInAck.add(CallLeg.Side.A);
        }
        enter(State.IN_APPLICATION); // the flow or the application says which next
        answeredAt = host.clock().instant();
        SIPResponse answer = aRequest.createResponse(200);
        SipBuilder.capabilities(answer);
        setToTag(answer, aTag);
        answer.setHeader(SipBuilder.contact(dialled, host.listenPoint(aInvite.source())));
        setSdp(answer, body);
        aDialog = Dialog.asUas(aRequest, aTag, aInvite.source(), host.listenPoint(aInvite.source()),
                Dialog.State.CONFIRMED);
        host.bind(aDialog, new CallLeg(this, CallLeg.Side.A, aDialog));
        sessionTimers.answeringCaller(aRequest, answer, aDialog);
        aInvite.sendResponse(answer);
        return true;
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
        if (bOfferSdp == null) {
            MediaNegotiation.Outcome offer = media.negotiation().offer(CallLeg.Side.B);
            if (offer instanceof MediaNegotiation.Outcome.Refused r) {
                return "no media: " + r.reason();
            }
            bOfferSdp = ((MediaNegotiation.Outcome.Sdp) offer).body();
        }
        forks.ring(bindings.stream().map(b -> new CalleeForks.Destination(b.contactUri(), b.destination(),
                agentExtension)).toList(), agentExtension);
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
        String user = calleeExtension != null ? calleeExtension : extension;
        ringDestinations(bindings.stream()
                .map(b -> new CalleeForks.Destination(b.contactUri(), b.destination(), user)).toList());
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
        if (media != null) {
            MediaNegotiation.Outcome offer = media.negotiation().offer(CallLeg.Side.B);
            if (offer instanceof MediaNegotiation.Outcome.Refused r) {
                finish(r.status(), r.reason(), "no media for callee: " + r.reason());
                return;
            }
            bOfferSdp = ((MediaNegotiation.Outcome.Sdp) offer).body();
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
                sendBye(aDialog);
                end(reason);
            }
            case IN_APPLICATION, IN_IVR, BRIDGED, IN_SURVEY, CLOSING -> {
                sendBye(aDialog);
                sendBye(bDialog);
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
            if (media != null) {
                setSdp(invite, bOfferSdp);
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
        bDialog = dialog;
        host.bind(bDialog, new CallLeg(this, CallLeg.Side.B, bDialog));
        sessionTimers.calleeAnswered(ok, dialog);
        if (ringTimer != null) {
            ringTimer.cancel();
        }
        if (fork.agent != null) {
            agentAnswered(fork, ok);
            return;
        }
        if (state == State.TRANSFERRING) {
            MediaNegotiation.Outcome agreed = hasBody(ok) ? media.negotiation().answered(CallLeg.Side.B, ok.getRawContent())
                    : new MediaNegotiation.Outcome.Refused(488, "Not Acceptable Here");
            ackB(null);
            enter(State.BRIDGED);
            if (agreed instanceof MediaNegotiation.Outcome.Refused r) {
                hangup("callee's media refused: " + r.reason());
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
        if (media != null) {
            MediaNegotiation.Outcome agreed = hasBody(ok) ? media.negotiation().answered(CallLeg.Side.B, ok.getRawContent())
                    : media.negotiation().agreed(CallLeg.Side.B) ? null : new MediaNegotiation.Outcome.Refused(488, "Not Acceptable Here");
            if (agreed instanceof MediaNegotiation.Outcome.Refused r) {
                // the callee answered with media we cannot use: take its leg down and tell the caller
                forks.answerRefused(dialog, ok);
                bDialog = null;
                host.unbind(dialog);
                finish(r.status(), r.reason(), "callee's media refused: " + r.reason());
                return;
            }
            aBody = callerAnswer();
            if (aBody == null) {
                MediaNegotiation.Outcome offer = media.negotiation().offer(CallLeg.Side.A);
                aBody = offer instanceof MediaNegotiation.Outcome.Sdp sdp ? sdp.body() : null;
                answerOwedInAck.add(CallLeg.Side.A);
            }
        }
        enter(State.BRIDGED);
        answeredAt = host.clock().instant();

        SIPResponse answer = aRequest.createResponse(200);
        SipBuilder.capabilities(answer);
        setToTag(answer, aTag);
        answer.setHeader(SipBuilder.contact(extension, host.listenPoint(aInvite.source())));
        if (media != null) {
            setSdp(answer, aBody);
        } else {
            copyBody(ok, answer);
        }
        aDialog = Dialog.asUas(aRequest, aTag, aInvite.source(), host.listenPoint(aInvite.source()),
                Dialog.State.CONFIRMED);
        host.bind(aDialog, new CallLeg(this, CallLeg.Side.A, aDialog));
        sessionTimers.answeringCaller(aRequest, answer, aDialog);
        aInvite.sendResponse(answer);
        if (media != null) {
            ackB(null);
            media.bridge();
            startRecording();
        } else if (hasBody(aRequest)) {
            ackB(null);
        } else {
            pendingB2xx = ok; // delayed offer: the caller's ACK carries the answer for B
        }
        log.info("call {} answered: {} -> {} by {}", id(), caller.user(), extension, fork.destination.uri());
    }

    /** A queue agent answered the offer: bridge it, and the queue withdraws the other offers. */
    private void agentAnswered(CalleeForks.Fork fork, SIPResponse ok) {
        enter(State.BRIDGED);
        calleeExtension = fork.agent;
        forks.withdrawAllBut(fork);
        MediaNegotiation.Outcome agreed = hasBody(ok) ? media.negotiation().answered(CallLeg.Side.B, ok.getRawContent())
                : new MediaNegotiation.Outcome.Refused(488, "Not Acceptable Here");
        ackB(null);
        queued.agentAnswered(fork.agent);
        if (agreed instanceof MediaNegotiation.Outcome.Refused r) {
            hangup("agent's media refused: " + r.reason());
            return;
        }
        media.stopPlaybackToCaller();
        media.bridge();
        log.info("call {} answered: {} -> agent {} (queue {})", id(), caller.user(), fork.agent, queued.queue());
    }

    private void ackB(SIPRequest aAck) {
        bAck = bDialog.ack(forks.answered().orElseThrow().cseq);
        if (aAck != null) {
            copyBody(aAck, bAck);
        }
        host.transactions().sendStateless(bAck, bDialog.peer());
        pendingB2xx = null;
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
        SIPResponse relayed = aRequest.createResponse(provisional.getStatusCode(), provisional.getReasonPhrase());
        setToTag(relayed, aTag);
        relayed.setHeader(SipBuilder.contact(extension, host.listenPoint(aInvite.source())));
        if (media == null) {
            copyBody(provisional, relayed);
        } else if (hasBody(provisional) && aAnswerSdp != null
                && media.negotiation().answered(CallLeg.Side.B, provisional.getRawContent()) instanceof MediaNegotiation.Outcome.Sdp) {
            // early media (ringback or announcements from the callee's side) through our anchored legs
            setSdp(relayed, callerAnswer());
            media.bridge();
        }
        aInvite.sendResponse(relayed);
    }

    /**
     * Our answer to the caller's offer as it leaves the first time, chosen again now that the callee's codec is
     * known (so that both legs share one when the caller offered it), and unchanged after that.
     */
    private byte[] callerAnswer() {
        if (!aAnswerSent && aAnswerSdp != null) {
            aAnswerSdp = media.negotiation().answerAgain(CallLeg.Side.A, aAnswerSdp);
            aAnswerSent = true;
        }
        return aAnswerSdp;
    }

    private void cancelForks(CalleeForks.Fork except) {
        forks.cancel(except);
    }

    /** Answers the caller with a final failure and ends the call. */
    private void finish(int status, String reason, String why) {
        if (aInvite.state() == org.atende.sip.transaction.TransactionState.PROCEEDING
                || aInvite.state() == org.atende.sip.transaction.TransactionState.TRYING) {
            SIPResponse response = aRequest.createResponse(status, reason);
            setToTag(response, aTag);
            aInvite.sendResponse(response);
        }
        end(why);
    }

    // ---- in-dialog traffic ----

    /** A request inside one of the call's dialogs (CSeq already checked). */
    void onRequest(CallLeg from, ServerTransaction tx) {
        SIPRequest request = tx.request();
        Dialog other = from.side() == CallLeg.Side.A ? bDialog : aDialog;
        switch (request.getMethod()) {
            case SIPRequest.BYE -> {
                tx.respond(200);
                if (state == State.TRANSFERRING || state == State.QUEUED) {
                    cancelForks(null); // the caller gave up while the IVR's transfer or a queue offer was ringing
                }
                if (from.side() == CallLeg.Side.B && survey.isPresent()) {
                    bDialog.terminate();
                    host.unbind(bDialog);
                    bDialog = null;
                    if (startSurvey()) {
                        return;
                    }
                }
                sendBye(other);
                end("BYE from " + (from.side() == CallLeg.Side.A ? "caller" : "callee"));
            }
            case SIPRequest.INVITE, "UPDATE" -> {
                if (relays.offerPending()) {
                    tx.respond(491); // RFC 3261 §14.2: a re-INVITE is already in progress
                    return;
                }
                from.dialog().refreshTarget(request);
                if (media != null) {
                    answerLocally(from, tx);
                } else {
                    relay(from, other, tx);
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

    /**
     * Anchored media: a re-INVITE or UPDATE is answered here for its own leg (hold, resume, a new address or
     * codec); the other leg is not involved. Without SDP, a re-INVITE gets our offer and owes the answer in
     * its ACK.
     */
    private void answerLocally(CallLeg from, ServerTransaction tx) {
        SIPRequest request = tx.request();
        boolean invite = SIPRequest.INVITE.equals(request.getMethod());
        if (!state.callerAnswered()) {
            tx.respond(invite ? 491 : 200);
            return;
        }
        if (answerOwedInAck.contains(from.side())) {
            tx.respond(491); // our offer on this leg awaits its answer (RFC 3261 §14.2, RFC 6337 §3.1)
            return;
        }
        MediaNegotiation.Outcome outcome;
        if (hasBody(request)) {
            outcome = media.negotiation().answer(from.side(), request.getRawContent());
        } else if (invite) {
            outcome = media.negotiation().offer(from.side());
            if (outcome instanceof MediaNegotiation.Outcome.Sdp) {
                answerOwedInAck.add(from.side());
            }
        } else {
            SIPResponse ok = request.createResponse(200); // an UPDATE without SDP refreshes the session only
            SipBuilder.capabilities(ok);
            sessionTimers.refreshedBy(from.side(), ok);
            tx.sendResponse(ok);
            return;
        }
        if (outcome instanceof MediaNegotiation.Outcome.Refused r) {
            tx.sendResponse(request.createResponse(r.status(), r.reason())); // the old media stays (RFC 3261 §14.2)
            return;
        }
        SIPResponse ok = request.createResponse(200);
        SipBuilder.capabilities(ok);
        ok.setHeader(SipBuilder.contact(from.side() == CallLeg.Side.A ? extension : caller.user(),
                host.listenPoint(tx.source())));
        setSdp(ok, ((MediaNegotiation.Outcome.Sdp) outcome).body());
        sessionTimers.refreshedBy(from.side(), ok);
        tx.sendResponse(ok);
    }

    /** The ACK for a 2xx we sent on {@code leg}'s dialog. */
    void onAck(CallLeg leg, SIPRequest ack) {
        if (media != null && answerOwedInAck.remove(leg.side())) {
            MediaNegotiation.Outcome agreed = hasBody(ack) ? media.negotiation().answered(leg.side(), ack.getRawContent())
                    : new MediaNegotiation.Outcome.Refused(400, "ACK without the SDP answer");
            if (agreed instanceof MediaNegotiation.Outcome.Refused r && !media.negotiation().agreed(leg.side())) {
                hangup("no usable SDP answer in the " + (leg.side() == CallLeg.Side.A ? "caller" : "callee")
                        + "'s ACK: " + r.reason());
            }
            return;
        }
        if (leg.side() == CallLeg.Side.A && pendingB2xx != null) {
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

    private void sendBye(Dialog dialog) {
        if (dialog == null || dialog.state() == Dialog.State.TERMINATED) {
            return;
        }
        dialog.terminate();
        host.transactions().sendRequest(dialog.newRequest(SIPRequest.BYE), dialog.peer(), IgnoringListener.INSTANCE);
    }

    private void end(String why) {
        if (state == State.ENDED) {
            return;
        }
        enter(State.ENDED);
        endReason = why;
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
        }
        aRequest = null;
        pendingB2xx = null;
        relays.clear();
        sessionTimers.cancel();
        if (ringTimer != null) {
            ringTimer.cancel();
        }
        if (aDialog != null) {
            aDialog.terminate();
            host.unbind(aDialog);
        }
        if (bDialog != null) {
            bDialog.terminate();
            host.unbind(bDialog);
        }
        // the answered fork's transaction keeps this call reachable until Timer M: keep nothing heavy
        aDialog = null;
        bDialog = null;
        bAck = null;
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

    // ---- helpers ----

    private static void setToTag(SIPResponse response, String tag) {
        try {
            response.getTo().setTag(tag);
        } catch (ParseException e) {
            throw new IllegalStateException("invalid tag " + tag, e);
        }
    }

    static boolean hasBody(SIPMessage message) {
        return message.getRawContent() != null && message.getRawContent().length > 0;
    }

    private static void setSdp(SIPMessage message, byte[] sdp) {
        if (sdp == null) {
            return;
        }
        try {
            message.setContent(sdp, SipBuilder.HEADERS.createContentTypeHeader("application", "sdp"));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot set SDP", e);
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
            if (bAck != null && bDialog != null) {
                host.transactions().sendStateless(bAck, bDialog.peer()); // 2xx retransmitted: ACK again
            }
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

    static void copyBody(SIPMessage from, SIPMessage to) {
        byte[] body = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        if (body == null || body.length == 0 || type == null) {
            return;
        }
        try {
            to.setContent(body, (ContentType) type.clone());
        } catch (ParseException e) {
            throw new IllegalStateException("cannot copy body", e);
        }
    }

    /** For BYEs whose outcome changes nothing. */
    enum IgnoringListener implements ClientTransaction.Listener {
        INSTANCE;

        @Override
        public void onResponse(ClientTransaction tx, SIPResponse response) {
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
        }
    }
}
