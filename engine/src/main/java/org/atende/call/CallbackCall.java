package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.atende.media.recorder.RecordingResult;
import org.atende.call.MediaNegotiation.Outcome;
import org.atende.config.QueueConfig;
import org.atende.config.SessionTimerConfig;
import org.atende.config.flow.Prompt;
import org.atende.media.player.Playback;
import org.atende.media.player.ToneGenerator;
import org.atende.media.session.DigitSource;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.registrar.Binding;
import org.atende.sip.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a callback: a call Atende places itself, both legs ours. The agents the ACD offers the callback
 * to are rung first (their phones show "Retorno" and the customer's number); the one who answers hears "chamada de
 * retorno" and the number, then ringback while the customer is dialled through the queue's callback trunk; the
 * customer's answer bridges the two, and the talk is recorded like any queue call (customer left, agent right).
 * Nobody answering at the customer's end (busy, a failure, the callback's ring timeout) gives the agent a moment of
 * busy tone and ends the attempt; the ACD decides whether another follows.
 *
 * <p>The customer's leg is side A and the agent's side B, as caller and agent are in an inbound queue call, so the
 * media, the recording and the record read the same. Runs on its shard's event loop only.
 */
final class CallbackCall implements CallLeg.Owner {

    /**
     * <pre>
     *   RINGING_AGENT ── an agent answers ──► WHISPER ── the prompt ends ──► DIALLING ── the customer answers ──► BRIDGED
     *         │ every offer ended                │ the agent hangs up          │ busy, no answer, failure
     *         ▼                                  ▼                             ▼
     *       ENDED (no record)                  ENDED (attempt failed)        ENDED (attempt failed)
     * </pre>
     */
    enum State { RINGING_AGENT, WHISPER, DIALLING, BRIDGED, ENDED }

    /** What the attempt tells its {@link CallbackMember}, on the loop. */
    interface Events {
        void agentAnswered(String extension);

        /** Every phone of {@code extension} said no. */
        void agentRefused(String extension, String why);

        void customerAnswered();

        /**
         * The customer was not reached (or the agent hung up first): the attempt is over; {@code dialled}: the
         * customer was called (else it was over before: the agent hung up while told who it was, no trunk channel).
         */
        void attemptFailed(String why, boolean dialled);

        /** The customer may be dialled once the caller who asked for the callback is off the line. */
        void whenCallerGone(Runnable then);

        /** The talk is over (either side hung up, or Atende ended it). */
        void ended(String why);
    }

    private static final Logger log = LoggerFactory.getLogger(CallbackCall.class);

    private final CallHost host;
    private final String id;
    private final CallbackMember.Callback callback;
    private final QueueConfig.Callback config;
    private final Events events;
    private final CallObserver observer;
    private final Instant started;
    private State state = State.RINGING_AGENT;
    private CallMedia media;
    private final CallSdp sdp;
    private final CalleeForks agentForks;
    private final CustomerDial customer;
    private final CalleeInvites agentInvites;
    private final PlacedLegs legs;
    private String agentExtension;
    /** The agent who answered (their id; the ACD's word for them). */
    private String agent;
    private Instant answeredAt;

    CallbackCall(CallHost host, String id, CallbackMember.Callback callback, Events events, CallObserver observer) {
        this.host = host;
        this.id = id;
        this.callback = callback;
        this.config = callback.config();
        this.events = events;
        this.observer = observer;
        this.started = host.clock().instant();
        this.media = host.newCallMedia(id, false, new MediaEvents());
        CallSessionTimers timers = new CallSessionTimers(host, id, new SessionTimerConfig(false,
                host.sessionTimers().expires(), host.sessionTimers().minSe()), this::hangup);
        this.sdp = new CallSdp(media.negotiation(), host, timers, callback.national(), callback.national());
        this.agentInvites = new CalleeInvites(host, new CallerId(callback.national(), "Retorno", "callback", null),
                timers);
        this.agentForks = new CalleeForks(host, id, new AgentSide(), d -> agentInvites.originate(d, null,
                sdp.calleeOffer()));
        this.customer = new CustomerDial(host, this, callback, media.negotiation(), timers, new CustomerDial.Events() {
            @Override
            public boolean dialling() {
                return state == State.DIALLING;
            }

            @Override
            public void answered(Dialog dialog, long cseq) {
                customerAnswered(dialog, cseq);
            }

            @Override
            public void answerRetransmitted() {
                legs.ackAgain(CallLeg.Side.A);
            }

            @Override
            public void failed(String why) {
                fail(why);
            }
        });
        this.legs = new PlacedLegs(host, this);
    }

    String id() {
        return id;
    }

    /** The one place the state changes: a DEBUG line per transition, with the callback's id. */
    private void enter(State next) {
        if (state != next) {
            log.debug("callback {}: {} -> {}", callback.callId(), state, next);
            state = next;
        }
    }

    State state() {
        return state;
    }

    // ---- the agents ----

    /** Rings {@code extension}'s phones for the callback; null when the INVITEs went out, else why not. */
    String ringAgent(String extension, List<Binding> bindings) {
        if (state != State.RINGING_AGENT) {
            return "the callback is taken";
        }
        if (sdp.calleeOffer() == null) {
            Optional<Outcome.Refused> refused = sdp.offerCallee();
            if (refused.isPresent()) {
                return "no media: " + refused.get().reason();
            }
        }
        agentForks.ring(CalleeForks.Destination.contacts(bindings, extension), extension);
        return null;
    }

    /** The agent who answered, as the ACD knows them. */
    void takenBy(String agentId) {
        agent = agentId;
    }

    /** Stops ringing {@code extension} (its offer timed out or was withdrawn). */
    void withdrawAgent(String extension) {
        agentForks.withdraw(extension);
    }

    /** An agent answered: the others' forks are withdrawn, they hear who is calling, then the customer rings. */
    private void agentAnswered(CalleeForks.Fork fork, Dialog dialog, SIPResponse ok) {
        Optional<Outcome.Refused> refused = sdp.calleeAnswered(ok);
        if (refused.isPresent()) {
            agentForks.answerRefused(dialog, ok);
            events.agentRefused(fork.agent, "agent's media refused: " + refused.get().reason());
            return;
        }
        agentForks.withdrawAllBut(fork);
        legs.answered(CallLeg.Side.B, dialog, fork.cseq);
        agentExtension = fork.agent;
        enter(State.WHISPER);
        events.agentAnswered(fork.agent);
        log.info("callback {}: agent at {} answered; dialling the customer (…{}) through trunk {}", callback.callId(),
                fork.agent, callback.lastDigits(), config.trunk());
        List<Prompt> whisper = List.of(new Prompt.File(Path.of(CallbackDialogue.AGENT_PROMPT)), new Prompt.SayDigits("numero"));
        List<Playback.Item> items = IvrRun.items(whisper, Map.of("numero", callback.national()), host.prompts(), id);
        media.playToCallee(new Playback(items, false, false), this::dialCustomer);
    }

    // ---- the customer ----

    /** The agent heard who is calling: the customer is dialled, the agent hears ringback meanwhile. */
    private void dialCustomer() {
        if (state != State.WHISPER) {
            return;
        }
        enter(State.DIALLING);
        media.playToCallee(Playback.of(new Playback.ToneItem(ToneGenerator::ringback, 250)).looped(), null);
        events.whenCallerGone(() -> {
            if (state == State.DIALLING) {
                customer.dial();
            }
        });
    }

    /** The customer answered with usable media: the two are bridged. */
    private void customerAnswered(Dialog dialog, long cseq) {
        legs.answered(CallLeg.Side.A, dialog, cseq);
        enter(State.BRIDGED);
        answeredAt = host.clock().instant();
        media.stopPlaybackToCallee();
        media.bridge();
        if (callback.record()) {
            media.startRecording(host.recordingDirectory(started));
        }
        log.info("callback {} answered: customer (…{}) <-> agent at {}", callback.callId(), callback.lastDigits(),
                agentExtension);
        events.customerAnswered();
    }

    /** The customer was not reached: a moment of busy tone for the agent, then the hang-up. */
    private void fail(String why) {
        if (state == State.ENDED || state == State.BRIDGED) {
            return;
        }
        State was = state;
        enter(State.ENDED);
        customer.stop();
        log.info("callback {}: attempt failed: {}", callback.callId(), why);
        events.attemptFailed(why, customer.invited());
        if (was != State.RINGING_AGENT && media != null) {
            media.stopPlaybackToCallee();
            media.playToCallee(Playback.of(new Playback.ToneItem(ToneGenerator::busy, 100)), () -> {
                legs.bye(CallLeg.Side.B);
                release(why);
            });
            host.timers().schedule(java.time.Duration.ofSeconds(3), () -> {
                legs.bye(CallLeg.Side.B);
                release(why);
            });
            return;
        }
        legs.bye(CallLeg.Side.B);
        release(why);
    }

    // ---- both legs ----

    @Override
    public void onRequest(CallLeg from, ServerTransaction tx) {
        SIPRequest request = tx.request();
        switch (request.getMethod()) {
            case SIPRequest.BYE -> {
                tx.respond(200);
                legs.hungUp(from.side());
                String who = from.side() == CallLeg.Side.A ? "customer" : "agent";
                if (state == State.BRIDGED) {
                    legs.bye(from.side().other());
                    end("BYE from " + who);
                } else {
                    fail("the " + who + " hung up before the customer answered");
                }
            }
            case SIPRequest.INVITE, "UPDATE" -> {
                from.dialog().refreshTarget(request);
                sdp.answerInDialog(from.side(), tx);
            }
            case "INFO" -> {
                if (media != null && request.getContentTypeHeader() != null
                        && "application".equalsIgnoreCase(request.getContentTypeHeader().getContentType())) {
                    media.info(from.side(), request.getContentTypeHeader().getContentSubType(),
                            request.getRawContent());
                }
                tx.respond(200);
            }
            case "OPTIONS" -> tx.respond(200);
            default -> tx.respond(501);
        }
    }

    @Override
    public void onAck(CallLeg leg, SIPRequest ack) {
        if (sdp.owesAnswerInAck(leg.side())) {
            sdp.answeredInAck(leg.side(), ack).ifPresent(r -> hangup("no usable SDP answer in an ACK: "
                    + r.reason()));
        }
    }

    /** Ends the attempt from inside Atende (graceful stop, RTP timeout): CANCEL what rings, BYE what answered. */
    void hangup(String why) {
        switch (state) {
            case RINGING_AGENT -> {
                agentForks.cancel();
                enter(State.ENDED);
                release(null); // nobody answered: no record
            }
            case WHISPER, DIALLING -> fail(why);
            case BRIDGED -> {
                legs.bye(CallLeg.Side.A);
                legs.bye(CallLeg.Side.B);
                end(why);
            }
            case ENDED -> { }
        }
    }

    /**
     * The engine stops: what rings is cancelled, what answered is hung up, and the ACD hears nothing of it (the
     * callback stays pending on disk as it was, attempts uncounted; the next start offers it again).
     */
    void abort(String why) {
        if (state == State.ENDED) {
            return;
        }
        agentForks.cancel();
        customer.stop();
        enter(State.ENDED);
        legs.bye(CallLeg.Side.A);
        legs.bye(CallLeg.Side.B);
        release(why);
    }

    /** No agent rings for the callback any more (every offer ended before an answer): nothing is kept. */
    void abandon() {
        if (state == State.RINGING_AGENT) {
            enter(State.ENDED);
            release(null);
        }
    }

    /** The talk is over. */
    private void end(String why) {
        if (state == State.ENDED && media == null) {
            return;
        }
        enter(State.ENDED);
        events.ended(why);
        release(why);
    }

    /**
     * Lets go of everything, once: media, dialogs, forks, the trunk channel; the record of an attempt that reached
     * an agent goes to the observers ({@code why} null: no record, nobody answered).
     */
    private void release(String why) {
        if (media == null) {
            return;
        }
        customer.stop();
        List<CallRecord.LegMedia> figures = media.figures();
        media.close();
        CompletableFuture<RecordingResult> recording = media.recording();
        media = null;
        legs.release();
        agentForks.clear();
        host.releaseLimits(this);
        host.callbackEnded(this);
        if (why != null) {
            CallRecord record = new CallRecord(id, callback.number(), callback.dialled(), agentExtension, started,
                    answeredAt, host.clock().instant(), why, figures, null, null, null,
                    new CallRecord.QueueVisit(callback.queue(), callback.requestedAt(), agent,
                            answeredAt));
            CallReport.callEnded(host, observer, recording, record);
        }
    }

    /** The agents' forks. */
    private final class AgentSide implements CalleeForks.Owner {
        @Override
        public boolean wantsAnswer() {
            return state == State.RINGING_AGENT;
        }

        @Override
        public void provisional(SIPResponse response) {
        }

        @Override
        public void answered(CalleeForks.Fork fork, Dialog dialog, SIPResponse ok) {
            agentAnswered(fork, dialog, ok);
        }

        @Override
        public void answerRetransmitted() {
            legs.ackAgain(CallLeg.Side.B);
        }

        @Override
        public void allFailed(int status, String reason) {
        }

        @Override
        public void agentRefused(String agent, String why) {
            if (state == State.RINGING_AGENT) {
                events.agentRefused(agent, why);
            }
        }
    }

    /** Media reports, on the loop. */
    private final class MediaEvents implements CallMedia.Events {
        @Override
        public void mediaTimedOut(CallLeg.Side side) {
            if (state == State.BRIDGED) {
                log.warn("callback {}: no RTP from the {} for {} s, hanging up", callback.callId(),
                        side == CallLeg.Side.A ? "customer" : "agent", host.rtpTimeout().toSeconds());
                hangup("RTP timeout on " + (side == CallLeg.Side.A ? "customer" : "agent") + " leg");
            }
        }

        @Override
        public void digit(CallLeg.Side side, char digit, int durationMs, DigitSource source) {
        }
    }
}
