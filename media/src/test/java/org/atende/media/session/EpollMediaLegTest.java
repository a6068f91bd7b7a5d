package org.atende.media.session;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramChannel;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link MediaLegTest} on Netty's epoll transport, the one the engine runs on Linux: there a leg connects its
 * sockets to the peer once the latch has settled on it ({@link RtpEndpoint#connectRtp}), so every test, the
 * latching ones above all, also checks that the connected sockets keep the behaviour.
 */
@EnabledIf("io.netty.channel.epoll.Epoll#isAvailable")
class EpollMediaLegTest extends MediaLegTest {

    @Override
    IoHandlerFactory ioHandlers() {
        return EpollIoHandler.newFactory();
    }

    @Override
    ChannelFactory<? extends DatagramChannel> channels() {
        return EpollDatagramChannel::new;
    }

    @Override
    boolean connectsSockets() {
        return true;
    }
}
