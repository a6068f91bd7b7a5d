package org.atende.sip.transport;

import java.util.concurrent.Executor;

/** Where the transport delivers what it decoded. */
public interface SipMessageSink {

    /** A valid message. Called on the loop that parsed it; implementations hand it to the owning shard. */
    void onMessage(InboundMessage message);

    /**
     * Where a datagram whose raw Call-ID is {@code callId} had best be parsed: the loop that will handle the call,
     * so that parsing spreads over the loops even when one peer sends everything to one socket (a trunk, a proxy,
     * SIPp), with the datagrams of one call still parsed in the order they came. Null, the default: on the loop that
     * received it.
     */
    default Executor parserFor(String callId) {
        return null;
    }
}
