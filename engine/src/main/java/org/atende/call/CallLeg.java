package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import org.atende.sip.transaction.ServerTransaction;

import org.atende.sip.dialog.Dialog;

/**
 * One side of a B2BUA call as the shard finds it from an in-dialog request.
 *
 * @param call   the call
 * @param side   which side: the caller (A) or the called party (B)
 * @param dialog the dialog with that side
 */
public record CallLeg(Owner call, Side side, Dialog dialog) {

    /** What the leg's in-dialog requests and ACKs reach: a {@link Call}, or a {@link CallbackCall}. */
    public interface Owner {
        /** A request inside the leg's dialog (CSeq already checked). */
        void onRequest(CallLeg from, ServerTransaction tx);

        /** The ACK for a 2xx we sent on the leg's dialog. */
        void onAck(CallLeg leg, SIPRequest ack);
    }

    public enum Side {
        A, B;

        /** The side across the call from this one. */
        public Side other() {
            return this == A ? B : A;
        }
    }
}
