package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.atende.sip.core.DialogUser;
import org.atende.sip.core.SessionUser;
import org.atende.sip.core.SipCore;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ServerTransaction;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of one shard: each new INVITE the UAS core ({@link SipCore}) hands up is routed by {@link CallRouter}
 * (to an extension, an IVR flow or an application) and admitted as a {@link Call}; this is the {@link CallHost} of
 * those calls and the services of their IVR runs. Runs on the shard's event loop only.
 */
public final class ShardCalls extends ShardServices implements SessionUser {

    private static final Logger log = LoggerFactory.getLogger(ShardCalls.class);

    private final Map<ServerTransaction, Call> pendingCalls = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    /** The callback attempts in progress (calls Atende placed itself). */
    private final java.util.Set<CallbackCall> callbacks = new java.util.LinkedHashSet<>();
    /** The trunk channels and calls out each call holds, given back when it ends. */
    private final CallsOut out;
    /** Whether the call {@link #onInvite} is admitting took its trunk channel over. */
    private boolean trunkHeld;

    /**
     * The media side of a shard: its context (loop, clock, ports), the codecs in preference order, the recorder
     * and where recordings go.
     */
    public record ShardMedia(org.atende.media.session.MediaContext context,
                             List<org.atende.media.sdp.Codec> codecs, CallMedia.Recordings recordings,
                             java.nio.file.Path recordingsDir) {
    }

    public ShardCalls(int shard, int shards, Executor loop, org.atende.sip.transaction.TimerService timers,
                      Clock clock, CallServices services, ShardMedia media) {
        super(shard, shards, loop, timers, clock, services, media);
        this.out = new CallsOut(services.trunkChannels(), services.dialOut(), clock);
    }

    /**
     * Set once, right after construction: the shard's transaction layer and UAS core, which refer back to these
     * calls.
     */
    public void attach(TransactionLayer layer, SipCore core) {
        attachLayers(layer, core);
    }

    @Override
    public void onInvite(ServerTransaction tx) {
        SIPRequest invite = tx.request();
        CallRoute route = services.router().route(invite, tx.source());
        String trunk = CallRoute.trunkOf(route);
        if (trunk != null && services.trunkChannels() != null) {
            var refusal = services.trunkChannels().acquire(trunk);
            if (refusal.isPresent()) {
                log.debug("INVITE {} from trunk {} refused: {}", invite.getCallId().getCallId(), trunk,
                        refusal.get().why());
                tx.sendResponse(busy(invite));
                return;
            }
        }
        trunkHeld = false;
        try {
            route(tx, invite, route); // admit() hands the trunk's channel to the call it makes
        } finally {
            if (trunk != null && services.trunkChannels() != null && !trunkHeld) {
                services.trunkChannels().release(trunk); // no call made (500, a refusal), or a failure
            }
        }
    }

    private SIPResponse busy(SIPRequest invite) {
        SIPResponse busy = invite.createResponse(503, "Service Unavailable");
        try {
            busy.setHeader(SipBuilder.HEADERS.createRetryAfterHeader(services.retryAfterSeconds()));
        } catch (javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
        return busy;
    }

    /** Admits the call {@code route} names; null when it is answered at once instead. */
    private Call route(ServerTransaction tx, SIPRequest invite, CallRoute route) {
        if (route instanceof CallRoute.Respond r) {
            if (r.delay().isZero()) {
                tx.sendResponse(r.response());
            } else { // a source the guard slows down; the INVITE's retransmissions are absorbed meanwhile
                timers.schedule(r.delay(), () -> tx.sendResponse(r.response()));
            }
        } else if (route instanceof CallRoute.Reject r) {
            tx.sendResponse(invite.createResponse(r.status(), r.reason()));
        } else if (route instanceof CallRoute.ToExtension to) {
            Call call = admit(tx, to.caller(), to.extension(), to.dialled(), to.media(), "extension");
            if (call.acceptCallerMedia()) {
                call.ringCallee();
            }
            return call;
        } else if (route instanceof CallRoute.ToFlow flow) {
            var config = services.flow(flow.flow());
            if (config.isEmpty()) {
                tx.respond(500);
                return null;
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
            return call;
        } else if (route instanceof CallRoute.ToExternal external) {
            return dialOut(tx, invite, external);
        } else if (route instanceof CallRoute.ToFeature feature) {
            Call call = admit(tx, feature.caller(), feature.dialled(), feature.dialled(), feature.media(),
                    "feature code");
            if (call.acceptCallerMedia()) {
                call.startFlow(services.agentFeature(call, feature, this), java.util.Optional.empty());
            }
            return call;
        } else if (route instanceof CallRoute.ToApplication app) {
            Call call = admit(tx, app.caller(), app.application(), app.dialled(), app.media(), "application");
            if (call.acceptCallerMedia()) {
                call.answerApplication(app.application());
            }
            return call;
        }
        return null;
    }

    /**
     * An extension dials an external number: refused with 403 when the toll-fraud guard says no, with 503 when the
     * trunk is full; else admitted and rung through the trunk once its proxy is resolved.
     */
    private Call dialOut(ServerTransaction tx, SIPRequest invite, CallRoute.ToExternal external) {
        Call call = admit(tx, external.caller(), external.number(), external.number(), external.media(),
                "external number through trunk " + external.trunk());
        if (!out.dialOut(call, external.caller().user(), external.number())) {
            call.refuse(403, "Forbidden", "the toll-fraud guard refused the call out");
            return call;
        }
        if (out.takeTrunk(call, external.trunk()).isPresent()) {
            call.refuse(503, "Service Unavailable", "trunk " + external.trunk() + " is full");
            return call;
        }
        if (call.acceptCallerMedia()) {
            services.trunkTarget(external.trunk()).handleAsync((target, failure) -> {
                if (call.state() != Call.State.ROUTING) {
                    return null; // the caller gave up meanwhile
                }
                if (target == null) {
                    call.hangup("trunk " + external.trunk() + " cannot place the call: "
                            + (failure == null ? "unknown" : failure.getMessage()));
                } else {
                    call.ringThroughTrunk(target, external.number());
                }
                return null;
            }, loop);
        }
        return call;
    }

    /** A new call to {@code destination} (an extension, a flow or an application): counted, logged, tracked. */
    private Call admit(ServerTransaction tx, CallerId caller, String destination, String dialled, MediaPolicy policy,
                       String kind) {
        Call call = new Call(this, tx, caller, destination, dialled, policy, services.observer());
        if (caller.trunk() != null && services.trunkChannels() != null) {
            out.holdTrunk(call, caller.trunk()); // before anything can end the call (488, 422 at once)
            trunkHeld = true;
        }
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

    @Override
    public boolean onCancel(ServerTransaction invite) {
        Call call = pendingCalls.get(invite);
        if (call == null) {
            return false;
        }
        call.onCancel();
        return true;
    }

    /** Graceful stop: ends every call of this shard. Runs on the shard's loop. */
    public void hangupAll(String reason) {
        for (Call call : List.copyOf(calls)) {
            call.hangup(reason);
        }
        for (CallbackCall attempt : List.copyOf(callbacks)) {
            attempt.abort(reason); // the callback stays pending as it is on disk: a stop is not a failed attempt
        }
    }

    /** Calls and callback attempts in progress. */
    public int activeCalls() {
        return calls.size() + callbacks.size();
    }

    @Override
    public CallbackMember callbackMember(CallbackMember.Callback callback, boolean callerOnLine) {
        return new CallbackMember(this, callback, services.observer(), callerOnLine);
    }

    @Override
    public boolean stopping() {
        return services.stopping();
    }

    /** A callback pending before a restart, as the ACD's member on this shard ({@code config} null: none now). */
    public QueueService.Member restoredCallback(CallbackStore.Pending p, org.atende.config.QueueConfig.Callback config,
                                                boolean record) {
        return callbackMember(new CallbackMember.Callback(p.callId(), p.queue(), p.number(),
                CallbackMember.Callback.national(p.number(), services.countryCode()), p.dialled(),
                p.variables(), p.requestedAt(), record, config), false);
    }

    @Override
    public void callbackStarted(CallbackCall attempt) {
        callbacks.add(attempt);
    }

    @Override
    public void callbackEnded(CallbackCall attempt) {
        callbacks.remove(attempt);
    }

    // ---- CallHost ----

    @Override
    public void ended(Call call) {
        calls.remove(call);
        pendingCalls.remove(call.inviteTransaction());
        out.ended(call);
        services.callEnded();
    }

    @Override
    public void releaseLimits(Object call) {
        out.ended(call);
    }

    @Override
    public boolean takeTrunkChannel(Object call, String trunk) {
        return out.takeTrunk(call, trunk).isEmpty();
    }

    @Override
    public boolean dialOut(Call call, String number) {
        return out.dialOut(call, null, number);
    }

}
