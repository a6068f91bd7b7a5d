package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import java.util.EnumMap;
import java.util.Map;
import org.atende.sip.dialog.Dialog;

/**
 * The dialogs of a call Atende placed itself ({@link CallbackCall}): each leg's, made by its 2xx, bound so that its
 * in-dialog requests reach {@code owner}, ACKed (again when the 2xx comes again), hung up with a BYE. Runs on the
 * call's event loop only.
 */
final class PlacedLegs {

    private final CallHost host;
    private final CallLeg.Owner owner;
    private final Map<CallLeg.Side, Dialog> dialogs = new EnumMap<>(CallLeg.Side.class);
    private final Map<CallLeg.Side, SIPRequest> acks = new EnumMap<>(CallLeg.Side.class);

    PlacedLegs(CallHost host, CallLeg.Owner owner) {
        this.host = host;
        this.owner = owner;
    }

    /** {@code side}'s 2xx to the INVITE of CSeq {@code cseq}: its dialog reaches the owner, and is ACKed. */
    void answered(CallLeg.Side side, Dialog dialog, long cseq) {
        dialogs.put(side, dialog);
        host.bind(dialog, new CallLeg(owner, side, dialog));
        SIPRequest ack = dialog.ack(cseq);
        acks.put(side, ack);
        host.transactions().sendStateless(ack, dialog.peer());
    }

    /** {@code side}'s 2xx came again: its ACK goes again. */
    void ackAgain(CallLeg.Side side) {
        SIPRequest ack = acks.get(side);
        Dialog dialog = dialogs.get(side);
        if (ack != null && dialog != null) {
            host.transactions().sendStateless(ack, dialog.peer());
        }
    }

    /** {@code side} hung up (its BYE was answered): its dialog ends. */
    void hungUp(CallLeg.Side side) {
        Dialog dialog = dialogs.remove(side);
        if (dialog != null) {
            dialog.terminate();
            host.unbind(dialog);
        }
    }

    /** Hangs up {@code side} with a BYE, unless it has no dialog or its dialog ended. */
    void bye(CallLeg.Side side) {
        Dialog dialog = dialogs.remove(side);
        if (dialog == null || dialog.state() == Dialog.State.TERMINATED) {
            return;
        }
        dialog.terminate();
        host.unbind(dialog);
        host.transactions().sendRequest(dialog.newRequest(SIPRequest.BYE), dialog.peer(),
                IgnoringListener.INSTANCE);
    }

    /** The call ended: no dialog reaches it any more, nothing of them is kept. */
    void release() {
        dialogs.values().forEach(d -> {
            d.terminate();
            host.unbind(d);
        });
        dialogs.clear();
        acks.clear();
    }
}
