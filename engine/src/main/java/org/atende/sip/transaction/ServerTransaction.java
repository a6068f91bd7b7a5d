package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import org.atende.sip.transport.Endpoint;

/** A server transaction (RFC 3261 §17.2). All methods run on the owning event loop. */
public interface ServerTransaction {

    SIPRequest request();

    /** Where the request came from; responses are sent there (symmetric response routing, RFC 3581). */
    Endpoint source();

    TransactionState state();

    boolean isInvite();

    /**
     * Sends a provisional or final response. For INVITE, a 2xx moves the transaction to ACCEPTED
     * (RFC 6026): it retransmits the 2xx (T1 doubling to T2) until the ACK arrives (passed to
     * {@link TransactionUser#onAck}) or Timer L (64*T1) fires ({@link Listener#onAckTimeout}).
     * A non-2xx final response moves it to COMPLETED and Timer G/H handle the ACK.
     */
    void sendResponse(SIPResponse response);

    /** Convenience: builds the response from the request (copying Via, From, To, Call-ID, CSeq) and sends it. */
    SIPResponse respond(int status);

    void setListener(Listener listener);

    /** For an INVITE answered with a 2xx: whether its ACK came. Always false for other transactions. */
    default boolean acknowledged() {
        return false;
    }

    /** Lifecycle notices from one server transaction. Run on the owning event loop. */
    interface Listener {
        /** Timer H fired (no ACK for a non-2xx final response) or Timer L fired (no ACK for a 2xx). */
        default void onAckTimeout(ServerTransaction tx) {
        }

        /** The transport could not deliver a response. */
        default void onTransportError(ServerTransaction tx, Throwable cause) {
        }

        default void onTerminated(ServerTransaction tx) {
        }
    }
}
