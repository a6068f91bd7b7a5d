package org.atende.sip.transport;

import gov.nist.javax.sip.message.SIPMessage;

/**
 * A parsed, validated SIP message as it left the decoder.
 *
 * @param message the request or response
 * @param source  where it came from (the connection's remote address over TCP)
 * @param local   the listener it arrived on
 */
public record InboundMessage(SIPMessage message, Endpoint source, ListenPoint local) {
}
