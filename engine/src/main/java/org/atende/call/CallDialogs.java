package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import org.atende.sip.dialog.Dialog;

/**
 * The two dialogs of one call: the caller's, made by our 200 to its INVITE, and the callee's, made by the answering
 * fork's 2xx; each bound to the shard so that its in-dialog requests reach the call. Sends the callee's ACK (again
 * when its 2xx is retransmitted; after a delayed offer with direct media, with the answer the caller's ACK brings)
 * and the BYEs that hang a leg up. Runs on the call's event loop only.
 */
final class CallDialogs {

    private final CallHost host;
    private final Call call;
    private Dialog caller;
    private Dialog callee;
    /** The CSeq of the INVITE the callee's 2xx answered, for its ACK. */
    private long calleeInviteCseq;
    private SIPRequest calleeAck;
    /** Direct media, delayed offer: the callee's 2xx, ACKed once the caller's ACK brings the answer. */
    private SIPResponse calleeOkAwaitingAck;

    CallDialogs(CallHost host, Call call) {
        this.host = host;
        this.call = call;
    }

    /** The dialog with {@code side}, or null (not answered yet, hung up, or the call ended). */
    Dialog of(CallLeg.Side side) {
        return side == CallLeg.Side.A ? caller : callee;
    }

    /** Our 200 answers the caller: its dialog reaches the call from now on. */
    void callerAnswered(Dialog dialog) {
        caller = dialog;
        host.bind(dialog, new CallLeg(call, CallLeg.Side.A, dialog));
    }

    /** A fork's 2xx to the INVITE of CSeq {@code inviteCseq} answered for the callee: its dialog reaches the call. */
    void calleeAnswered(Dialog dialog, long inviteCseq) {
        callee = dialog;
        calleeInviteCseq = inviteCseq;
        host.bind(dialog, new CallLeg(call, CallLeg.Side.B, dialog));
    }

    /** The callee's answer was refused after all (its media unusable): its dialog no longer reaches the call. */
    void forgetCallee() {
        Dialog dialog = callee;
        callee = null;
        host.unbind(dialog);
    }

    /** The callee hung up while the caller stays on the line (survey). */
    void calleeHungUp() {
        callee.terminate();
        host.unbind(callee);
        callee = null;
    }

    /** ACKs the callee's 2xx; with {@code callerAck}'s body if not null (a delayed offer's answer). */
    void ackCallee(SIPRequest callerAck) {
        calleeAck = callee.ack(calleeInviteCseq);
        if (callerAck != null) {
            SipBodies.copyBody(callerAck, calleeAck);
        }
        host.transactions().sendStateless(calleeAck, callee.peer());
        calleeOkAwaitingAck = null;
    }

    /** The callee's 2xx came again: our ACK goes again. */
    void ackCalleeAgain() {
        if (calleeAck != null && callee != null) {
            host.transactions().sendStateless(calleeAck, callee.peer());
        }
    }

    /** Direct media, delayed offer: {@code ok}'s ACK waits for the caller's, which carries the answer. */
    void awaitCallerAck(SIPResponse ok) {
        calleeOkAwaitingAck = ok;
    }

    /** Whether the callee's 2xx waits for the caller's ACK ({@link #awaitCallerAck}). */
    boolean awaitingCallerAck() {
        return calleeOkAwaitingAck != null;
    }

    /** Hangs up {@code side}'s leg with a BYE, unless it has no dialog or its dialog ended. */
    void bye(CallLeg.Side side) {
        Dialog dialog = of(side);
        if (dialog == null || dialog.state() == Dialog.State.TERMINATED) {
            return;
        }
        dialog.terminate();
        host.transactions().sendRequest(dialog.newRequest(SIPRequest.BYE), dialog.peer(), IgnoringListener.INSTANCE);
    }

    /** The call ended: both dialogs end and no longer reach it; nothing of them is kept. */
    void release() {
        calleeOkAwaitingAck = null;
        if (caller != null) {
            caller.terminate();
            host.unbind(caller);
        }
        if (callee != null) {
            callee.terminate();
            host.unbind(callee);
        }
        // the answered fork's transaction keeps the call reachable until Timer M: keep nothing heavy
        caller = null;
        callee = null;
        calleeAck = null;
    }
}
