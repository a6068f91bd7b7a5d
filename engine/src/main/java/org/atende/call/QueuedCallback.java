package org.atende.call;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.atende.config.QueueConfig;
import org.atende.config.flow.Prompt;
import org.atende.sip.transaction.TimerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback a waiting caller may ask for, on their side of the queue stay: the offer prompt (first after
 * {@code offer_after}, then after each announcement, or every {@code offer_after} when the queue announces
 * nothing), the key that starts the {@link CallbackDialogue} (confirm the number, or key another), and the request
 * to the ACD. While the dialogue runs the caller keeps their place, and an agent may still take the call (the
 * dialogue then stops). Once the ACD takes the callback, a {@link CallbackMember} serves it and this stay only
 * says goodbye. Owned by the call's event loop.
 */
final class QueuedCallback {

    private static final Logger log = LoggerFactory.getLogger(QueuedCallback.class);
    /** A queue that announces nothing repeats the offer no more often than this. */
    private static final Duration MIN_REPEAT = Duration.ofSeconds(30);

    /** Where the caller is with the callback. */
    enum State { NOT_ASKED, IN_DIALOGUE, TAKEN }

    private final QueuedCall stay;
    private final Call call;
    private final CallerRouting routing;
    private final CallHost host;
    private final QueueConfig queue;
    private final QueueConfig.Callback config;
    private State state = State.NOT_ASKED;
    private IvrRun dialogue;
    /** What serves the callback once the ACD takes it (told when the caller is off the line). */
    private CallbackMember member;
    /** Whether the queue announces anything (else the offer repeats on its own). */
    private boolean announcing;
    private TimerService.Timer offerTimer;
    /** The offer was played once: announcements carry it from then on. */
    private boolean offered;

    QueuedCallback(QueuedCall stay, Call call, CallerRouting routing, CallHost host, QueueConfig queue) {
        this.stay = stay;
        this.call = call;
        this.routing = routing;
        this.host = host;
        this.queue = queue;
        this.config = queue.callback().orElseThrow();
    }

    /** The stay began: the offer is played after {@code offer_after}. */
    void start(boolean announces) {
        announcing = announces;
        scheduleOffer(config.offerAfter(), announcing);
    }

    /** Whether the caller is in the callback dialogue now (the hold and announcements wait). */
    boolean inDialogue() {
        return state == State.IN_DIALOGUE;
    }

    /** Whether the ACD took the callback: the caller hears goodbye, and the stay is over. */
    boolean taken() {
        return state == State.TAKEN;
    }

    /** What an announcement ends with: the offer, once the caller has waited {@code offer_after}. */
    List<Prompt> afterAnnouncement() {
        return offered && state == State.NOT_ASKED ? config.offer() : List.of();
    }

    /** A key the waiting caller pressed: the callback key starts the dialogue. */
    void digit(char digit) {
        if (digit != config.key() || state != State.NOT_ASKED || !stay.waiting()) {
            return;
        }
        state = State.IN_DIALOGUE;
        cancelOfferTimer();
        Optional<String> national = CallbackNumbers.ofCaller(routing.caller().user(), host.countryCode());
        CallbackDialogue session = new CallbackDialogue(call.id(), queue.name(), national, this::request,
                host.loop(), host.clock());
        dialogue = IvrRun.dialogue(call, session, host.ivrServices());
        session.attach(dialogue);
        routing.runDialogue(dialogue);
        log.info("call {}: the caller asks for a callback (queue {})", call.id(), queue.name());
        dialogue.start();
    }

    /** The dialogue sent the caller back to waiting: the hold prompts again, the offer later. */
    void backToHold() {
        if (state == State.IN_DIALOGUE) {
            state = State.NOT_ASKED;
            dialogue = null;
            member = null;
            stay.holdAgain();
            if (!announcing) {
                scheduleOffer(config.offerAfter().compareTo(MIN_REPEAT) < 0 ? MIN_REPEAT : config.offerAfter(), false);
            }
        }
    }

    /** An agent took the call, or it left the queue: the dialogue and the offers stop. */
    void stop(String why) {
        cancelOfferTimer();
        if (dialogue != null) {
            dialogue.stop(why);
            dialogue = null;
        }
        if (state == State.IN_DIALOGUE) {
            state = State.NOT_ASKED;
        }
    }

    /** The caller's call ended: a callback taken may dial its customer now. */
    void callEnded() {
        stop("the call ended");
        if (state == State.TAKEN && member != null) {
            CallbackMember m = member;
            host.loop().execute(m::callerLeft);
        }
    }

    /** The caller confirmed {@code number} (E.164): the ACD is asked to take the callback. */
    private CompletableFuture<Boolean> request(String number) {
        CallbackMember.Callback callback = new CallbackMember.Callback(call.id(), queue.name(), number,
                CallbackMember.Callback.national(number, host.countryCode()), routing.dialled(), stay.variables(),
                stay.entered(), host.recordsNumber(routing.dialled()), config);
        CallbackMember member = host.callbackMember(callback, true);
        this.member = member;
        return host.queues().requestCallback(stay, member, number).thenApplyAsync(taken -> {
            if (taken && state == State.IN_DIALOGUE && stay.waiting()) {
                state = State.TAKEN;
                stay.calledBack();
            }
            return taken && state == State.TAKEN;
        }, host.loop());
    }

    private void scheduleOffer(Duration after, boolean announcing) {
        offerTimer = host.timers().schedule(after, () -> {
            offerTimer = null;
            if (state != State.NOT_ASKED || !stay.waiting()) {
                return;
            }
            offered = true;
            stay.say(config.offer());
            if (!announcing) {
                scheduleOffer(after.compareTo(MIN_REPEAT) < 0 ? MIN_REPEAT : after, false);
            }
        });
    }

    private void cancelOfferTimer() {
        if (offerTimer != null) {
            offerTimer.cancel();
            offerTimer = null;
        }
    }

}
