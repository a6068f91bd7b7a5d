package org.atende.call;

import org.atende.sip.dialog.Dialog;

/**
 * One side of a B2BUA call as the shard finds it from an in-dialog request.
 *
 * @param call   the call
 * @param side   which side: the caller (A) or the called party (B)
 * @param dialog the dialog with that side
 */
public record CallLeg(Call call, Side side, Dialog dialog) {

    public enum Side { A, B }
}
