package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ClientTransaction;
import org.atende.sip.transaction.ServerTransaction;

/**
 * Requests one leg's peer sends inside its dialog that go on to the other leg (RFC 3261 §16 in spirit, as a B2BUA):
 * a re-INVITE or UPDATE with direct media, INFO, and other methods Atende does not answer itself. Each becomes a new
 * request in the other dialog; its final response comes back as the answer to the original, and the ACK of a
 * re-INVITE whose offer came in our 2xx is passed on. At most one offer (re-INVITE or UPDATE) is in progress at a
 * time ({@link #offerPending}: the call answers another with 491). Runs on the call's event loop.
 */
final class InDialogRelay {

    private final CallHost host;
    /** The user part of the Contact in the answers we send. */
    private final String contactUser;
    /** The re-INVITE or UPDATE in progress, or null. */
    private Relay relay;

    InDialogRelay(CallHost host, String contactUser) {
        this.host = host;
        this.contactUser = contactUser;
    }

    /** Whether a re-INVITE or UPDATE is in progress (RFC 3261 §14.2: another one gets 491). */
    boolean offerPending() {
        return relay != null;
    }

    /** Passes {@code tx}'s request, from {@code from}'s peer, on into {@code target}. */
    void relay(CallLeg.Side from, Dialog target, ServerTransaction tx) {
        SIPRequest request = tx.request();
        SIPRequest outbound = target.newRequest(request.getMethod());
        SipBodies.copyBody(request, outbound);
        Relay r = new Relay(from, tx, target, outbound);
        if (SIPRequest.INVITE.equals(request.getMethod()) || "UPDATE".equals(request.getMethod())) {
            relay = r;
        }
        host.transactions().sendRequest(outbound, target.peer(), r);
    }

    /** The ACK of {@code side}'s re-INVITE: passed on when the answer to our 2xx's offer is in it. */
    void onAck(CallLeg.Side side, SIPRequest ack) {
        if (relay != null && relay.from == side && relay.awaitingAck) {
            SIPRequest relayedAck = relay.target.ack(relay.outbound.getCSeq().getSeqNumber());
            SipBodies.copyBody(ack, relayedAck);
            host.transactions().sendStateless(relayedAck, relay.target.peer());
            relay = null;
        }
    }

    /** The call ended. */
    void clear() {
        relay = null;
    }

    /** A request relayed from one leg to the other, waiting for the other side's answer. */
    private final class Relay implements ClientTransaction.Listener {
        final CallLeg.Side from;
        final ServerTransaction inbound;
        final Dialog target;
        final SIPRequest outbound;
        boolean awaitingAck;

        Relay(CallLeg.Side from, ServerTransaction inbound, Dialog target, SIPRequest outbound) {
            this.from = from;
            this.inbound = inbound;
            this.target = target;
            this.outbound = outbound;
        }

        @Override
        public void onResponse(ClientTransaction tx, SIPResponse response) {
            int status = response.getStatusCode();
            if (status < 200) {
                return;
            }
            boolean invite = SIPRequest.INVITE.equals(outbound.getMethod());
            if (status < 300 && invite) {
                target.refreshTarget(response);
                if (awaitingAck || inbound.state() != org.atende.sip.transaction.TransactionState.PROCEEDING
                        && inbound.state() != org.atende.sip.transaction.TransactionState.TRYING) {
                    // retransmitted 2xx: answer it again with our ACK if we already sent one
                    return;
                }
                if (SipBodies.hasBody(inbound.request())) {
                    host.transactions().sendStateless(target.ack(outbound.getCSeq().getSeqNumber()), target.peer());
                    finishRelay();
                } else {
                    awaitingAck = true;
                }
            } else if (relay == this) {
                finishRelay();
            }
            SIPResponse answer = inbound.request().createResponse(status, response.getReasonPhrase());
            if (status < 300) {
                answer.setHeader(SipBuilder.contact(contactUser, host.listenPoint(inbound.source())));
                if (invite || "UPDATE".equals(outbound.getMethod())) {
                    SipBuilder.capabilities(answer);
                }
            }
            SipBodies.copyBody(response, answer);
            inbound.sendResponse(answer);
        }

        private void finishRelay() {
            if (relay == this) {
                relay = null;
            }
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            finishRelay();
            inbound.respond(408);
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            finishRelay();
            inbound.respond(503);
        }
    }

}
