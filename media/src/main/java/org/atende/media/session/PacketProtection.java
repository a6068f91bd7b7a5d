package org.atende.media.session;

import io.netty.buffer.ByteBuf;

/**
 * Transforms packets between the wire and the clear form a leg works on: SRTP/SRTCP for a leg that negotiated
 * it. Each method works in place on the packet's readable bytes and returns false when the packet must be
 * dropped (failed authentication, replay, too short). Never throws for bad input. Owned by the leg's loop.
 */
public interface PacketProtection {

    boolean protectRtp(ByteBuf packet);

    boolean unprotectRtp(ByteBuf packet);

    boolean protectRtcp(ByteBuf packet);

    boolean unprotectRtcp(ByteBuf packet);
}
