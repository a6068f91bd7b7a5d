package org.atende.call;

import static org.atende.call.SipBodies.copyBody;
import static org.atende.call.SipBodies.setSdp;

import gov.nist.javax.sip.message.SIPRequest;
import java.text.ParseException;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.URI;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transport.ListenPoint;

/**
 * The INVITEs one call sends toward its callee, one per destination (a registered contact, a queue agent's
 * contact, a carrier's proxy), all with the callee leg's own Call-ID and From tag: the caller's identity (toward a
 * carrier the number it presents, and the carrier's host in From and To), one Max-Forwards less than the caller's
 * INVITE, the session timer asked for, and our offer; with direct media the caller's SDP as it came. Runs on the
 * call's event loop only.
 */
final class CalleeInvites {

    private final CallHost host;
    private final CallerId caller;
    private final CallSessionTimers sessionTimers;
    private final String callId;
    private final String tag = SipBuilder.newTag();

    CalleeInvites(CallHost host, CallerId caller, CallSessionTimers sessionTimers) {
        this.host = host;
        this.caller = caller;
        this.sessionTimers = sessionTimers;
        this.callId = host.newCallId();
    }

    /**
     * The INVITE to {@code destination} for the caller's {@code callerInvite}, through {@code trunk} (null: not a
     * carrier), with {@code sdp}'s offer (null: direct media).
     */
    SIPRequest to(CalleeForks.Destination destination, SIPRequest callerInvite, TrunkTarget trunk, CallSdp sdp) {
        int maxForwards = callerInvite.getMaxForwards() == null ? 70
                : callerInvite.getMaxForwards().getMaxForwards() - 1;
        SIPRequest request = to(destination, trunk, maxForwards);
        if (sdp != null) {
            setSdp(request, sdp.calleeOffer());
        } else {
            copyBody(callerInvite, request);
        }
        return request;
    }

    /**
     * An INVITE Atende places itself (a callback's legs): to {@code destination}, through {@code trunk} (null: not
     * a carrier), with {@code offer} as its SDP.
     */
    SIPRequest originate(CalleeForks.Destination destination, TrunkTarget trunk, byte[] offer) {
        SIPRequest request = to(destination, trunk, 70);
        setSdp(request, offer);
        return request;
    }

    private SIPRequest to(CalleeForks.Destination destination, TrunkTarget trunk, int maxForwards) {
        try {
            URI requestUri = SipBuilder.ADDRESSES.createURI(destination.uri());
            // towards a carrier: its host in From and To, and the presented number (most carriers check both)
            String presented = trunk != null ? trunk.callerId().orElse(caller.user()) : caller.user();
            String domain = trunk != null ? trunk.proxy().host() : host.domain();
            Address from = SipBuilder.ADDRESSES.createAddress(SipBuilder.sipUri(presented, domain));
            if (caller.displayName() != null && !caller.displayName().isBlank() && trunk == null) {
                from.setDisplayName(caller.displayName());
            }
            Address to = SipBuilder.ADDRESSES.createAddress(SipBuilder.sipUri(destination.user(), domain));
            ListenPoint lp = host.listenPoint(destination.peer());
            SIPRequest request = (SIPRequest) SipBuilder.MESSAGES.createRequest(requestUri, SIPRequest.INVITE,
                    SipBuilder.HEADERS.createCallIdHeader(callId),
                    SipBuilder.HEADERS.createCSeqHeader(1L, SIPRequest.INVITE),
                    SipBuilder.HEADERS.createFromHeader(from, tag),
                    SipBuilder.HEADERS.createToHeader(to, null),
                    List.of(SipBuilder.via(lp)),
                    SipBuilder.HEADERS.createMaxForwardsHeader(maxForwards));
            request.setHeader(SipBuilder.contact(presented, lp));
            request.setHeader(SipBuilder.HEADERS.createUserAgentHeader(List.of(SipBuilder.USER_AGENT)));
            SipBuilder.capabilities(request);
            sessionTimers.offering(request);
            return request;
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException("cannot build INVITE to " + destination.uri(), e);
        }
    }
}
