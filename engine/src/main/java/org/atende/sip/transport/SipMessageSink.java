package org.atende.sip.transport;

/** Where the transport delivers what it decoded. */
public interface SipMessageSink {

    /** A valid message. Called on the channel's event loop; implementations hand it to the owning shard. */
    void onMessage(InboundMessage message);
}
