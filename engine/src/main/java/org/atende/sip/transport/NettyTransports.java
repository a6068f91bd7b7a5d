package org.atende.sip.transport;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/** Native epoll where the platform has it, NIO elsewhere: the one place that choice is made. */
public record NettyTransports(boolean epoll) {

    public static NettyTransports best() {
        return new NettyTransports(Epoll.isAvailable());
    }

    public String name() {
        return epoll ? "epoll" : "nio";
    }

    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, factory);
    }

    public ChannelFactory<? extends DatagramChannel> datagramChannelFactory() {
        return epoll ? EpollDatagramChannel::new : NioDatagramChannel::new;
    }

    /**
     * How many UDP sockets one listener binds: one per event loop with {@code SO_REUSEPORT} on epoll, so that the
     * kernel spreads datagrams (by source) over the loops and SIP parsing runs on every core; one elsewhere.
     */
    public int udpSocketsPerListener(EventLoopGroup group) {
        if (!epoll) {
            return 1;
        }
        int loops = 0;
        for (var ignored : group) {
            loops++;
        }
        return Math.max(1, loops);
    }

    /** Sets {@code SO_REUSEPORT} where sockets may share a port ({@link #udpSocketsPerListener}). */
    public Bootstrap reusePort(Bootstrap bootstrap) {
        return epoll ? bootstrap.option(EpollChannelOption.SO_REUSEPORT, true) : bootstrap;
    }

    public ChannelFactory<? extends ServerSocketChannel> serverChannelFactory() {
        return epoll ? EpollServerSocketChannel::new : NioServerSocketChannel::new;
    }

    public ChannelFactory<? extends SocketChannel> socketChannelFactory() {
        return epoll ? EpollSocketChannel::new : NioSocketChannel::new;
    }
}
