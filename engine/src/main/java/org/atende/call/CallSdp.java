package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.EnumSet;
import java.util.Optional;
import org.atende.call.MediaNegotiation.Outcome;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ServerTransaction;

/**
 * The SDP an anchored call's SIP messages carry, leg by leg, and what it still owes: our answer to the caller's
 * offer, held back until it first leaves (in an 18x with early media, or the 200) and then chosen again so that
 * it shares the callee's codec when it can; our offer to the callee's contacts; the legs that got our offer in a
 * 2xx and owe their answer in the ACK (a delayed offer, a re-INVITE without SDP); and the answers to re-INVITEs
 * and UPDATEs, each for its own leg (hold, resume, a new address or codec), the other leg left alone. The offer
 * and answer themselves are {@link MediaNegotiation}'s. Runs on the call's event loop only.
 */
final class CallSdp {

    private static final Outcome.Refused NOT_ACCEPTABLE = new Outcome.Refused(488, "Not Acceptable Here");

    private final MediaNegotiation negotiation;
    private final CallHost host;
    private final CallSessionTimers sessionTimers;
    /** The user parts of our Contact toward the caller (the extension it called) and toward the callee. */
    private final String contactToCaller;
    private final String contactToCallee;
    /** Our answer to the caller's offer (its INVITE had SDP). */
    private byte[] callerAnswer;
    /** Whether callerAnswer has left in an 18x or the 200 (from then on it cannot change). */
    private boolean callerAnswerSent;
    /** Our offer to the callee's contacts. */
    private byte[] calleeOffer;
    /** Sides that got our offer in a 2xx and owe the answer in their ACK (delayed offer, re-INVITE without SDP). */
    private final EnumSet<CallLeg.Side> answerOwedInAck = EnumSet.noneOf(CallLeg.Side.class);

    CallSdp(MediaNegotiation negotiation, CallHost host, CallSessionTimers sessionTimers, String contactToCaller,
            String contactToCallee) {
        this.negotiation = negotiation;
        this.host = host;
        this.sessionTimers = sessionTimers;
        this.contactToCaller = contactToCaller;
        this.contactToCallee = contactToCallee;
    }

    // ---- the caller's INVITE ----

    /** Answers the offer in the caller's INVITE; the answer waits until the caller is answered or hears early media. */
    Optional<Outcome.Refused> answerCaller(byte[] offer) {
        Outcome outcome = negotiation.answer(CallLeg.Side.A, offer);
        if (outcome instanceof Outcome.Refused r) {
            return Optional.of(r);
        }
        callerAnswer = ((Outcome.Sdp) outcome).body();
        return Optional.empty();
    }

    /**
     * The SDP of the 200 Atende itself answers the caller with (no callee yet): our answer to its offer, or our
     * offer when its INVITE had none, the answer then owed in its ACK.
     */
    Outcome answeringCaller() {
        byte[] body = callerAnswer;
        callerAnswerSent = true;
        if (body == null) {
            Outcome offer = negotiation.offer(CallLeg.Side.A);
            if (offer instanceof Outcome.Refused) {
                return offer;
            }
            body = ((Outcome.Sdp) offer).body();
            answerOwedInAck.add(CallLeg.Side.A);
        }
        return new Outcome.Sdp(body);
    }

    /**
     * The SDP of the 200 to the caller once the callee answered: our answer to its offer, chosen again; after a
     * delayed offer our offer, the answer then owed in its ACK (null when there is no media to offer).
     */
    byte[] callerAnswerAfterCallee() {
        byte[] body = callerAnswer();
        if (body == null) {
            Outcome offer = negotiation.offer(CallLeg.Side.A);
            body = offer instanceof Outcome.Sdp sdp ? sdp.body() : null;
            answerOwedInAck.add(CallLeg.Side.A);
        }
        return body;
    }

    /**
     * The callee's 18x with SDP answers our offer: early media (ringback or announcements from the callee's side)
     * through our anchored legs. Returns our answer for the caller's 18x, or null when there is none to give.
     */
    byte[] earlyMedia(SIPResponse provisional) {
        if (SipBodies.hasBody(provisional) && callerAnswer != null
                && negotiation.answered(CallLeg.Side.B, provisional.getRawContent()) instanceof Outcome.Sdp) {
            return callerAnswer();
        }
        return null;
    }

    /**
     * Our answer to the caller's offer as it leaves the first time, chosen again now that the callee's codec is
     * known (so that both legs share one when the caller offered it), and unchanged after that.
     */
    private byte[] callerAnswer() {
        if (!callerAnswerSent && callerAnswer != null) {
            callerAnswer = negotiation.answerAgain(CallLeg.Side.A, callerAnswer);
            callerAnswerSent = true;
        }
        return callerAnswer;
    }

    // ---- the callee's INVITEs ----

    /** Makes our offer to the callee's contacts, or refuses (no RTP port pair free). */
    Optional<Outcome.Refused> offerCallee() {
        Outcome offer = negotiation.offer(CallLeg.Side.B);
        if (offer instanceof Outcome.Refused r) {
            return Optional.of(r);
        }
        calleeOffer = ((Outcome.Sdp) offer).body();
        return Optional.empty();
    }

    /** Our offer to the callee's contacts, or null before {@link #offerCallee}. */
    byte[] calleeOffer() {
        return calleeOffer;
    }

    /** The callee's 2xx answers our offer; empty when its media is agreed. */
    Optional<Outcome.Refused> calleeAnswered(SIPResponse ok) {
        Outcome agreed = SipBodies.hasBody(ok)
                ? negotiation.answered(CallLeg.Side.B, ok.getRawContent()) : NOT_ACCEPTABLE;
        return agreed instanceof Outcome.Refused r ? Optional.of(r) : Optional.empty();
    }

    /** Whether the callee's leg has agreed media already (its 18x answered our offer: early media). */
    boolean calleeAgreed() {
        return negotiation.agreed(CallLeg.Side.B);
    }

    // ---- in the dialogs ----

    /**
     * A re-INVITE or UPDATE from {@code from}'s peer, the caller answered, answered here for its own leg. Without
     * SDP, a re-INVITE gets our offer and owes the answer in its ACK; an UPDATE only refreshes the session.
     */
    void answerInDialog(CallLeg.Side from, ServerTransaction tx) {
        SIPRequest request = tx.request();
        if (answerOwedInAck.contains(from)) {
            tx.respond(491); // our offer on this leg awaits its answer (RFC 3261 §14.2, RFC 6337 §3.1)
            return;
        }
        Outcome outcome;
        if (SipBodies.hasBody(request)) {
            outcome = negotiation.answer(from, request.getRawContent());
        } else if (SIPRequest.INVITE.equals(request.getMethod())) {
            outcome = negotiation.offer(from);
            if (outcome instanceof Outcome.Sdp) {
                answerOwedInAck.add(from);
            }
        } else {
            SIPResponse ok = request.createResponse(200); // an UPDATE without SDP refreshes the session only
            SipBuilder.capabilities(ok);
            sessionTimers.refreshedBy(from, ok);
            tx.sendResponse(ok);
            return;
        }
        if (outcome instanceof Outcome.Refused r) {
            tx.sendResponse(request.createResponse(r.status(), r.reason())); // the old media stays (RFC 3261 §14.2)
            return;
        }
        SIPResponse ok = request.createResponse(200);
        SipBuilder.capabilities(ok);
        ok.setHeader(SipBuilder.contact(from == CallLeg.Side.A ? contactToCaller : contactToCallee,
                host.listenPoint(tx.source())));
        SipBodies.setSdp(ok, ((Outcome.Sdp) outcome).body());
        sessionTimers.refreshedBy(from, ok);
        tx.sendResponse(ok);
    }

    /** Whether {@code side} got our offer in a 2xx and its ACK carries the answer. */
    boolean owesAnswerInAck(CallLeg.Side side) {
        return answerOwedInAck.contains(side);
    }

    /**
     * The ACK that carries {@code side}'s answer to our offer; empty when the leg's media is agreed (by this answer,
     * or still by an earlier one).
     */
    Optional<Outcome.Refused> answeredInAck(CallLeg.Side side, SIPRequest ack) {
        answerOwedInAck.remove(side);
        Outcome agreed = SipBodies.hasBody(ack) ? negotiation.answered(side, ack.getRawContent())
                : new Outcome.Refused(400, "ACK without the SDP answer");
        return agreed instanceof Outcome.Refused r && !negotiation.agreed(side)
                ? Optional.of(r) : Optional.empty();
    }
}
