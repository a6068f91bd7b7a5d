package org.atende.sip.transport;

import gov.nist.javax.sip.message.SIPMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP transports of one node: a UDP socket, TCP listener or TLS listener per configured address, and the TCP and
 * TLS connections (accepted or opened by us, {@link StreamConnections}). A response or a request to a peer leaves
 * from the socket the peer's messages arrive on ({@link Endpoint#local()}, RFC 3261 §18.2.2), else from the first
 * listener of its transport. Outbound sends may come from any thread.
 */
public final class SipTransport implements SipSender, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SipTransport.class);
    private static final Logger wire = LoggerFactory.getLogger("org.atende.sip.wire");

    private final NettyTransports netty;
    private final EventLoopGroup group;
    private final SipMessageSink sink;
    private final int maxMessageSize;
    private final boolean trace;
    private final TlsClient tlsClient;
    private final List<ListenPoint> listenPoints = new CopyOnWriteArrayList<>();
    private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
    private final Map<InetSocketAddress, List<Channel>> udpByAddress = new ConcurrentHashMap<>();
    private final StreamConnections connections;
    private final LongAdder malformed = new LongAdder();
    private final LongAdder connectionErrors = new LongAdder();
    private final LongAdder keepAliveFailures = new LongAdder();
    /** The keep-alive timing of connections opened from now on; null for the production one. Tests only. */
    private volatile KeepAlive keepAlive;

    /** CRLF keep-alive timing: a ping after {@code interval} without writing, the pong awaited {@code pongTimeout}. */
    record KeepAlive(Duration interval, Duration pongTimeout) {
    }

    /**
     * How Atende opens TLS connections: a client context (the trusted certificates) and whether the peer's
     * certificate must name the host (on by default; RFC 5922).
     */
    public record TlsClient(SslContext context, boolean verifyHost) {
    }

    public SipTransport(NettyTransports netty, EventLoopGroup group, SipMessageSink sink, int maxMessageSize, boolean trace) {
        this(netty, group, sink, maxMessageSize, trace, null);
    }

    /** {@code tlsClient}: how to open TLS connections; null when Atende opens none. */
    public SipTransport(NettyTransports netty, EventLoopGroup group, SipMessageSink sink, int maxMessageSize, boolean trace,
                        TlsClient tlsClient) {
        this.netty = netty;
        this.group = group;
        this.sink = sink;
        this.maxMessageSize = maxMessageSize;
        this.trace = trace;
        this.tlsClient = tlsClient;
        this.connections = new StreamConnections(netty, group, this::outboundPipeline);
    }

    /** Binds one UDP or TCP listener; blocks until bound. Port 0 binds an ephemeral port (tests). */
    public ListenPoint bind(Transport transport, InetSocketAddress address, String advertise) throws InterruptedException {
        return bind(transport, address, advertise, null);
    }

    /**
     * Binds one listener; blocks until bound. Port 0 binds an ephemeral port (tests).
     *
     * @param tls the server context of a TLS listener (its certificate and key), null for UDP and TCP
     */
    public ListenPoint bind(Transport transport, InetSocketAddress address, String advertise, SslContext tls)
            throws InterruptedException {
        if ((transport == Transport.TLS) != (tls != null)) {
            throw new IllegalArgumentException("a TLS listener, and only one, has a TLS context");
        }
        if (transport == Transport.UDP) {
            return bindUdp(address, advertise);
        }
        Channel channel = new ServerBootstrap()
                .group(group)
                .channelFactory(netty.serverChannelFactory())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(TcpChannelInitializer.accepting(this, transport, tls))
                .bind(address).sync().channel();
        return listening(transport, channel, advertise);
    }

    /**
     * A UDP listener: one socket per event loop sharing the port ({@link NettyTransports#udpSocketsPerListener}),
     * each bound on its own loop, so that datagrams are parsed on every core.
     */
    private ListenPoint bindUdp(InetSocketAddress address, String advertise) throws InterruptedException {
        int sockets = netty.udpSocketsPerListener(group);
        Channel first = udpBootstrap(sockets > 1).bind(address).sync().channel();
        ListenPoint point = listening(Transport.UDP, first, advertise);
        List<Channel> all = new ArrayList<>(List.of(first));
        for (int i = 1; i < sockets; i++) {
            Channel more = udpBootstrap(true).bind(point.bound()).sync().channel();
            more.attr(TcpChannelInitializer.LISTEN_POINT).set(point);
            serverChannels.add(more);
            all.add(more);
        }
        udpByAddress.putIfAbsent(point.bound(), List.copyOf(all));
        return point;
    }

    /**
     * The SIP UDP socket's receive buffer (the kernel doubles it for bookkeeping, and a small datagram on loopback
     * takes about 2 KB of it): some 900 requests, about 0.3 s at this engine's REGISTER capacity on two cores. Enough
     * to ride out a GC pause or a busy loop, and deliberately less than T1 (500 ms): a request that waited in the
     * kernel longer than T1 has been retransmitted already, so a deep buffer only hands an overloaded engine stale
     * requests whose retransmissions it then parses too. With 4 MB (8 MB allowed here) a registration storm kept 2 s
     * of requests queued and collapsed into retransmissions; a full buffer drops datagrams before they cost anything,
     * and the peer's retransmission comes back when there is room.
     */
    static final int UDP_RECEIVE_BUFFER = 1024 * 1024;

    /**
     * How many datagrams a SIP socket's loop reads before it turns to its other work. Netty's default for datagram
     * channels, 16, let the socket's queue grow to its whole buffer at 800 IVR calls/s (about 2,400 SIP messages a
     * second on one socket, the loop busy with its calls' media between reads), and INVITEs waited there 70 ms
     * (p99) for their 100 Trying. Reading is cheap: a datagram read costs its Call-ID scan and a hand-over to its
     * owner loop, so the loop drains the socket instead.
     */
    static final int UDP_READS_PER_WAKE_UP = 256;

    private Bootstrap udpBootstrap(boolean shared) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channelFactory(netty.datagramChannelFactory())
                .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                // Netty reads datagrams into 2048-byte buffers by default: larger SIP messages would be cut
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536)
                        .maxMessagesPerRead(UDP_READS_PER_WAKE_UP))
                .handler(new UdpChannelInitializer(this));
        return shared ? netty.reusePort(b) : b;
    }

    private ListenPoint listening(Transport transport, Channel channel, String advertise) {
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        ListenPoint point = new ListenPoint(transport, bound, advertise == null ? bound.getAddress().getHostAddress() : advertise);
        channel.attr(TcpChannelInitializer.LISTEN_POINT).set(point);
        serverChannels.add(channel);
        listenPoints.add(point);
        log.info("SIP listening on {} ({}{})", point, netty.name(), transport == Transport.UDP
                && netty.udpSocketsPerListener(group) > 1 ? ", " + netty.udpSocketsPerListener(group) + " sockets" : "");
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

    /** Whether messages can be sent over {@code transport}: a listener of it, and for TLS a client context. */
    public boolean canSend(Transport transport) {
        return hasTransport(transport) && (transport != Transport.TLS || tlsClient != null);
    }

    /** Messages refused by the decoder since start. */
    public long malformedCount() {
        return malformed.sum();
    }

    /** Stream connections that failed (TLS handshakes, resets) since start. */
    public long connectionErrorCount() {
        return connectionErrors.sum();
    }

    /** Connections Atende opened that it closed because a CRLF keep-alive ping got no pong (RFC 5626 §4.4.1). */
    public long keepAliveFailureCount() {
        return keepAliveFailures.sum();
    }

    /** TCP and TLS connections open now. */
    public int openConnections() {
        return connections.size();
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

    void countKeepAliveFailure() {
        keepAliveFailures.increment();
    }

    /** Sets the keep-alive timing of connections opened from now on (tests: a ping after 200 ms). */
    void keepAlive(Duration interval, Duration pongTimeout) {
        this.keepAlive = new KeepAlive(interval, pongTimeout);
    }

    KeepAlive keepAlive() {
        return keepAlive;
    }

    void countConnectionError() {
        connectionErrors.increment();
    }

    void traceIn(Endpoint from, byte[] data, int offset, int length) {
        if (trace && wire.isDebugEnabled()) {
            wire.debug("recv {} bytes from {}:\n{}", length, from, capped(new String(data, offset, length, StandardCharsets.UTF_8)));
        }
    }

    private static String capped(String s) {
        return s.length() > 4096 ? s.substring(0, 4096) + "…" : s;
    }

    void connectionOpened(Transport transport, Channel channel) {
        connections.opened(transport, channel);
    }

    private TcpChannelInitializer outboundPipeline(Transport transport) {
        if (transport == Transport.TLS) {
            return TcpChannelInitializer.connecting(this, transport, listenPoint(transport), tlsClient.context(),
                    tlsClient.verifyHost());
        }
        return TcpChannelInitializer.connecting(this, transport, listenPoint(transport), null, false);
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
        sendEncoded(bytes, destination, listener);
    }

    @Override
    public void sendEncoded(byte[] encoded, Endpoint destination, SendListener listener) {
        if (trace && wire.isDebugEnabled()) {
            wire.debug("send {} bytes to {}:\n{}", encoded.length, destination, capped(new String(encoded, StandardCharsets.UTF_8)));
        }
        switch (destination.transport()) {
            case UDP -> sendUdp(encoded, destination, listener);
            case TCP -> connections.send(encoded, destination, listener);
            case TLS -> {
                if (tlsClient == null && !hasTransport(Transport.TLS)) {
                    listener.onFailure(new IllegalStateException("no TLS configured"));
                } else {
                    connections.send(encoded, destination, listener);
                }
            }
        }
    }

    /** Sends raw bytes back to a peer (error responses from the decoder). */
    void sendRaw(byte[] bytes, Endpoint destination) {
        sendEncoded(bytes, destination, SendListener.IGNORE);
    }

    private void sendUdp(byte[] bytes, Endpoint destination, SendListener listener) {
        List<Channel> sockets = destination.local() == null ? null : udpByAddress.get(destination.local().bound());
        if (sockets == null && hasTransport(Transport.UDP)) {
            sockets = udpByAddress.get(listenPoint(Transport.UDP).bound());
        }
        if (sockets == null) {
            listener.onFailure(new IllegalStateException("no UDP listener"));
            return;
        }
        Channel channel = onThisLoop(sockets);
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), destination.address()))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        listener.onFailure(f.cause());
                    }
                });
    }

    /** The socket whose event loop is the caller's, if any (no hand-off between threads), else the first. */
    private static Channel onThisLoop(List<Channel> sockets) {
        for (Channel c : sockets) {
            if (c.eventLoop().inEventLoop()) {
                return c;
            }
        }
        return sockets.get(0);
    }

    @Override
    public void close() {
        connections.closeAll();
        for (Channel c : serverChannels) {
            c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }
}
