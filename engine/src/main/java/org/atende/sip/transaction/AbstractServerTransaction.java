package org.atende.sip.transaction;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import org.atende.sip.transport.Endpoint;

/**
 * Shared part of the INVITE and non-INVITE server transactions: the source, the TU's listener, the last
 * response sent (for retransmissions) and how TU calls enter the owning loop's dispatch.
 */
abstract sealed class AbstractServerTransaction extends AbstractTransaction implements ServerTransaction
        permits InviteServerTransaction, NonInviteServerTransaction {

    private static final Listener NO_LISTENER = new Listener() { };

    final Endpoint source;
    final TransactionKeys.ServerKey key;
    Listener listener = NO_LISTENER;
    /** Last response passed to the transport, resent when the request is retransmitted. */
    SIPResponse lastResponse;
    /** The last response as bytes, when the message itself was released (non-INVITE COMPLETED). */
    byte[] lastResponseBytes;
    /** Under which key the layer filed this transaction for merged-request detection; null if not filed. */
    final TransactionKeys.MergeKey mergeKey;

    AbstractServerTransaction(TransactionLayer layer, SIPRequest request, Endpoint source, TransactionKeys.ServerKey key,
                              TransactionKeys.MergeKey mergeKey) {
        super(layer, request, source.transport().reliable());
        this.source = source;
        this.key = key;
        this.mergeKey = mergeKey;
    }

    @Override
    public final Endpoint source() {
        return source;
    }

    @Override
    public final void setListener(Listener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    /** Runs on the owning loop (the TU's thread). Responses after TERMINATED are dropped and logged. */
    @Override
    public final void sendResponse(SIPResponse response) {
        layer.dispatch(() -> onResponseFromTu(response));
    }

    /**
     * Builds the response with {@link SIPRequest#createResponse(int)} and sends it. Above 100, if the request had
     * no To tag, the response gets one: the tag of an earlier response of this transaction if there is one
     * (so a 180 and the later 487 agree), otherwise a fresh one (RFC 3261 §8.2.6.2).
     */
    @Override
    public final SIPResponse respond(int status) {
        return respond(status, null);
    }

    final SIPResponse respond(int status, String preferredToTag) {
        if (request == null) {
            TransactionLayer.log.debug("{} {} in {} drops respond({}) (Call-ID {}, branch {})", kind(), method, state(),
                    status, callId, branch);
            return null;
        }
        SIPResponse response = request.createResponse(status);
        if (status > 100 && !request.hasToTag()) {
            String tag = lastResponse != null && lastResponse.hasToTag() ? lastResponse.getToTag()
                    : preferredToTag != null ? preferredToTag : TransactionLayer.newTag();
            setToTag(response, tag);
        }
        sendResponse(response);
        return response;
    }

    static void setToTag(SIPResponse response, String tag) {
        try {
            response.getTo().setTag(tag);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad To tag " + tag, e);
        }
    }

    /** The To tag this transaction answered with, or null before any response carrying one. */
    final String responseToTag() {
        return lastResponse != null && lastResponse.hasToTag() ? lastResponse.getToTag() : null;
    }

    /** A response from the TU, on the owning loop. */
    abstract void onResponseFromTu(SIPResponse response);

    /** The request arrived again (same transaction key). */
    abstract void onRetransmission(SIPRequest retransmission);

    final void sendLastResponse() {
        if (lastResponse != null) {
            send(lastResponse, source);
        } else if (lastResponseBytes != null) {
            sendEncoded(lastResponseBytes, source);
        }
    }

    /** Keeps only the encoded last response and drops the parsed messages (see {@link #releaseRequest}). */
    final void releaseMessages() {
        if (lastResponse != null) {
            lastResponseBytes = org.atende.sip.message.SipMessages.encode(lastResponse);
            lastResponse = null;
        }
        releaseRequest();
    }

    final void dropResponse(SIPResponse response) {
        TransactionLayer.log.debug("{} {} in {} drops response {} (Call-ID {}, branch {})", kind(),
                method, state(), response.getStatusCode(), callId, branch);
    }

    @Override
    void onTerminated() {
        listener.onTerminated(this);
    }

    @Override
    final void onTransportError(Throwable cause) {
        terminate(() -> listener.onTransportError(this, cause));
    }

    static boolean isProvisional(SIPResponse response) {
        return response.getStatusCode() < 200;
    }

    static boolean isSuccess(SIPResponse response) {
        int status = response.getStatusCode();
        return status >= 200 && status < 300;
    }
}
