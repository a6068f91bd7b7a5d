package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import org.atende.sip.core.DialogUser;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.transaction.ServerTransaction;

/**
 * One side of a B2BUA call as the shard finds it from an in-dialog request: the UAS core hands the requests and
 * ACKs of {@code dialog} to it, and it passes them to its call.
 *
 * @param call   the call
 * @param side   which side: the caller (A) or the called party (B)
 * @param dialog the dialog with that side
 */
public record CallLeg(Call call, Side side, Dialog dialog) implements DialogUser {

    public enum Side { A, B }

    @Override
    public void onRequest(ServerTransaction tx) {
        call.onRequest(this, tx);
    }

    @Override
    public void onAck(SIPRequest ack) {
        call.onAck(this, ack);
    }
}
