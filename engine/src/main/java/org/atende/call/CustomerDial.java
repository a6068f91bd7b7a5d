package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.atende.call.MediaNegotiation.Outcome;
import org.atende.config.QueueConfig;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.transaction.TimerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A callback's customer being dialled ({@link CallbackCall}): a channel of the callback's trunk taken, the trunk's
 * proxy looked up, one INVITE through it with our offer for the customer's leg (side A) and the number the queue
 * presents, the callback's ring timeout, and the answer's SDP checked. What comes of it goes to the
 * {@link Events}. Runs on the call's event loop only.
 */
final class CustomerDial {

    /** What the dialling reports, on the loop. */
    interface Events {
        /** Whether an answer would still be taken. */
        boolean dialling();

        /** The customer answered with usable media (the dialog is not bound yet). */
        void answered(Dialog dialog, long cseq);

        void answerRetransmitted();

        /** Nobody was reached: the trunk refused, busy, no answer in time, unusable media. */
        void failed(String why);
    }

    private static final Logger log = LoggerFactory.getLogger(CustomerDial.class);

    private final CallHost host;
    /** Who holds the trunk channel (given back by {@link CallHost#releaseLimits} with it). */
    private final Object owner;
    private final CallbackMember.Callback callback;
    private final QueueConfig.Callback config;
    private final MediaNegotiation negotiation;
    private final Events events;
    private final CalleeInvites invites;
    private final CalleeForks forks;
    private TrunkTarget trunk;
    private byte[] offer;
    private TimerService.Timer ringTimer;
    /** The INVITE went out: the customer was called (an attempt, whatever comes of it). */
    private boolean invited;

    CustomerDial(CallHost host, Object owner, CallbackMember.Callback callback, MediaNegotiation negotiation,
                 CallSessionTimers timers, Events events) {
        this.host = host;
        this.owner = owner;
        this.callback = callback;
        this.config = callback.config();
        this.negotiation = negotiation;
        this.events = events;
        this.invites = new CalleeInvites(host, new CallerId(callback.presented(), null, "callback", null), timers);
        this.forks = new CalleeForks(host, callback.callId(), new Side(), this::invite);
    }

    /** Dials the customer through the callback's trunk. */
    void dial() {
        if (!host.takeTrunkChannel(owner, config.trunk())) {
            events.failed("trunk " + config.trunk() + " at its max_calls or over its calls_per_second");
            return;
        }
        host.trunkTarget(config.trunk()).handleAsync((t, failure) -> {
            if (!events.dialling()) {
                return null;
            }
            if (t == null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                events.failed("trunk " + config.trunk() + ": " + (cause == null ? "unknown" : cause.getMessage()));
                return null;
            }
            Outcome ours = negotiation.offer(CallLeg.Side.A);
            if (ours instanceof Outcome.Refused r) {
                events.failed("no media for the customer: " + r.reason());
                return null;
            }
            trunk = t;
            offer = ((Outcome.Sdp) ours).body();
            forks.throughTrunk(t);
            invited = true;
            forks.ring(List.of(new CalleeForks.Destination(t.requestUri(callback.number()), t.destination(),
                    callback.number())), null);
            ringTimer = host.timers().schedule(config.ringTimeout(), () -> {
                ringTimer = null;
                if (events.dialling()) {
                    forks.cancel();
                    events.failed("no answer in " + config.ringTimeout().toSeconds() + " s");
                }
            });
            return null;
        }, host.loop()).exceptionally(e -> {
            log.error("callback {}: dialling through trunk {} failed", callback.callId(), config.trunk(), e);
            events.failed("internal error dialling through trunk " + config.trunk());
            return null;
        });
    }

    /** Whether the customer was called (the INVITE went out). */
    boolean invited() {
        return invited;
    }

    /** The attempt is over: what still rings is cancelled, nothing of the forks is kept. */
    void stop() {
        if (ringTimer != null) {
            ringTimer.cancel();
            ringTimer = null;
        }
        forks.cancel();
        forks.clear();
    }

    private SIPRequest invite(CalleeForks.Destination destination) {
        return invites.originate(destination, trunk, offer);
    }

    /** The customer's fork, through the trunk. */
    private final class Side implements CalleeForks.Owner {
        @Override
        public boolean wantsAnswer() {
            return events.dialling();
        }

        @Override
        public void provisional(SIPResponse response) {
        }

        @Override
        public void answered(CalleeForks.Fork fork, Dialog dialog, SIPResponse ok) {
            Outcome agreed = SipBodies.hasBody(ok) ? negotiation.answered(CallLeg.Side.A, ok.getRawContent())
                    : new Outcome.Refused(488, "2xx without SDP");
            if (agreed instanceof Outcome.Refused r) {
                forks.answerRefused(dialog, ok);
                events.failed("customer's media refused: " + r.reason());
                return;
            }
            if (ringTimer != null) {
                ringTimer.cancel();
                ringTimer = null;
            }
            events.answered(dialog, fork.cseq);
        }

        @Override
        public void answerRetransmitted() {
            events.answerRetransmitted();
        }

        @Override
        public void allFailed(int status, String reason) {
            events.failed("the customer's side answered " + status + " " + reason);
        }

        @Override
        public void agentRefused(String agent, String why) {
        }
    }
}
