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
