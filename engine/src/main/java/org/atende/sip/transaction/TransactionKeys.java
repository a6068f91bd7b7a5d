package org.atende.sip.transaction;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.Locale;
import javax.sip.message.Request;

/**
 * The keys under which {@link TransactionLayer} files its transactions (RFC 3261 §17.1.3, §17.2.3, §8.2.2.2)
 * and the helpers that read them from messages. Pure functions, no state.
 */
final class TransactionKeys {

    /** RFC 3261 §8.1.1.7: branches starting with this cookie are unique per transaction. */
    static final String MAGIC_COOKIE = "z9hG4bK";

    private TransactionKeys() {
    }

    /** Where a server transaction is filed. */
    sealed interface ServerKey permits BranchKey, LegacyKey {
    }

    /** RFC 3261 §17.2.3 rule for branches with the magic cookie. {@code method} is INVITE for an ACK. */
    record BranchKey(String branch, String sentBy, String method) implements ServerKey {
    }

    /**
     * RFC 3261 §17.2.3 fallback for RFC 2543 peers (branch without the magic cookie): Request-URI, From tag,
     * Call-ID, CSeq, To tag and top Via. An ACK whose To tag is that of the response rather than the request is
     * matched by the layer in a second look-up with a null {@code toTag}.
     */
    record LegacyKey(String requestUri, String fromTag, String callId, long cseq, String method, String toTag,
            String topVia) implements ServerKey {
    }

    /** RFC 3261 §17.1.3: a response matches a client transaction by branch and CSeq method. */
    record ClientKey(String branch, String method) {
    }

    /** RFC 3261 §8.2.2.2: requests without a To tag that share these values are merged. */
    record MergeKey(String fromTag, String callId, long cseq, String method) {
    }

    /** The ACK for a 2xx: same Call-ID, CSeq number and To tag as the 2xx (RFC 3261 §13.2.2.4, RFC 6026). */
    record AckKey(String callId, long cseq, String toTag) {
    }

    static boolean hasMagicCookie(String branch) {
        return branch != null && branch.startsWith(MAGIC_COOKIE);
    }

    static String branch(SIPMessage message) {
        Via via = message.getTopmostVia();
        return via == null ? null : via.getBranch();
    }

    static String callId(SIPMessage message) {
        return message.getCallId() == null ? null : message.getCallId().getCallId();
    }

    static long cseq(SIPMessage message) {
        return message.getCSeq().getSeqNumber();
    }

    static String cseqMethod(SIPMessage message) {
        return message.getCSeq().getMethod();
    }

    /** The method whose transaction a request belongs to: an ACK belongs to the INVITE's. */
    static String transactionMethod(SIPRequest request) {
        String method = request.getMethod();
        return Request.ACK.equals(method) ? Request.INVITE : method;
    }

    /** Server key of {@code request}, as if its method were {@code method} (INVITE for ACK and CANCEL look-ups). */
    static ServerKey serverKey(SIPRequest request, String method) {
        Via via = request.getTopmostVia();
        String branch = via.getBranch();
        if (hasMagicCookie(branch)) {
            return new BranchKey(branch, sentBy(via), method);
        }
        return new LegacyKey(request.getRequestURI().toString(), request.getFromTag(), callId(request),
                cseq(request), method, request.getToTag(), via.getTransport() + " " + sentBy(via) + " " + branch);
    }

    static ServerKey serverKey(SIPRequest request) {
        return serverKey(request, transactionMethod(request));
    }

    static ClientKey clientKey(SIPMessage message) {
        return new ClientKey(branch(message), cseqMethod(message));
    }

    static MergeKey mergeKey(SIPRequest request) {
        return new MergeKey(request.getFromTag(), callId(request), cseq(request), cseqMethod(request));
    }

    static AckKey ackKey(SIPResponse ok) {
        return new AckKey(callId(ok), cseq(ok), ok.getToTag());
    }

    static AckKey ackKey(SIPRequest ack) {
        return new AckKey(callId(ack), cseq(ack), ack.getToTag());
    }

    /** Host (lower case) and port, the default port filled in, so {@code a.example} and {@code a.example:5060} match. */
    static String sentBy(Via via) {
        String transport = via.getTransport() == null ? "UDP" : via.getTransport();
        int port = via.hasPort() ? via.getPort() : "TLS".equalsIgnoreCase(transport) ? 5061 : 5060;
        return via.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
