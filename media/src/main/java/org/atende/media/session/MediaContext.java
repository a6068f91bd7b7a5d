package org.atende.media.session;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * What the media legs of one shard share: the shard's event loop and media clock, the engine-wide port pool
 * and counters, and the addresses to bind and advertise.
 *
 * @param bindAddress the local address RTP sockets bind to
 * @param advertisedAddress the address written into our SDP (the bind address unless NAT says otherwise)
 * @param rtpTimeout a leg expecting media that receives none for this long is reported timed out
 */
public record MediaContext(EventLoop loop, ChannelFactory<? extends DatagramChannel> channels,
        ByteBufAllocator allocator, RtpPortPool ports, MediaClock clock, MediaCounters counters,
        InetAddress bindAddress, String advertisedAddress, Duration rtpTimeout) {

    public MediaContext {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(advertisedAddress, "advertisedAddress");
        Objects.requireNonNull(rtpTimeout, "rtpTimeout");
    }
}
