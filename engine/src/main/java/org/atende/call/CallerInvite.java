package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.time.Duration;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ServerTransaction;
import org.atende.sip.transaction.TransactionState;

/**
 * The caller's INVITE and Atende's responses to it, each with the same To tag: the provisional responses relayed
 * from the callee, the 200 that answers the caller (its dialog made, its session timer started), a final failure
 * while the caller is still unanswered, and 422 when the session interval asked for is too brief (RFC 4028). Runs
 * on the call's event loop only.
 */
final class CallerInvite {

    private final CallHost host;
    private final ServerTransaction tx;
    private final CallDialogs dialogs;
    private final CallSessionTimers sessionTimers;
    /** The caller's INVITE; dropped when the call ends (late responses may keep the call reachable for 32 s). */
    private SIPRequest request;
    private final String tag = SipBuilder.newTag();

    CallerInvite(CallHost host, ServerTransaction tx, CallDialogs dialogs, CallSessionTimers sessionTimers) {
        this.host = host;
        this.tx = tx;
        this.dialogs = dialogs;
        this.sessionTimers = sessionTimers;
        this.request = tx.request();
    }

    ServerTransaction transaction() {
        return tx;
    }

    /** The INVITE; null once the call ended. */
    SIPRequest request() {
        return request;
    }

    /** A provisional response with our Contact for {@code contactUser}; not sent yet. */
    SIPResponse provisional(int status, String reason, String contactUser) {
        SIPResponse response = tagged(request.createResponse(status, reason));
        response.setHeader(SipBuilder.contact(contactUser, host.listenPoint(tx.source())));
        return response;
    }

    /** Our 200 with our capabilities and Contact for {@code contactUser}, its body still to set; not sent yet. */
    SIPResponse ok(String contactUser) {
        SIPResponse answer = request.createResponse(200);
        SipBuilder.capabilities(answer);
        tagged(answer);
        answer.setHeader(SipBuilder.contact(contactUser, host.listenPoint(tx.source())));
        return answer;
    }

    /**
     * Sends our 200 ({@link #ok}): the caller's dialog it makes reaches the call from now on, its session timer runs.
     * If the caller's ACK has not come {@link CallHost#ackTimeout} later, {@code noAck} runs (the call is hung up and
     * its ports freed, rather than waiting out Timer L's 32 s).
     */
    void answer(SIPResponse ok, Runnable noAck) {
        Dialog dialog = Dialog.asUas(request, tag, tx.source(), host.listenPoint(tx.source()), Dialog.State.CONFIRMED);
        dialogs.callerAnswered(dialog);
        sessionTimers.answeringCaller(request, ok, dialog);
        tx.sendResponse(ok);
        host.timers().schedule(host.ackTimeout(), () -> {
            if (request != null && !tx.acknowledged()) {
                noAck.run();
            }
        });
    }

    void send(SIPResponse response) {
        tx.sendResponse(response);
    }

    /** 422 with the {@code minSe} we accept: the session interval the INVITE asked for is too brief. */
    void refuseTooBrief(Duration minSe) {
        SIPResponse brief = tagged(request.createResponse(422, "Session Interval Too Small"));
        try {
            brief.setHeader(SipBuilder.HEADERS.createHeader("Min-SE", Long.toString(minSe.toSeconds())));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        tx.sendResponse(brief);
    }

    /** A final failure, unless the INVITE already has its final response. */
    void refuse(int status, String reason) {
        if (tx.state() == TransactionState.PROCEEDING || tx.state() == TransactionState.TRYING) {
            tx.sendResponse(tagged(request.createResponse(status, reason)));
        }
    }

    /**
     * The call ended: the INVITE is not kept, and its transaction, which waits out Timer L for 32 s after the 200,
     * forgets the listener that held this call (an ended call has nothing left to do when its ACK times out).
     */
    void release() {
        request = null;
        tx.setListener(null);
    }

    private SIPResponse tagged(SIPResponse response) {
        try {
            response.getTo().setTag(tag);
        } catch (ParseException e) {
            throw new IllegalStateException("invalid tag " + tag, e);
        }
        return response;
    }
}
