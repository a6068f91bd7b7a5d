package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import org.atende.sip.transport.Endpoint;

/** The layer above transactions (UA core, B2BUA). Called on the owning event loop. */
public interface TransactionUser {

    /** A request that created a new server transaction (not a retransmission, not an ACK, not a CANCEL). */
    void onRequest(ServerTransaction tx);

    /**
     * A matching CANCEL arrived for an INVITE server transaction that has not sent a final response.
     * The layer already answered the CANCEL 200; the TU answers the INVITE (487) and stops what it started.
     */
    void onCancel(ServerTransaction invite, SIPRequest cancel);

    /**
     * An ACK that matched no INVITE server transaction in COMPLETED: the ACK for a 2xx (its own transaction
     * per RFC 3261), handed to the dialog layer. The ACK that ends an ACCEPTED transaction also arrives here.
     */
    void onAck(SIPRequest ack, Endpoint source);

    /** A response that matched no client transaction, such as a 2xx retransmitted after Timer M. */
    void onStrayResponse(SIPResponse response, Endpoint source);
}
