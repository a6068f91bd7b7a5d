package org.atende.sip.dialog;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.RecordRouteList;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.ListenPoint;

/**
 * One SIP dialog (RFC 3261 §12) seen from Atende's side: identifiers, the remote target, the route set and
 * both CSeq spaces. Owned by the call's event loop.
 *
 * <p>In-dialog requests are sent to {@link #peer()}, the transport address the other side talks to us
 * from (symmetric signalling, so phones behind NAT are reached), with the Request-URI set to the remote
 * target and the route set as Route headers.
 */
public final class Dialog {

    public enum State { EARLY, CONFIRMED, TERMINATED }

    private final String callId;
    private final String localTag;
    private final String remoteTag;
    private final Address localAddress;
    private final Address remoteAddress;
    private final List<Address> routeSet;
    private final Endpoint peer;
    private final ListenPoint local;
    private URI remoteTarget;
    private long localCSeq;
    private long remoteCSeq;
    private State state;

    private Dialog(String callId, String localTag, String remoteTag, Address localAddress, Address remoteAddress,
                   URI remoteTarget, List<Address> routeSet, long localCSeq, long remoteCSeq, Endpoint peer,
                   ListenPoint local, State state) {
        this.callId = callId;
        this.localTag = localTag;
        this.remoteTag = remoteTag;
        this.localAddress = localAddress;
        this.remoteAddress = remoteAddress;
        this.remoteTarget = remoteTarget;
        this.routeSet = routeSet;
        this.localCSeq = localCSeq;
        this.remoteCSeq = remoteCSeq;
        this.peer = peer;
        this.local = local;
        this.state = state;
    }

    /** The dialog a UAS creates by answering {@code request} with {@code localTag} (RFC 3261 §12.1.1). */
    public static Dialog asUas(SIPRequest request, String localTag, Endpoint peer, ListenPoint local, State state) {
        List<Address> routes = new ArrayList<>();
        RecordRouteList rr = request.getRecordRouteHeaders();
        if (rr != null) {
            for (var h : rr) {
                routes.add(((RecordRouteHeader) h).getAddress());
            }
        }
        return new Dialog(request.getCallId().getCallId(), localTag, request.getFromTag(),
                request.getTo().getAddress(), request.getFrom().getAddress(), contactUri(request),
                routes, 0, request.getCSeq().getSeqNumber(), peer, local, state);
    }

    /**
     * The dialog a UAC gets from a response with a To tag to its request (RFC 3261 §12.1.2). The response carries
     * the request's From, To, Call-ID and CSeq; {@code requestUri} is the target when the response has no Contact.
     */
    public static Dialog asUac(SIPResponse response, URI requestUri, Endpoint peer, ListenPoint local) {
        List<Address> routes = new ArrayList<>();
        RecordRouteList rr = response.getRecordRouteHeaders();
        if (rr != null) {
            for (var h : rr) {
                routes.add(((RecordRouteHeader) h).getAddress());
            }
            Collections.reverse(routes);
        }
        URI target = contactUri(response);
        State state = response.getStatusCode() / 100 == 2 ? State.CONFIRMED : State.EARLY;
        return new Dialog(response.getCallId().getCallId(), response.getFromTag(), response.getToTag(),
                response.getFrom().getAddress(), response.getTo().getAddress(),
                target != null ? target : requestUri, routes,
                response.getCSeq().getSeqNumber(), -1, peer, local, state);
    }

    private static URI contactUri(SIPMessage message) {
        ContactHeader contact = (ContactHeader) message.getHeader(ContactHeader.NAME);
        return contact == null || contact.getAddress() == null ? null : contact.getAddress().getURI();
    }

    /**
     * Builds a new in-dialog request (RFC 3261 §12.2.1.1): next local CSeq, route set, a fresh Via.
     * ACK and CANCEL are not built here.
     */
    public SIPRequest newRequest(String method) {
        return build(method, ++localCSeq);
    }

    /** The ACK for a 2xx to the INVITE sent with {@code inviteCSeq} (RFC 3261 §13.2.2.4): same CSeq number. */
    public SIPRequest ack(long inviteCSeq) {
        return build(SIPRequest.ACK, inviteCSeq);
    }

    private SIPRequest build(String method, long cseqNumber) {
        try {
            From from = (From) SipBuilder.HEADERS.createFromHeader(localAddress, localTag);
            To to = (To) SipBuilder.HEADERS.createToHeader(remoteAddress, remoteTag);
            CallID callIdHeader = (CallID) SipBuilder.HEADERS.createCallIdHeader(callId);
            CSeq cseq = (CSeq) SipBuilder.HEADERS.createCSeqHeader(cseqNumber, method);
            MaxForwards maxForwards = (MaxForwards) SipBuilder.HEADERS.createMaxForwardsHeader(70);
            SIPRequest request = (SIPRequest) SipBuilder.MESSAGES.createRequest(
                    (URI) remoteTarget.clone(), method, callIdHeader, cseq, from, to,
                    List.of(SipBuilder.via(local)), maxForwards);
            ListIterator<Address> it = routeSet.listIterator();
            while (it.hasNext()) {
                RouteHeader route = SipBuilder.HEADERS.createRouteHeader(it.next());
                request.addHeader(route);
            }
            request.setHeader(SipBuilder.contact("atende", local));
            if (SIPRequest.INVITE.equals(method) || "UPDATE".equals(method)) {
                SipBuilder.capabilities(request);
            }
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build " + method + " in dialog " + callId, e);
        }
    }

    /**
     * Checks and records the CSeq of an incoming in-dialog request (RFC 3261 §12.2.2). Returns false when it
     * is lower than or equal to the last one (the request gets 500).
     */
    public boolean acceptRemoteCSeq(long cseq) {
        if (remoteCSeq >= 0 && cseq <= remoteCSeq) {
            return false;
        }
        remoteCSeq = cseq;
        return true;
    }

    /** A target refresh (re-INVITE, UPDATE) may change the remote target (RFC 3261 §12.2.2). */
    public void refreshTarget(SIPMessage message) {
        URI target = contactUri(message);
        if (target != null) {
            remoteTarget = target;
        }
    }

    public void confirm() {
        if (state == State.EARLY) {
            state = State.CONFIRMED;
        }
    }

    public void terminate() {
        state = State.TERMINATED;
    }

    public String callId() { return callId; }
    public String localTag() { return localTag; }
    public String remoteTag() { return remoteTag; }
    public Endpoint peer() { return peer; }
    public State state() { return state; }
    public long localCSeq() { return localCSeq; }
    public URI remoteTarget() { return remoteTarget; }

    /**
     * The dialog's identity (RFC 3261 §12): Call-ID and both tags. Our tag alone is not enough: the legs forked to
     * several contacts share Call-ID and our From tag, and differ only by each contact's To tag.
     */
    public Key key() {
        return new Key(callId, localTag, remoteTag == null ? "" : remoteTag);
    }

    /** The key of the dialog an incoming request belongs to: our tag is its To tag, the peer's its From tag. */
    public static Key keyOf(SIPRequest request) {
        String fromTag = request.getFromTag();
        return new Key(request.getCallId().getCallId(), request.getToTag(), fromTag == null ? "" : fromTag);
    }

    /** Call-ID, our tag, the peer's tag ({@code ""} for an RFC 2543 peer that sent none). */
    public record Key(String callId, String localTag, String remoteTag) {
    }

    @Override
    public String toString() {
        return "Dialog[" + callId + ", local=" + localTag + ", remote=" + remoteTag + ", " + state + "]";
    }
}
