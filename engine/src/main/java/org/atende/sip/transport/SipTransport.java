package org.atende.sip.transport;

import gov.nist.javax.sip.message.SIPMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP transports of one node: a UDP socket and a TCP listener per configured address, and the
 * TCP connections (accepted or opened by us) keyed by remote address so that messages to a peer reuse
 * its connection. Outbound sends may come from any thread.
 */
public final class SipTransport implements SipSender, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SipTransport.class);
    private static final Logger wire = LoggerFactory.getLogger("org.atende.sip.wire");

    private final NettyTransports netty;
    private final EventLoopGroup group;
    private final SipMessageSink sink;
    private final int maxMessageSize;
    private final boolean trace;
    private final List<ListenPoint> listenPoints = new ArrayList<>();
    private final List<Channel> serverChannels = new ArrayList<>();
    private final Map<Transport, Channel> udpByTransport = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Channel> tcpConnections = new ConcurrentHashMap<>();
    private final LongAdder malformed = new LongAdder();

    public SipTransport(NettyTransports netty, EventLoopGroup group, SipMessageSink sink, int maxMessageSize, boolean trace) {
        this.netty = netty;
        this.group = group;
        this.sink = sink;
        this.maxMessageSize = maxMessageSize;
        this.trace = trace;
    }

    /** Binds one listener; blocks until bound. Port 0 binds an ephemeral port (tests). */
    public ListenPoint bind(Transport transport, InetSocketAddress address, String advertise) throws InterruptedException {
        Channel channel;
        if (transport == Transport.UDP) {
            channel = new Bootstrap()
                    .group(group)
                    .channelFactory(netty.datagramChannelFactory())
                    .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                    .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                    // Netty reads datagrams into 2048-byte buffers by default: larger SIP messages would be cut
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                    .handler(new UdpChannelInitializer(this))
                    .bind(address).sync().channel();
        } else {
            channel = new ServerBootstrap()
                    .group(group)
                    .channelFactory(netty.serverChannelFactory())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new TcpChannelInitializer(this))
                    .bind(address).sync().channel();
        }
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        ListenPoint point = new ListenPoint(transport, bound, advertise == null ? bound.getAddress().getHostAddress() : advertise);
        channel.attr(TcpChannelInitializer.LISTEN_POINT).set(point);
        serverChannels.add(channel);
        listenPoints.add(point);
        if (transport == Transport.UDP) {
            udpByTransport.putIfAbsent(transport, channel);
        }
        log.info("SIP listening on {} ({})", point, netty.name());
        return point;
    }

    public List<ListenPoint> listenPoints() {
        return List.copyOf(listenPoints);
    }

    /** The listen point used for messages sent over {@code transport}: the first one of that transport. */
    public ListenPoint listenPoint(Transport transport) {
        for (ListenPoint p : listenPoints) {
            if (p.transport() == transport) {
                return p;
            }
        }
        return listenPoints.get(0);
    }

    public boolean hasTransport(Transport transport) {
        return listenPoints.stream().anyMatch(p -> p.transport() == transport);
    }

    /** Messages refused by the decoder since start. */
    public long malformedCount() {
        return malformed.sum();
    }

    int maxMessageSize() {
        return maxMessageSize;
    }

    SipMessageSink sink() {
        return sink;
    }

    void countMalformed() {
        malformed.increment();
    }

    void traceIn(Endpoint from, byte[] data, int offset, int length) {
        if (trace && wire.isDebugEnabled()) {
            wire.debug("recv {} bytes from {}:\n{}", length, from, capped(new String(data, offset, length, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static String capped(String s) {
        return s.length() > 4096 ? s.substring(0, 4096) + "…" : s;
    }

    /**
     * Records a connection under its remote address so that later messages to that peer reuse it. A connection we
     * open is initialised before it connects and has no remote address yet: {@link #sendTcp} records it once
     * connected.
     */
    void tcpConnected(Channel channel) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        if (remote == null) {
            return;
        }
        tcpConnections.put(remote, channel);
        channel.closeFuture().addListener(f -> tcpConnections.remove(remote, channel));
    }

    @Override
    public void send(SIPMessage message, Endpoint destination, SendListener listener) {
        byte[] bytes;
        try {
            bytes = org.atende.sip.message.SipMessages.encode(message);
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        if (trace && wire.isDebugEnabled()) {
            wire.debug("send {} bytes to {}:\n{}", bytes.length, destination, capped(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        }
        switch (destination.transport()) {
            case UDP -> sendUdp(bytes, destination, listener);
            case TCP -> sendTcp(bytes, destination, listener);
        }
    }

    @Override
    public void sendEncoded(byte[] encoded, Endpoint destination, SendListener listener) {
        if (trace && wire.isDebugEnabled()) {
            wire.debug("send {} bytes to {}:\n{}", encoded.length, destination,
                    capped(new String(encoded, java.nio.charset.StandardCharsets.UTF_8)));
        }
        switch (destination.transport()) {
            case UDP -> sendUdp(encoded, destination, listener);
            case TCP -> sendTcp(encoded, destination, listener);
        }
    }

    /** Sends raw bytes back to a peer (error responses from the decoder). */
    void sendRaw(byte[] bytes, Endpoint destination) {
        if (destination.transport() == Transport.UDP) {
            sendUdp(bytes, destination, SendListener.IGNORE);
        } else {
            sendTcp(bytes, destination, SendListener.IGNORE);
        }
    }

    private void sendUdp(byte[] bytes, Endpoint destination, SendListener listener) {
        Channel channel = udpByTransport.get(Transport.UDP);
        if (channel == null) {
            listener.onFailure(new IllegalStateException("no UDP listener"));
            return;
        }
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), destination.address()))
                .addListener(failureReporter(listener));
    }

    private void sendTcp(byte[] bytes, Endpoint destination, SendListener listener) {
        Channel existing = tcpConnections.get(destination.address());
        if (existing != null && existing.isActive()) {
            existing.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(failureReporter(listener));
            return;
        }
        ChannelFuture connect = new Bootstrap()
                .group(group)
                .channelFactory(netty.socketChannelFactory())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new TcpChannelInitializer(this, listenPoint(Transport.TCP)))
                .connect(destination.address());
        connect.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                tcpConnected(f.channel());
                f.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(failureReporter(listener));
            } else {
                    listener.onFailure(f.cause());
            }
        });
    }

    private ChannelFutureListener failureReporter(SendListener listener) {
        return f -> {
            if (!f.isSuccess()) {
                    listener.onFailure(f.cause());
            }
        };
    }

    @Override
    public void close() {
        for (Channel c : tcpConnections.values()) {
            c.close();
        }
        for (Channel c : serverChannels) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
