package org.atende.sip.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramChannel;

/** The UDP pipeline: datagram in, one SIP message out. The only place its order is written. */
final class UdpChannelInitializer extends ChannelInitializer<DatagramChannel> {

    private final SipTransport transport;

    UdpChannelInitializer(SipTransport transport) {
        this.transport = transport;
    }

    @Override
    protected void initChannel(DatagramChannel ch) {
        ch.pipeline().addLast("sip-decoder", new SipMessageDecoder(transport, Transport.UDP));
    }
}
