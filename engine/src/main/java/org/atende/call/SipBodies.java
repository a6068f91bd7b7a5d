package org.atende.call;

import gov.nist.javax.sip.header.ContentType;
import gov.nist.javax.sip.message.SIPMessage;
import java.text.ParseException;
import javax.sip.header.ContentTypeHeader;
import org.atende.sip.dialog.SipBuilder;

/** The bodies of the SIP messages a call sends: ours (SDP), or one passed on from the other leg as it came. */
final class SipBodies {

    private SipBodies() {
    }

    static boolean hasBody(SIPMessage message) {
        return message.getRawContent() != null && message.getRawContent().length > 0;
    }

    /** Gives {@code message} our SDP {@code sdp}; nothing when it is null. */
    static void setSdp(SIPMessage message, byte[] sdp) {
        if (sdp == null) {
            return;
        }
        try {
            message.setContent(sdp, SipBuilder.HEADERS.createContentTypeHeader("application", "sdp"));
        } catch (ParseException e) {
            throw new IllegalStateException("cannot set SDP", e);
        }
    }

    /** Copies {@code from}'s body and its Content-Type into {@code to}; nothing when it has none. */
    static void copyBody(SIPMessage from, SIPMessage to) {
        byte[] body = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        if (body == null || body.length == 0 || type == null) {
            return;
        }
        try {
            to.setContent(body, (ContentType) type.clone());
        } catch (ParseException e) {
            throw new IllegalStateException("cannot copy body", e);
        }
    }
}
