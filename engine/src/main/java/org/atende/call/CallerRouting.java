package org.atende.call;

import gov.nist.javax.sip.message.SIPResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.atende.call.MediaNegotiation.Outcome;
import org.atende.config.QueueConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Survey;
import org.atende.ivr.SurveySession;
import org.atende.sip.registrar.Binding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the answered caller goes, as its flow's route or its queue's overflow says: an extension, or an external
 * number through a carrier trunk (its phones ring with Atende's offer while the caller hears ringback, a busy tone
 * and the hang-up when nobody takes it); an ACD queue ({@link QueuedCall}: hold prompts until an agent answers); or
 * another flow ({@link IvrRun}). When the agent hangs up first on a call whose flow or queue has a survey, the
 * caller stays for it. Keeps what the routes reached: the IVR running on the caller's leg, the extension or number
 * rung, the trunk, the queue stay. The call's state stays {@link Call}'s: this asks it to move on. Runs on the
 * call's event loop only.
 */
final class CallerRouting {

    private static final Logger log = LoggerFactory.getLogger(Call.class);

    private final Call call;
    private final CallHost host;
    private final CalleeForks forks;
    private final CallDialogs dialogs;
    private final BusyExtensions busy;
    private final CallerId caller;
    private final String dialled;
    /** The IVR running on the caller's leg, or null. */
    private IvrRun ivr;
    /** The survey of the flow or queue the caller came through, asked if the agent hangs up first. */
    private Optional<Survey> survey = Optional.empty();
    private IvrRun.Services ivrServices;
    /** The extension (or external number) rung after an IVR routed the call; null for direct calls. */
    private String calleeExtension;
    /** The carrier trunk an IVR routed the call through (to the external number {@code calleeExtension}). */
    private TrunkTarget trunk;
    /** The call's stay in an ACD queue (waiting, or talking to its agent), or null. */
    private QueuedCall queued;
    /** The last queue stay, for the call's record. */
    private QueuedCall lastQueued;

    CallerRouting(Call call, CallHost host, CalleeForks forks, CallDialogs dialogs, BusyExtensions busy,
                  CallerId caller, String dialled) {
        this.call = call;
        this.host = host;
        this.forks = forks;
        this.dialogs = dialogs;
        this.busy = busy;
        this.caller = caller;
        this.dialled = dialled;
    }

    /** Who called (a queue's callback confirms their number). */
    CallerId caller() {
        return caller;
    }

    /** The number the caller dialled, as the carrier sent it. */
    String dialled() {
        return dialled;
    }

    /** Atende answered the caller with flow {@code run}, and the flow's survey if it has one. */
    void flowAnswered(IvrRun run, Optional<Survey> flowSurvey) {
        ivr = run;
        survey = flowSurvey;
        ivrServices = run.services();
    }

    /** The IVR running on the caller's leg (a flow or the survey), or null. */
    IvrRun ivr() {
        return ivr;
    }

    /** The caller, an extension, dials out through {@code target} (before its INVITE is built). */
    void dialledOut(TrunkTarget target) {
        trunk = target;
    }

    /** The carrier trunk the caller was routed through, or null. */
    TrunkTarget trunk() {
        return trunk;
    }

    /** The last queue stay, or null when the call was in no queue. */
    CallRecord.QueueVisit queueVisit() {
        return lastQueued == null ? null : lastQueued.visit();
    }

    /**
     * Sends the answered caller to {@code target} (an IVR's route, a queue's overflow) with the call's variables:
     * an extension or an external number rings with ringback, a queue holds, a flow runs.
     */
    void routeTo(Node.Target target, Map<String, String> variables) {
        if (target instanceof Node.Target.Queue q && queued != null && queued.queue().equals(q.queue())
                && call.state() == Call.State.QUEUED) {
            ivr = null; // the callback dialogue sends the caller back to their place
            queued.backToWaiting();
            return;
        }
        if (target instanceof Node.Target.Extension e) {
            transferToExtension(e.extension());
        } else if (target instanceof Node.Target.External x) {
            transferToTrunk(x.number(), x.trunk());
        } else if (target instanceof Node.Target.Queue q) {
            enterQueue(q.queue(), variables);
        } else if (target instanceof Node.Target.Flow f) {
            Optional<IvrRun> run = host.flowRun(call, f.flow(), variables);
            if (run.isEmpty()) {
                transferFailed("no flow " + f.flow());
                return;
            }
            ivr = run.get();
            call.enter(Call.State.IN_IVR);
            ivr.start();
        }
    }

    /**
     * Whether the answered caller may be sent on (an IVR's route, a queue's overflow): it is in a flow or waiting
     * in a queue, not already ringing someone or talking to them.
     */
    private boolean mayRoute() {
        return call.state() == Call.State.IN_IVR || call.state() == Call.State.QUEUED;
    }

    // ---- an extension, an external number ----

    /**
     * The IVR routes the (answered) caller to {@code target}: its phones are rung with Atende's offer while the
     * caller hears ringback; the first to answer is bridged. If nobody answers, the caller hears a busy tone
     * and the call ends.
     */
    private void transferToExtension(String target) {
        if (!startTransfer(target)) {
            return;
        }
        log.info("call {}: IVR routes {} to extension {}", call.id(), caller.user(), target);
        busy.mark(target);
        host.lookupContacts(target, bindings -> call.ring(CalleeForks.Destination.contacts(bindings, target)));
    }

    /**
     * The IVR routes the (answered) caller to an external number through a carrier trunk: one INVITE to the
     * trunk's proxy (answering its digest challenge once), ringback meanwhile, then the bridge; a busy tone and
     * the hang-up if the carrier refuses or nobody answers.
     */
    private void transferToTrunk(String number, String trunkName) {
        if (!startTransfer(number)) {
            return;
        }
        log.info("call {}: IVR routes {} to an external number through trunk {}", call.id(), caller.user(), trunkName);
        if (!host.dialOut(call, number)) {
            transferFailed("the toll-fraud guard refused a call to an external number");
            return;
        }
        if (!host.takeTrunkChannel(call, trunkName)) {
            transferFailed("trunk " + trunkName + " at its max_calls or over its calls_per_second");
            return;
        }
        // handle, not whenComplete: a failed look-up is answered above; only a failure of this code is an error
        host.trunkTarget(trunkName).handleAsync((target, failure) -> {
            if (call.state() != Call.State.TRANSFERRING) {
                return null; // the caller hung up meanwhile
            }
            if (target == null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                transferFailed("trunk " + trunkName + ": " + (cause == null ? "unknown" : cause.getMessage()));
                return null;
            }
            trunk = target;
            forks.throughTrunk(target);
            call.ring(List.of(new CalleeForks.Destination(target.requestUri(number), target.destination(), number)));
            return null;
        }, host.loop()).exceptionally(e -> {
            log.error("call {}: routing through trunk {} failed", call.id(), trunkName, e);
            call.hangup("internal error routing through trunk " + trunkName);
            return null;
        });
    }

    /** The caller, if it may be routed, leaves its flow or queue to wait while {@code destination} rings. */
    private boolean startTransfer(String destination) {
        if (!mayRoute()) {
            return false;
        }
        call.enter(Call.State.TRANSFERRING);
        calleeExtension = destination;
        ivr = null;
        return true;
    }

    /** The extension or number the route rang answered: the legs are bridged, unless its media is unusable. */
    void transferAnswered(CalleeForks.Fork fork, SIPResponse ok) {
        Optional<Outcome.Refused> refused = call.sdp().calleeAnswered(ok);
        dialogs.ackCallee(null);
        call.enter(Call.State.BRIDGED);
        if (refused.isPresent()) {
            call.hangup("callee's media refused: " + refused.get().reason());
            return;
        }
        call.media().stopPlaybackToCaller();
        call.media().bridge();
        if (trunk != null) {
            log.info("call {} answered: {} -> external number through trunk {} (from the IVR)", call.id(),
                    caller.user(), trunk.trunk());
        } else {
            log.info("call {} answered: {} -> {} by {} (from the IVR)", call.id(), caller.user(), calleeExtension,
                    fork.destination.uri());
        }
    }

    /** Every contact the route rang answered {@code status}. */
    void transferRefused(int status) {
        transferFailed((trunk != null ? "trunk " + trunk.trunk() : "extension " + calleeExtension) + " answered "
                + status);
    }

    /** The extension the route rang has no registered contact. */
    void transferUnregistered() {
        transferFailed("extension " + calleeExtension + " not registered");
    }

    /** Nobody took the route: the caller hears a busy tone for a moment, then the call ends. */
    void transferFailed(String why) {
        call.enter(Call.State.CLOSING);
        log.info("call {}: transfer failed: {}", call.id(), why);
        if (call.media() != null) {
            call.media().playBusy(() -> call.hangup(why));
        } else {
            call.hangup(why);
        }
    }

    // ---- a queue ----

    /**
     * The IVR routes the (answered) caller to an ACD queue with the flow's variables (skills, priority, language
     * among them). The caller hears the queue's hold prompts until an agent the ACD offers the call to answers,
     * or the queue overflows ({@link QueuedCall}).
     */
    private void enterQueue(String name, Map<String, String> variables) {
        if (!mayRoute() || call.media() == null) {
            return;
        }
        Optional<QueueConfig> config = host.queueConfig(name);
        ivr = null;
        if (host.queues() == null || config.isEmpty()) {
            log.warn("call {}: queue {} is not configured", call.id(), name);
            transferFailed("no queue " + name);
            return;
        }
        if (config.get().survey().isPresent()) {
            survey = config.get().survey();
        }
        QueuedCall stay = new QueuedCall(call, this, host, config.get(), variables);
        queued = stay;
        lastQueued = stay;
        call.enter(Call.State.QUEUED);
        if (!stay.start()) {
            queued = null; // counted and logged by the ACD; the caller hears the busy tone
            transferFailed("queue " + name + " refused the call (ACD overloaded or stopping)");
        }
    }

    /** The waiting caller is in a dialogue of the queue's (the callback's): their keys go to it. */
    void runDialogue(IvrRun run) {
        ivr = run;
    }

    /** A key the waiting caller pressed outside a dialogue. */
    void queueDigit(char digit) {
        if (queued != null && ivr == null) {
            queued.digit(digit);
        }
    }

    /** Whether {@code stay} is this call's current queue stay, with the caller still on the line. */
    boolean inQueue(QueuedCall stay) {
        return queued == stay && call.state().callerAnswered();
    }

    /**
     * Rings {@code agentExtension}'s phones for the waiting caller with Atende's offer.
     *
     * @return null when the INVITEs went out, else why not
     */
    String ringAgent(String agentExtension, List<Binding> bindings) {
        CallSdp sdp = call.sdp();
        if (sdp.calleeOffer() == null) {
            Optional<Outcome.Refused> refused = sdp.offerCallee();
            if (refused.isPresent()) {
                return "no media: " + refused.get().reason();
            }
        }
        forks.ring(CalleeForks.Destination.contacts(bindings, agentExtension), agentExtension);
        log.debug("call {}: offering to agent {} on {} contact(s)", call.id(), agentExtension, bindings.size());
        return null;
    }

    /** Stops ringing {@code agentExtension}'s phones for this call (a late 2xx is taken down). */
    void withdrawAgent(String agentExtension) {
        forks.withdraw(agentExtension);
    }

    /** Every contact of queue agent {@code agent} failed: the ACD tries another agent. */
    void agentRefused(String agent, String why) {
        queued.agentRefused(agent, why);
    }

    /** A queue agent answered the offer: bridge it, and the queue withdraws the other offers. */
    void agentAnswered(CalleeForks.Fork fork, SIPResponse ok) {
        call.enter(Call.State.BRIDGED);
        ivr = null; // a callback dialogue stops (the queue stay stops it)
        calleeExtension = fork.agent;
        forks.withdrawAllBut(fork);
        Optional<Outcome.Refused> refused = call.sdp().calleeAnswered(ok);
        dialogs.ackCallee(null);
        queued.agentAnswered(fork.agent);
        if (refused.isPresent()) {
            call.hangup("agent's media refused: " + refused.get().reason());
            return;
        }
        call.media().stopPlaybackToCaller();
        call.media().bridge();
        log.info("call {} answered: {} -> agent {} (queue {})", call.id(), caller.user(), fork.agent, queued.queue());
    }

    /** The queue sends the waiting caller on: another queue, an extension, a flow or an external number. */
    /** The queue turned the waiting caller away (full, or nobody logged in) and has no overflow: busy tone. */
    void refusedByQueue(QueuedCall stay, String reason) {
        queued = null;
        call.media().stopPlaybackToCaller();
        transferFailed("queue " + stay.queue() + " refused the call: " + reason);
    }

    void overflowed(QueuedCall stay, Node.Target target) {
        queued = null;
        call.media().stopPlaybackToCaller();
        routeTo(target, stay.variables());
    }

    // ---- the survey ----

    /** Whether the caller would be asked a survey if the agent hung up first. */
    boolean hasSurvey() {
        return survey.isPresent();
    }

    /**
     * The agent hung up first on a call that came through a flow or queue with a survey: the caller stays on the
     * line and answers by keypad; the survey's end hangs up. False when there is no survey to run.
     */
    boolean startSurvey() {
        CallMedia media = call.media();
        if (survey.isEmpty() || media == null || ivrServices == null) {
            return false;
        }
        media.dropCallee();
        if (queued != null) {
            queued.ended(); // the agent is free (wrap-up) while the caller answers
            queued = null;
        }
        if (calleeExtension != null) {
            busy.release(calleeExtension); // likewise an extension the flow routed to
        }
        Map<String, String> variables = new HashMap<>();
        variables.put("caller", caller.user());
        variables.put("dialled", dialled);
        SurveySession session = new SurveySession(survey.get(), host.clock(), variables);
        survey = Optional.empty();
        ivr = new IvrRun(call, IvrRun.Interpreter.of(session), ivrServices, true);
        call.enter(Call.State.IN_SURVEY);
        log.info("call {}: the agent hung up first; asking the caller the survey", call.id());
        ivr.start();
        return true;
    }

    /** The call ended: the queue forgets it, its extensions are free, its IVR stops. */
    void callEnded() {
        if (queued != null) {
            queued.ended();
        }
        busy.releaseAll();
        if (ivr != null) {
            ivr.callEnded();
            ivr = null;
        }
    }
}
