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
        ua.sendMessage(inDialog("BYE", ++cseq), "");
    }

    /** A re-INVITE from the callee with an SDP offer; answer its 200 with {@link #ackReinvite()}. */
    void reinvite(String sdp) {
        ua.sendMessage(inDialog("INVITE", ++cseq) + "Contact: " + ua.contact() + "\r\nContent-Type: application/sdp\r\n",
                sdp);
    }

    void ackReinvite() {
        ua.sendMessage(inDialog("ACK", cseq), "");
    }

    private String inDialog(String method, int number) {
        String remoteTarget = ((ContactHeader) invite.getHeader(ContactHeader.NAME)).getAddress().getURI().toString();
        String from = invite.getTo().getAddress().toString();
        String to = invite.getFrom().getAddress().toString();
        return method + " " + remoteTarget + " SIP/2.0\r\n" + ua.via(ua.newBranch())
                + "From: " + from + ";tag=" + tag + "\r\n"
                + "To: " + to + ";tag=" + invite.getFromTag() + "\r\n"
                + "Call-ID: " + invite.getCallId().getCallId() + "\r\n"
                + "CSeq: " + number + " " + method + "\r\n"
                + "Max-Forwards: 70\r\n";
    }
}
