package org.atende.sip.message;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.Objects;

/**
 * What {@link SipParser#parse} made of one datagram or one framed stream message: either a fully
 * validated message or a {@link MalformedSipMessage} describing why it was refused.
 */
public sealed interface ParseOutcome permits ParseOutcome.Parsed, MalformedSipMessage {

    /** A well-formed message: a {@link gov.nist.javax.sip.message.SIPRequest} or {@link gov.nist.javax.sip.message.SIPResponse}. */
    record Parsed(SIPMessage message) implements ParseOutcome {
        public Parsed {
            Objects.requireNonNull(message, "message");
        }

        public boolean isRequest() {
            return message instanceof SIPRequest;
        }
    }
}
