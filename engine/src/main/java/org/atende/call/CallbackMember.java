package org.atende.call;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atende.acd.AcdCommand;
import org.atende.config.QueueConfig;
import org.atende.config.flow.Node;
import org.atende.sip.registrar.Binding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A callback as the ACD's member: it waits in its queue with nobody on the line, and each time the ACD offers it
 * to agents an attempt ({@link CallbackCall}) rings them, then dials the customer. Offers are kept by the
 * extension they ring, as a waiting caller's are ({@link QueuedCall}); the attempt rings while any offer does and
 * is let go when the last one ends unanswered.
 *
 * <p>The {@link QueueService.Member} methods are called on the ACD thread and hand over to the shard's loop, which
 * owns everything else.
 */
final class CallbackMember implements QueueService.Member {

    private static final Logger log = LoggerFactory.getLogger(CallbackMember.class);
    /** Longer than the confirmation the caller hears, and the BYE after it. */
    static final Duration CALLER_GONE_WAIT = Duration.ofSeconds(15);

    /**
     * What a callback is about.
     *
     * @param callId      the ACD's id for it: the id of the call that asked for it
     * @param number      the customer's number, E.164
     * @param national    the same without the country code, as the agent hears it
     * @param dialled     the number the customer called (presented to them when neither trunk nor queue says)
     * @param variables   the flow's routing data the call waited with
     * @param requestedAt when the call entered the queue: its place
     * @param record      whether the talk is recorded (as the number the customer called says)
     * @param config      the queue's callback settings; null when its queue has none (any more)
     */
    record Callback(String callId, String queue, String number, String national, String dialled,
                    Map<String, String> variables, Instant requestedAt, boolean record, QueueConfig.Callback config) {

        Callback {
            variables = Map.copyOf(variables);
        }

        @Override
        public String toString() {
            return "Callback[" + callId + " in " + queue + " to …" + lastDigits() + "]"; // no number in a log (LGPD)
        }

        /** {@code +5511987654321} without its country code, as an agent hears it. */
        static String national(String e164, String countryCode) {
            String prefix = "+" + countryCode;
            return e164.startsWith(prefix) ? e164.substring(prefix.length()) : e164;
        }

        /** The number the customer sees (the trunk's caller_id comes first: {@link CalleeInvites}). */
        String presented() {
            return config != null && config.callerId().isPresent() ? config.callerId().get() : dialled;
        }

        /** The last digits of the number, the most a log line shows of it (LGPD). */
        String lastDigits() {
            return number.length() <= 4 ? number : number.substring(number.length() - 4);
        }
    }

    private final CallHost host;
    private final QueueService acd;
    private final Callback callback;
    private final CallObserver observer;
    private final Map<String, AgentOffer> offers = new HashMap<>();
    private CallbackCall attempt;
    private int attempts;
    /**
     * The caller who asked is still on the line (hearing the confirmation): an agent may already take the callback,
     * but the customer is dialled only once they hung up, or after {@link #CALLER_GONE_WAIT}.
     */
    private boolean callerOnLine;
    private Runnable whenCallerGone;

    /** {@code callerOnLine}: the caller who asked for it has yet to hang up (false for a callback restored). */
    CallbackMember(CallHost host, Callback callback, CallObserver observer, boolean callerOnLine) {
        this.host = host;
        this.acd = host.queues();
        this.callback = callback;
        this.observer = observer;
        this.callerOnLine = callerOnLine;
    }

    Callback callback() {
        return callback;
    }

    @Override
    public String callId() {
        return callback.callId();
    }

    @Override
    public void queued(String queue, int position, boolean relaxed) {
        // nobody on the line to tell
    }

    @Override
    public void offer(String agent, String extension, Duration ringTimeout) {
        host.loop().execute(() -> {
            if (host.stopping()) {
                return; // no attempt starts while the engine stops: the callback stays pending on disk
            }
            if (offers.containsKey(extension)) {
                withdraw(extension);
            }
            AgentOffer offer = new AgentOffer(agent, extension, ringTimeout);
            offers.put(extension, offer);
            host.lookupAgent(extension, bindings -> ring(offer, bindings), () -> declined(offer));
        });
    }

    @Override
    public void cancelOffer(String agent, AcdCommand.CancelOffer.Why why) {
        host.loop().execute(() -> offers.values().stream().filter(o -> o.agent.equals(agent)).findFirst()
                .ifPresent(o -> withdraw(o.extension)));
    }

    @Override
    public void overflow(String queue, Node.Target target, String reason) {
        log.warn("callback {}: the ACD sent it to an overflow; callbacks wait for an agent", callId());
    }

    @Override
    public void refused(String queue, String reason) {
        log.warn("callback {}: the ACD refused it: {}", callId(), reason);
    }

    /** The caller who asked for the callback is off the line: the customer may be dialled. */
    void callerLeft() {
        callerOnLine = false;
        Runnable then = whenCallerGone;
        whenCallerGone = null;
        if (then != null) {
            then.run();
        }
    }

    private void ring(AgentOffer offer, List<Binding> bindings) {
        if (offers.get(offer.extension) != offer) {
            return;
        }
        if (bindings.isEmpty()) {
            offers.remove(offer.extension);
            acd.offerFailed(callId(), offer.agent, "extension " + offer.extension + " not registered or unreachable");
            abandonIfIdle();
            return;
        }
        if (attempt == null || attempt.state() == CallbackCall.State.ENDED) {
            attempts++;
            attempt = new CallbackCall(host, "callback-" + attempts + "-" + callId(), callback, new AttemptEvents(),
                    observer);
            host.callbackStarted(attempt);
        }
        String refused = attempt.ringAgent(offer.extension, bindings);
        if (refused != null) {
            offers.remove(offer.extension);
            acd.offerFailed(callId(), offer.agent, refused);
            abandonIfIdle();
            return;
        }
        offer.timer = host.timers().schedule(offer.ringTimeout, () -> {
            if (offers.remove(offer.extension, offer)) {
                attempt.withdrawAgent(offer.extension);
                acd.offerFailed(callId(), offer.agent, "no answer in " + offer.ringTimeout.toSeconds() + " s");
                abandonIfIdle();
            }
        });
    }

    private void declined(AgentOffer offer) {
        if (offers.remove(offer.extension, offer)) {
            acd.offerDeclined(callId(), offer.agent);
            abandonIfIdle();
        }
    }

    private void withdraw(String extension) {
        AgentOffer offer = offers.remove(extension);
        if (offer != null) {
            offer.stopTimer();
        }
        if (attempt != null) {
            attempt.withdrawAgent(extension);
        }
        abandonIfIdle();
    }

    /** No offer rings any more and nobody answered: the attempt lets its media go until the next offer. */
    private void abandonIfIdle() {
        if (offers.isEmpty() && attempt != null && attempt.state() == CallbackCall.State.RINGING_AGENT) {
            attempt.abandon();
            attempt = null;
        }
    }

    /** What the attempt reports, on the loop. */
    private final class AttemptEvents implements CallbackCall.Events {
        @Override
        public void agentAnswered(String extension) {
            AgentOffer taken = offers.get(extension);
            String agent = taken != null ? taken.agent : extension;
            offers.values().forEach(AgentOffer::stopTimer); // the other forks were cancelled as completed elsewhere
            offers.clear();
            CallbackCall current = attempt;
            current.takenBy(agent);
            acd.callbackOfferAnswered(callId(), agent).thenAccept(given -> host.loop().execute(() -> {
                if (!given && attempt == current) {
                    // the ACD did not give it to this agent (another answered first, or it was cancelled): this
                    // attempt is none of the ACD's, so it ends telling it nothing, before the customer is dialled
                    attempt = null;
                    current.abort("the ACD did not give the callback to agent " + agent);
                }
            }));
        }

        @Override
        public void agentRefused(String extension, String why) {
            AgentOffer offer = offers.remove(extension);
            if (offer != null) {
                offer.stopTimer();
                acd.offerFailed(callId(), offer.agent, why);
            }
            abandonIfIdle();
        }

        @Override
        public void customerAnswered() {
            acd.callbackAnswered(callId());
        }

        @Override
        public void attemptFailed(String why, boolean dialled) {
            attempt = null;
            if (dialled) {
                acd.callbackFailed(callId(), why);
            } else {
                acd.callbackNotDialled(callId(), why);
            }
        }

        @Override
        public void whenCallerGone(Runnable then) {
            if (!callerOnLine) {
                then.run();
                return;
            }
            whenCallerGone = then;
            host.timers().schedule(CALLER_GONE_WAIT, CallbackMember.this::callerLeft); // a BYE lost on the way
        }

        @Override
        public void ended(String why) {
            attempt = null;
            acd.callEnded(CallbackMember.this);
        }
    }
}
