package org.atende.it;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import javax.sip.header.ContactHeader;

/** The caller's side of one call made by a {@link TestUa}: builds INVITE, ACK, CANCEL, BYE as text. */
final class UacCall {

    private final TestUa ua;
    final String target;
    final String callId;
    final String fromTag;
    private String inviteBranch;
    private int cseq = 1;
    private String toTag;
    private String remoteTarget;
    private String authorization = "";
    private String extraHeaders = "";
    private String fromHost = "127.0.0.1";

    UacCall(TestUa ua, String target) {
        this.ua = ua;
        this.target = target;
        this.callId = "call-" + ua.user + "-" + System.nanoTime() + "@test";
        this.fromTag = "f" + Long.toHexString(System.nanoTime());
        this.remoteTarget = "sip:" + target + "@127.0.0.1";
    }

    /** The host of the From URI (a carrier's own domain, say); 127.0.0.1, the demo domain, by default. */
    UacCall from(String host) {
        this.fromHost = host;
        return this;
    }

    UacCall headers(String extra) {
        this.extraHeaders = extra;
        return this;
    }

    /**
     * A call Atende answers itself (an IVR, a queue): INVITE with an SDP offer for {@code rtp}'s port, the 200,
     * the ACK. Returns the 200 (its SDP names Atende's media port).
     */
    gov.nist.javax.sip.message.SIPResponse answered(java.net.DatagramSocket rtp) throws InterruptedException {
        invite(null, TestUa.SDP.replace("40000", Integer.toString(rtp.getLocalPort())));
        gov.nist.javax.sip.message.SIPResponse ok = ua.expectResponse(200);
        ack(ok, "");
        return ok;
    }

    /** Sends the INVITE; when {@code password} is given answers the 407 challenge first. */
    void invite(String password, String sdp) throws InterruptedException {
        inviteBranch = ua.newBranch();
        ua.sendMessage(inviteHeaders(), sdp);
        if (password != null) {
            SIPResponse challenge = ua.expectResponse(407);
            sendAckForFailure(challenge);
            authorization = "Proxy-Authorization: " + ua.digest(challenge.getHeader("Proxy-Authenticate").toString(),
                    "INVITE", "sip:" + target + "@127.0.0.1", password) + "\r\n";
            cseq++;
            inviteBranch = ua.newBranch();
            ua.sendMessage(inviteHeaders(), sdp);
        }
    }

    private String inviteHeaders() {
        return "INVITE sip:" + target + "@127.0.0.1 SIP/2.0\r\n" + ua.via(inviteBranch)
                + "From: \"Test " + ua.user + "\" <sip:" + ua.user + "@" + fromHost + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:" + target + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " INVITE\r\n"
                + "Contact: " + ua.contact() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + extraHeaders + authorization
                + "Content-Type: application/sdp\r\n";
    }

    /** ACK for a non-2xx final response: same branch as the INVITE (RFC 3261 §17.1.1.3). */
    void sendAckForFailure(SIPResponse response) {
        ua.sendMessage("ACK sip:" + target + "@127.0.0.1 SIP/2.0\r\n" + ua.via(inviteBranch)
                + "From: <sip:" + ua.user + "@" + fromHost + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:" + target + "@127.0.0.1>;tag=" + response.getToTag() + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " ACK\r\n"
                + "Max-Forwards: 70\r\n", "");
    }

    /** Records the dialog from a 2xx and sends its ACK (new branch, CSeq of the INVITE). */
    void ack(SIPResponse ok, String body) {
        toTag = ok.getToTag();
        ContactHeader contact = (ContactHeader) ok.getHeader(ContactHeader.NAME);
        remoteTarget = contact.getAddress().getURI().toString();
        ua.sendMessage(inDialog("ACK", (int) ok.getCSeq().getSeqNumber())
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n"), body);
    }

    void cancel() {
        ua.sendMessage("CANCEL sip:" + target + "@127.0.0.1 SIP/2.0\r\n" + ua.via(inviteBranch)
                + "From: \"Test " + ua.user + "\" <sip:" + ua.user + "@" + fromHost + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:" + target + "@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " CANCEL\r\n"
                + "Max-Forwards: 70\r\n", "");
    }

    void bye() {
        ua.sendMessage(inDialog("BYE", ++cseq), "");
    }

    void reinvite(String sdp) {
        String request = inDialog("INVITE", ++cseq);
        int b = request.indexOf("branch=") + 7;
        reinviteBranch = request.substring(b, request.indexOf("\r\n", b)).split(";")[0];
        ua.sendMessage(request + "Contact: " + ua.contact() + "\r\nContent-Type: application/sdp\r\n", sdp);
    }

    /** ACK for a non-2xx answer to the last re-INVITE: same branch (RFC 3261 §17.1.1.3). */
    void ackReinviteFailure() {
        ua.sendMessage("ACK " + remoteTarget + " SIP/2.0\r\n" + ua.via(reinviteBranch)
                + "From: <sip:" + ua.user + "@" + fromHost + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:" + target + "@127.0.0.1>;tag=" + toTag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " ACK\r\n"
                + "Max-Forwards: 70\r\n", "");
    }

    private String reinviteBranch;

    void sendInDialog(String method, String extra, String body) {
        ua.sendMessage(inDialog(method, ++cseq) + extra, body);
    }

    int cseq() {
        return cseq;
    }

    private String inDialog(String method, int number) {
        return method + " " + remoteTarget + " SIP/2.0\r\n" + ua.via(ua.newBranch())
                + "From: <sip:" + ua.user + "@" + fromHost + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:" + target + "@127.0.0.1>;tag=" + toTag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + number + " " + method + "\r\n"
                + "Max-Forwards: 70\r\n";
    }

    /** For the callee side: a request sent by Atende inside the dialog, answered 200. */
    static void answerInDialog(TestUa ua, SIPRequest request, String body) {
        ua.sendResponse(request, 200, "OK", null, null, body);
    }
}
