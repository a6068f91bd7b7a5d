package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.sip.header.ToHeader;
import org.atende.sip.transport.LocalIdentity;
import org.atende.sip.registrar.Registrations;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.message.UasRequestChecks;
import org.atende.sip.transaction.ServerTransaction;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transaction.TransactionUser;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UAS core of one shard: takes each new server transaction and decides what it is (OPTIONS, REGISTER,
 * a new call, a request inside a call's dialog) and who handles it. Runs on the shard's event loop only.
 */
public final class SipCore implements TransactionUser, CallHost, IvrRun.Services {

    /** Methods Atende handles; anything else gets 501 (unknown) with this Allow list. */
    public static final List<String> ALLOWED = SipBuilder.ALLOWED_METHODS;

    private static final Logger log = LoggerFactory.getLogger(SipCore.class);

    private final int shard;
    private final int shards;
    private final Executor loop;
    private final Clock clock;
    private final CallServices services;
    private TransactionLayer transactions;
    private final Map<Dialog.Key, CallLeg> dialogs = new HashMap<>();
    private final Map<ServerTransaction, Call> pendingCalls = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    private final org.atende.sip.transaction.TimerService timers;
    private final ShardMedia media;

    /**
     * The media side of a shard: its context (loop, clock, ports), the codecs in preference order, the recorder
     * and where recordings go.
     */
    public record ShardMedia(org.atende.media.session.MediaContext context,
                             List<org.atende.media.sdp.Codec> codecs, CallMedia.Recordings recordings,
                             java.nio.file.Path recordingsDir) {
    }

    public SipCore(int shard, int shards, Executor loop, org.atende.sip.transaction.TimerService timers, Clock clock,
                   CallServices services, ShardMedia media) {
        this.media = media;
        this.timers = timers;
        this.shard = shard;
        this.shards = shards;
        this.loop = loop;
        this.clock = clock;
        this.services = services;
    }

    /** Set once, right after construction: the layer and its user refer to each other. */
    public void attach(TransactionLayer layer) {
        this.transactions = layer;
    }

    @Override
    public void onRequest(ServerTransaction tx) {
        SIPRequest request = tx.request();
        services.identity().stripOwnRoutes(request);
        var refusal = services.checks().check(request);
        if (refusal.isPresent()) {
            tx.sendResponse(refusal.get());
            return;
        }
        String toTag = request.getToTag();
        if (toTag != null && !toTag.isEmpty()) {
            onInDialogRequest(tx);
            return;
        }
        switch (request.getMethod()) {
            case SIPRequest.OPTIONS -> tx.sendResponse(optionsResponse(request));
            case SIPRequest.REGISTER -> onRegister(tx);
            case SIPRequest.INVITE -> onInvite(tx);
            case SIPRequest.BYE, "INFO", "UPDATE", "PRACK" -> tx.respond(481);
            default -> tx.respond(405);
        }
    }

    private void onRegister(ServerTransaction tx) {
        if (!services.identity().isLocal(tx.request().getRequestURI())) {
            tx.respond(404);
            return;
        }
        services.registrations().register(tx.request(), tx.source(), loop, tx::sendResponse);
    }

    private void onInvite(ServerTransaction tx) {
        SIPRequest invite = tx.request();
        if (services.stopping()) {
            SIPResponse busy = invite.createResponse(503, "Service Unavailable");
            try {
                busy.setHeader(SipBuilder.HEADERS.createRetryAfterHeader(30));
            } catch (javax.sip.InvalidArgumentException e) {
                throw new IllegalStateException(e);
            }
            tx.sendResponse(busy);
            return;
        }
        if (!services.identity().isLocal(invite.getRequestURI())) {
            tx.respond(404);
            return;
        }
        if (invite.getMaxForwards() != null && invite.getMaxForwards().getMaxForwards() <= 0) {
            tx.respond(483);
            return;
        }
        CallRoute route = services.router().route(invite, tx.source());
        if (route instanceof CallRoute.Respond r) {
            tx.sendResponse(r.response());
        } else if (route instanceof CallRoute.Reject r) {
            tx.sendResponse(invite.createResponse(r.status(), r.reason()));
        } else if (route instanceof CallRoute.ToExtension to) {
            Call call = admit(tx, to.caller(), to.extension(), to.dialled(), to.media(), "extension");
            if (call.acceptCallerMedia()) {
                call.ringCallee();
            }
        } else if (route instanceof CallRoute.ToFlow flow) {
            var config = services.flow(flow.flow());
            if (config.isEmpty()) {
                tx.respond(500);
                return;
            }
            Call call = admit(tx, flow.caller(), flow.flow(), flow.dialled(), flow.media(), "IVR flow");
            if (call.acceptCallerMedia()) {
                java.util.Map<String, String> variables = new java.util.HashMap<>();
                variables.put("caller", flow.caller().user());
                variables.put("dialled", flow.dialled());
                org.atende.ivr.FlowSession session = new org.atende.ivr.FlowSession(config.get(), clock, variables,
                        services::flow);
                call.startFlow(new IvrRun(call, session, this, config.get().silenceGap()),
                        flow.survey().or(() -> config.get().survey()));
            }
        } else if (route instanceof CallRoute.ToApplication app) {
            Call call = admit(tx, app.caller(), app.application(), app.dialled(), app.media(), "application");
            if (call.acceptCallerMedia()) {
                call.answerApplication(app.application());
            }
        }
    }

    /** A new call to {@code destination} (an extension, a flow or an application): counted, logged, tracked. */
    private Call admit(ServerTransaction tx, CallerId caller, String destination, String dialled, MediaPolicy policy,
                       String kind) {
        Call call = new Call(this, tx, caller, destination, dialled, policy, services.observer());
        calls.add(call);
        services.callStarted();
        pendingCalls.put(tx, call);
        log.info("call {} started: {} ({}) dialled {} -> {} {}{}", call.id(), caller.user(), caller.source(), dialled,
                kind, destination, describe(policy));
        return call;
    }

    private static String describe(MediaPolicy policy) {
        return (policy.anchored() ? "" : ", direct media") + (policy.record() ? ", recorded" : "");
    }

    private void onInDialogRequest(ServerTransaction tx) {
        SIPRequest request = tx.request();
        CallLeg leg = dialogs.get(Dialog.keyOf(request));
        if (leg == null) {
            tx.respond(481);
            return;
        }
        if (!leg.dialog().acceptRemoteCSeq(request.getCSeq().getSeqNumber())) {
            tx.respond(500);
            return;
        }
        leg.call().onRequest(leg, tx);
    }

    @Override
    public void onCancel(ServerTransaction invite, SIPRequest cancel) {
        Call call = pendingCalls.get(invite);
        if (call != null) {
            call.onCancel();
        } else {
            invite.respond(487);
        }
    }

    @Override
    public void onAck(SIPRequest ack, Endpoint source) {
        String toTag = ack.getToTag();
        CallLeg leg = toTag == null ? null : dialogs.get(Dialog.keyOf(ack));
        if (leg != null) {
            leg.call().onAck(leg, ack);
        }
    }

    @Override
    public void onStrayResponse(SIPResponse response, Endpoint source) {
        log.debug("stray {} for {} from {}", response.getStatusCode(), response.getCallId().getCallId(), source);
    }

    private SIPResponse optionsResponse(SIPRequest request) {
        SIPResponse ok = request.createResponse(200);
        try {
            ok.getTo().setTag(SipBuilder.newTag());
            SipBuilder.capabilities(ok);
            ok.setHeader(SipBuilder.HEADERS.createAcceptHeader("application", "sdp"));
            ok.setHeader(SipBuilder.HEADERS.createAcceptLanguageHeader(java.util.Locale.forLanguageTag("pt-BR")));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        return ok;
    }

    /** Graceful stop: ends every call of this shard. Runs on the shard's loop. */
    public void hangupAll(String reason) {
        for (Call call : List.copyOf(calls)) {
            call.hangup(reason);
        }
    }

    public int activeCalls() {
        return calls.size();
    }

    // ---- CallHost ----

    @Override
    public TransactionLayer transactions() {
        return transactions;
    }

    @Override
    public Executor loop() {
        return loop;
    }

    @Override
    public void bind(Dialog dialog, CallLeg leg) {
        dialogs.put(dialog.key(), leg);
    }

    @Override
    public void unbind(Dialog dialog) {
        dialogs.remove(dialog.key());
    }

    @Override
    public void ended(Call call) {
        calls.remove(call);
        pendingCalls.remove(call.inviteTransaction());
        services.callEnded();
    }

    @Override
    public String newCallId() {
        return SipBuilder.newCallId(services.identity().domain(), shard, shards);
    }

    @Override
    public ListenPoint listenPoint(Transport transport) {
        return services.listenPoint(transport);
    }

    @Override
    public org.atende.config.SessionTimerConfig sessionTimers() {
        return services.sessionTimers();
    }

    @Override
    public String domain() {
        return services.identity().domain();
    }

    @Override
    public org.atende.sip.transaction.TimerService timers() {
        return timers;
    }

    @Override
    public CallMedia newCallMedia(String callId, boolean srtpToCallee, CallMedia.Events events) {
        return new CallMedia(media.context(), media.codecs(), media.recordings(), srtpToCallee, callId, events);
    }

    @Override
    public java.nio.file.Path recordingDirectory(java.time.Instant started) {
        return org.atende.media.recorder.RecordingPaths.dailyDirectory(media.recordingsDir(),
                java.time.LocalDate.ofInstant(started, java.time.ZoneId.systemDefault()));
    }

    @Override
    public void lookupContacts(String extension,
                               java.util.function.Consumer<List<org.atende.sip.registrar.Binding>> then) {
        services.registrations().lookup(extension, loop, then);
    }

    @Override
    public void lookupAgent(String agent, java.util.function.Consumer<List<org.atende.sip.registrar.Binding>> ifFree,
                            Runnable ifBusy) {
        services.registrations().lookupIfFree(agent, loop, ifFree, ifBusy);
    }

    @Override
    public void otherCall(String extension, boolean busy) {
        services.registrations().otherCall(extension, busy);
    }

    @Override
    public QueueService queues() {
        return services.queues();
    }

    @Override
    public java.util.Optional<org.atende.config.QueueConfig> queueConfig(String name) {
        return services.queue(name);
    }

    @Override
    public java.util.Optional<IvrRun> flowRun(Call call, String flow, java.util.Map<String, String> variables) {
        return services.flow(flow).map(config -> new IvrRun(call,
                new org.atende.ivr.FlowSession(config, clock, new java.util.HashMap<>(variables), services::flow), this,
                config.silenceGap()));
    }

    @Override
    public java.util.concurrent.CompletableFuture<TrunkTarget> trunkTarget(String trunk) {
        return services.trunkTarget(trunk);
    }

    @Override
    public org.atende.media.player.PromptCache prompts() {
        return services.prompts();
    }

    @Override
    public java.net.http.HttpClient http() {
        return services.http();
    }

    @Override
    public java.time.Duration rtpTimeout() {
        return media.context().rtpTimeout();
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
