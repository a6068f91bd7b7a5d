package org.atende.call;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atende.config.QueueConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.atende.sip.registrar.Binding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stay of a call in an ACD queue: what the waiting caller hears (hold prompts, place announcements), the
 * offers the ACD makes (each rings one agent's phones for the queue's ring timeout), and the messages to and from
 * the ACD. The SIP side of an offer (forks, answer, bridge) stays in {@link Call}.
 *
 * <p>An offer is first a look-up of the agent's contacts, which also checks that the agent is on no call outside
 * the queues, then a ring. Whatever ends an offer (a cancel from the ACD, an answer, the caller leaving) ends it
 * in either phase: a look-up that returns for an offer no longer current rings nothing.
 *
 * <p>Owned by the call's event loop. The {@link QueueService.Member} methods are called on the ACD thread and
 * hand over to that loop; a stay that is no longer the call's current one ignores them.
 */
final class QueuedCall implements QueueService.Member {

    private static final Logger log = LoggerFactory.getLogger(QueuedCall.class);

    private final Call call;
    /** The call's routes: this stay's offers ring through them, and an overflow goes on through them. */
    private final CallerRouting routing;
    private final CallHost host;
    private final QueueService acd;
    private final QueueConfig config;
    /** The flow's variables: routing data, and what an overflow to another queue or flow carries on. */
    private final Map<String, String> variables;
    private final Instant entered;
    /**
     * The offers in progress, by the extension they ring (one agent per extension): looking its phones up, or
     * ringing them. The SIP side knows extensions; the ACD, agents.
     */
    private final Map<String, AgentOffer> offers = new HashMap<>();
    /** What the waiting caller hears: hold prompts, announcements. */
    private final WaitingAudio audio;
    /** The callback the caller may ask for instead of waiting; null when the queue offers none. */
    private final QueuedCallback callback;
    /** The agent who took the call, and when; null while waiting. */
    private String agent;
    private Instant connected;

    QueuedCall(Call call, CallerRouting routing, CallHost host, QueueConfig config, Map<String, String> variables) {
        this.call = call;
        this.routing = routing;
        this.host = host;
        this.acd = host.queues();
        this.config = config;
        this.variables = Map.copyOf(variables);
        this.entered = host.clock().instant();
        this.callback = config.callback().isPresent() ? new QueuedCallback(this, call, routing, host, config) : null;
        this.audio = new WaitingAudio(call, host, config, this.variables, this::current, this::hearsHold,
                () -> callback == null ? List.of() : callback.afterAnnouncement());
    }

    /**
     * Puts the call in the queue with the routing data the flow set and plays the hold prompts.
     *
     * @return false when the ACD refused the call (overloaded, or stopping): nothing was started
     */
    boolean start() {
        org.atende.acd.Requirements.Parsed parsed = org.atende.acd.Requirements.from(variables);
        parsed.problems().forEach(p -> log.warn("call {}: {}", call.id(), p));
        if (!acd.enqueue(this, config.name(), parsed.requirements())) {
            return false;
        }
        audio.start(); // the ACD's answers hop to this loop: they come after
        if (callback != null) {
            callback.start(audio.announces());
        }
        return true;
    }

    /** When the call entered the queue: a callback keeps this place. */
    Instant entered() {
        return entered;
    }

    /** A key the waiting caller pressed (the callback's key starts its dialogue). */
    void digit(char digit) {
        if (callback != null && current()) {
            callback.digit(digit);
        }
    }

    /** The callback dialogue sent the caller back to waiting at their place. */
    void backToWaiting() {
        if (callback != null) {
            callback.backToHold();
        }
    }

    /** The hold prompts again, after the callback dialogue. */
    void holdAgain() {
        if (hearsHold()) {
            audio.playHold();
        }
    }

    /** Plays {@code prompts} to the waiting caller (the callback offer), then the hold prompts again. */
    void say(List<Prompt> prompts) {
        if (hearsHold()) {
            audio.say(prompts);
        }
    }

    /** The ACD took the callback: this stay rings nobody any more, and the caller hears goodbye. */
    void calledBack() {
        leave();
    }

    String queue() {
        return config.name();
    }

    Map<String, String> variables() {
        return variables;
    }

    /** No agent has taken the call yet. */
    boolean waiting() {
        return agent == null;
    }

    CallRecord.QueueVisit visit() {
        return new CallRecord.QueueVisit(config.name(), entered, agent, connected);
    }

    // ---- what the ACD asks (ACD thread) ----

    @Override
    public String callId() {
        return call.id();
    }

    @Override
    public void queued(String queue, int position, boolean relaxed) {
        host.loop().execute(() -> {
            if (current()) {
                audio.entered(position);
            }
        });
    }

    @Override
    public void offer(String agentId, String extension, Duration ringTimeout) {
        host.loop().execute(() -> {
            if (!current()) {
                return;
            }
            if (offers.containsKey(extension)) {
                withdraw(extension); // the ACD only offers again after the last one ended; be sure
            }
            AgentOffer offer = new AgentOffer(agentId, extension, ringTimeout);
            offers.put(extension, offer);
            host.lookupAgent(extension, bindings -> ring(offer, bindings), () -> declined(offer));
        });
    }

    @Override
    public void cancelOffer(String agentId, org.atende.acd.AcdCommand.CancelOffer.Why why) {
        host.loop().execute(() -> {
            if (current()) {
                offers.values().stream().filter(o -> o.agent.equals(agentId)).findFirst()
                        .ifPresent(o -> withdraw(o.extension));
            }
        });
    }

    @Override
    public void overflow(String queue, Node.Target target, String reason) {
        host.loop().execute(() -> {
            if (current()) {
                leave();
                routing.overflowed(this, target);
            }
        });
    }

    @Override
    public void refused(String queue, String reason) {
        host.loop().execute(() -> {
            if (current()) {
                leave();
                routing.refusedByQueue(this, reason);
            }
        });
    }

    // ---- offers (call's loop) ----

    /** Whether {@code offer} is still this stay's offer to its agent, with the call waiting. */
    private boolean live(AgentOffer offer) {
        return offers.get(offer.extension) == offer && current();
    }

    /** The agent's contacts are known and it is on no other call: ring them, or tell the ACD why not. */
    private void ring(AgentOffer offer, List<Binding> bindings) {
        if (!live(offer)) {
            return; // cancelled, answered by another or left while the agent was looked up: the ACD knows
        }
        String extension = offer.extension;
        if (bindings.isEmpty()) {
            offers.remove(extension);
            acd.offerFailed(call.id(), offer.agent, "extension " + extension + " not registered or unreachable");
            return;
        }
        String refused = routing.ringAgent(extension, bindings);
        if (refused != null) {
            offers.remove(extension);
            acd.offerFailed(call.id(), offer.agent, refused);
            return;
        }
        offer.timer = host.timers().schedule(offer.ringTimeout, () -> {
            if (offers.remove(extension, offer) && current()) {
                routing.withdrawAgent(extension);
                acd.offerFailed(call.id(), offer.agent, "no answer in " + offer.ringTimeout.toSeconds() + " s");
            }
        });
    }

    /** At ring time the agent was on a call outside the queues the ACD had not heard of yet: not rung. */
    private void declined(AgentOffer offer) {
        if (live(offer)) {
            offers.remove(offer.extension);
            acd.offerDeclined(call.id(), offer.agent);
        }
    }

    /** Every phone of {@code agentExtension} said no (busy, declined, unreachable). */
    void agentRefused(String agentExtension, String reason) {
        AgentOffer offer = offers.remove(agentExtension);
        if (offer != null && waiting()) {
            offer.stopTimer();
            acd.offerFailed(call.id(), offer.agent, reason);
        }
    }

    /** {@code agentExtension} answered and is bridged: the other offers are withdrawn and the ACD told. */
    void agentAnswered(String agentExtension) {
        if (callback != null) {
            callback.stop("an agent took the call");
        }
        AgentOffer taken = offers.get(agentExtension);
        agent = taken != null ? taken.agent : agentExtension;
        connected = host.clock().instant();
        audio.stop();
        List.copyOf(offers.keySet()).forEach(this::withdraw);
        acd.offerAnswered(this, agent);
        log.info("call {}: agent {} at {} took the call after {} s in queue {}", call.id(), agent, agentExtension,
                Duration.between(entered, connected).toSeconds(), config.name());
    }

    /** Ends the offer to {@code agentExtension} in whichever phase it is: a look-up still out will ring nothing. */
    private void withdraw(String agentExtension) {
        AgentOffer offer = offers.remove(agentExtension);
        if (offer != null) {
            offer.stopTimer();
        }
        routing.withdrawAgent(agentExtension);
    }

    /** The call leaves the queue for an overflow target: offers and announcements stop. */
    private void leave() {
        List.copyOf(offers.keySet()).forEach(this::withdraw);
        audio.stop();
        if (callback != null && !callback.taken()) {
            callback.stop("the call left the queue");
        }
    }

    /** The call ended, or its agent hung up first (a survey follows): the ACD forgets it. */
    void ended() {
        leave();
        if (callback != null) {
            callback.callEnded();
        }
        acd.callEnded(this);
    }

    private boolean current() {
        return routing.inQueue(this) && waiting() && (callback == null || !callback.taken());
    }

    /** Whether the waiting caller hears the hold prompts and announcements now (not in the callback dialogue). */
    private boolean hearsHold() {
        return current() && (callback == null || !callback.inDialogue());
    }
}
