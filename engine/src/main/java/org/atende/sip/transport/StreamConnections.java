package org.atende.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP and TLS connections of one node, accepted or opened by us, keyed by transport and remote address so that
 * messages to a peer reuse its connection (RFC 3261 §18.2.2, RFC 5923 in spirit). A message to a peer with no open
 * connection opens one; messages sent while it is being opened share that one connect. A connection the peer closed
 * is forgotten, and the next message opens a new one. Any thread.
 */
final class StreamConnections {

    private static final Logger log = LoggerFactory.getLogger(StreamConnections.class);

    /** A connection's identity: TCP and TLS to the same address are different connections. */
    record Key(Transport transport, InetSocketAddress remote) {
    }

    private final NettyTransports netty;
    private final EventLoopGroup group;
    private final Function<Transport, TcpChannelInitializer> outboundPipeline;
    private final Map<Key, Channel> open = new ConcurrentHashMap<>();
    private final Map<Key, ChannelFuture> connecting = new ConcurrentHashMap<>();

    StreamConnections(NettyTransports netty, EventLoopGroup group,
                      Function<Transport, TcpChannelInitializer> outboundPipeline) {
        this.netty = netty;
        this.group = group;
        this.outboundPipeline = outboundPipeline;
    }

    /** A connection became active (accepted, or connected by us). Runs on its event loop. */
    void opened(Transport transport, Channel channel) {
        Key key = new Key(transport, (InetSocketAddress) channel.remoteAddress());
        Channel previous = open.put(key, channel);
        if (previous != null && previous != channel) {
            log.debug("{} connection to {} replaced by a newer one", transport, key.remote());
        }
        channel.closeFuture().addListener(f -> open.remove(key, channel));
    }

    /** Sends {@code bytes} over the open connection to {@code destination}, opening one when there is none. */
    void send(byte[] bytes, Endpoint destination, SipSender.SendListener listener) {
        Key key = new Key(destination.transport(), destination.address());
        Channel existing = open.get(key);
        if (existing != null && existing.isActive()) {
            write(existing, bytes, listener);
            return;
        }
        ChannelFuture connect = connecting.computeIfAbsent(key, this::connect);
        connect.addListener((ChannelFutureListener) f -> {
            connecting.remove(key, f); // also when it failed before computeIfAbsent filed it
            if (f.isSuccess()) {
                write(f.channel(), bytes, listener);
            } else {
                listener.onFailure(f.cause());
            }
        });
    }

    private ChannelFuture connect(Key key) {
        log.debug("opening {} connection to {}", key.transport(), key.remote());
        ChannelFuture future = new Bootstrap()
                .group(group)
                .channelFactory(netty.socketChannelFactory())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(outboundPipeline.apply(key.transport()).toward(key.remote()))
                .connect(key.remote());
        return future;
    }

    private static void write(Channel channel, byte[] bytes, SipSender.SendListener listener) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                listener.onFailure(f.cause());
            }
        });
    }

    /** Open connections, for tests and metrics. */
    int size() {
        return open.size();
    }

    void closeAll() {
        for (ChannelFuture f : List.copyOf(connecting.values())) {
            f.cancel(false);
        }
        for (Channel c : List.copyOf(open.values())) {
            c.close();
        }
    }
}
