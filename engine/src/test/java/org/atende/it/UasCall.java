package org.atende.it;

import gov.nist.javax.sip.message.SIPRequest;
import javax.sip.header.ContactHeader;

/** The callee's side of one call received by a {@link TestUa}. */
final class UasCall {

    private final TestUa ua;
    final SIPRequest invite;
    final String tag = "u" + Long.toHexString(System.nanoTime());
    private int cseq = 100;

    UasCall(TestUa ua, SIPRequest invite) {
        this.ua = ua;
        this.invite = invite;
    }

    /** The phone takes the next INVITE: 200 with an SDP answer on {@code mediaPort}, then the ACK. */
    static UasCall answer(TestUa phone, int mediaPort) throws InterruptedException {
        UasCall call = new UasCall(phone, phone.expectRequest("INVITE"));
        call.respond(200, "OK", TestUa.SDP.replace("40000", Integer.toString(mediaPort)));
        phone.expectRequest("ACK");
        return call;
    }

    void respond(int status, String reason, String body) {
        ua.sendResponse(invite, status, reason, tag, null, body);
    }

    void bye() {
        String remoteTarget = ((ContactHeader) invite.getHeader(ContactHeader.NAME)).getAddress().getURI().toString();
        String from = invite.getTo().getAddress().toString();
        String to = invite.getFrom().getAddress().toString();
        ua.sendMessage("BYE " + remoteTarget + " SIP/2.0\r\n" + ua.via(ua.newBranch())
                + "From: " + from + ";tag=" + tag + "\r\n"
                + "To: " + to + ";tag=" + invite.getFromTag() + "\r\n"
                + "Call-ID: " + invite.getCallId().getCallId() + "\r\n"
                + "CSeq: " + (++cseq) + " BYE\r\n"
                + "Max-Forwards: 70\r\n", "");
    }
}
