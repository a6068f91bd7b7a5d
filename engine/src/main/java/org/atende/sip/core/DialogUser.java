package org.atende.sip.core;

import gov.nist.javax.sip.message.SIPRequest;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.transaction.ServerTransaction;

/**
 * Who hears the requests inside one dialog (a call's leg), once {@link SipCore#bind bound} to it. Shard's loop.
 */
public interface DialogUser {

    /** The dialog; the core checks each request's CSeq against it (RFC 3261 §12.2.2) before handing it on. */
    Dialog dialog();

    /** A request inside the dialog, its CSeq accepted. */
    void onRequest(ServerTransaction tx);

    /** An ACK inside the dialog. */
    void onAck(SIPRequest ack);
}
