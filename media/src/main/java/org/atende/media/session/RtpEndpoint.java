package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leg's sockets: RTP on an even port from the pool and RTCP on the odd port after it, bound on the call's
 * event loop. What they read goes to the leg ({@link ReceivePath}, {@link RtcpEndpoint}); each datagram is
 * released once they return.
 *
 * <p>Each socket is connected to the peer while the leg's {@link SourceLatch} has settled on it
 * ({@link #connectRtp}, {@link #connectRtcp}), and disconnected when it no longer has (a new SDP address, a
 * stream that re-latched): connected, the kernel keeps other sources out, the packet is written as the buffer
 * itself (no {@link DatagramPacket}, no address converted per send) and Netty's epoll transport reads it with
 * {@code recv} into a cached peer address instead of building one per datagram (it still wraps each datagram
 * in a {@link DatagramPacket} for the pipeline: 24 bytes). The socket connects while the latching packet is being
 * read; Netty decides per read batch whether the socket is connected, so what the kernel had queued before is
 * read in that batch with its own sender and goes through the latch as before (only datagrams beyond the
 * batch's 16 would be taken for the peer's). A connected socket also hears of ICMP errors (the peer's port
 * closed): they surface as a failed read or write, logged at DEBUG, and the socket carries on. The NIO transport
 * is never connected: the JDK's {@code DatagramChannel.connect} discards the datagrams already queued, the
 * peer's included. Not thread-safe: owned by the leg's loop.
 */
final class RtpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(RtpEndpoint.class);
    private static final int RECEIVE_BUFFER = 2048;

    private final MediaContext ctx;
    private final int rtpPort;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;
    /** False on NIO (see the class comment). */
    private final boolean connectable;
    /** Where each socket is connected; null while unconnected. */
    private InetSocketAddress rtpPeer;
    private InetSocketAddress rtcpPeer;

    private RtpEndpoint(MediaContext ctx, int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {
        this.ctx = ctx;
        this.rtpPort = rtpPort;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.connectable = !(rtp instanceof NioDatagramChannel);
    }

    /** Binds a port pair from the pool (on the context's loop); null when none could be had. */
    static RtpEndpoint bind(MediaContext ctx) {
        assert ctx.loop().inEventLoop();
        for (int attempt = 0; attempt < 8; attempt++) {
            OptionalInt port = ctx.ports().acquire();
            if (port.isEmpty()) {
                break;
            }
            DatagramChannel rtp = bind(ctx, port.getAsInt());
            if (rtp == null) {
                ctx.ports().release(port.getAsInt()); // taken by another process: try the next pair
                continue;
            }
            DatagramChannel rtcp = bind(ctx, port.getAsInt() + 1);
            if (rtcp == null) {
                rtp.close();
                ctx.ports().release(port.getAsInt());
                continue;
            }
            return new RtpEndpoint(ctx, port.getAsInt(), rtp, rtcp);
        }
        return null;
    }

    private static DatagramChannel bind(MediaContext ctx, int port) {
        DatagramChannel channel = ctx.channels().newChannel();
        channel.config().setOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECEIVE_BUFFER));
        channel.config().setOption(ChannelOption.ALLOCATOR, ctx.allocator());
        // stays active (writable) once disconnected: Netty's epoll channel would otherwise count a disconnected
        // socket as never bound
        channel.config().setOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true);
        ChannelFuture registered = ctx.loop().register(channel);
        if (!registered.isDone() || !registered.isSuccess()) {
            channel.unsafe().closeForcibly();
            return null;
        }
        ChannelFuture bound = channel.bind(new InetSocketAddress(ctx.bindAddress(), port));
        if (!bound.isDone() || !bound.isSuccess()) {
            log.debug("cannot bind RTP port {}: {}", port, bound.isDone() ? bound.cause() : "bind did not complete");
            channel.close();
            return null;
        }
        return channel;
    }

    /** Starts reading into {@code leg}: RTP into its receive tree, RTCP into its RTCP endpoint. */
    void start(MediaLeg leg) {
        rtp.pipeline().addLast(new Handler(leg, "RTP") {
            @Override
            void read(ByteBuf content, InetSocketAddress sender) {
                leg.onRtp(content, sender, System.nanoTime());
            }
        });
        rtcp.pipeline().addLast(new Handler(leg, "RTCP") {
            @Override
            void read(ByteBuf content, InetSocketAddress sender) {
                leg.onRtcp(content, sender);
            }
        });
    }

    int rtpPort() {
        return rtpPort;
    }

    /** Sends an RTP packet (ownership passes to the socket): as it is when the socket is connected to {@code to}. */
    void writeRtp(ByteBuf packet, InetSocketAddress to) {
        rtp.writeAndFlush(to.equals(rtpPeer) ? packet : new DatagramPacket(packet, to), rtp.voidPromise());
    }

    /** Sends an RTCP packet (ownership passes to the socket). */
    void writeRtcp(ByteBuf packet, InetSocketAddress to) {
        rtcp.writeAndFlush(to.equals(rtcpPeer) ? packet : new DatagramPacket(packet, to), rtcp.voidPromise());
    }

    /** Connects the RTP socket to {@code peer}, or disconnects it (null); nothing when already so, or on NIO. */
    void connectRtp(InetSocketAddress peer) {
        rtpPeer = connect(rtp, rtpPeer, peer);
    }

    /** Same for the RTCP socket. */
    void connectRtcp(InetSocketAddress peer) {
        rtcpPeer = connect(rtcp, rtcpPeer, peer);
    }

    /** Where the RTP socket is connected; null while unconnected. */
    InetSocketAddress rtpPeer() {
        return rtpPeer;
    }

    /** Where the RTCP socket is connected; null while unconnected. */
    InetSocketAddress rtcpPeer() {
        return rtcpPeer;
    }

    /**
     * Moves {@code channel} from {@code current} to {@code peer} (either may be null) and returns where it is
     * connected now. On the channel's loop both steps complete at once; a step that fails leaves it unconnected,
     * which only costs the unconnected path's per-datagram address.
     */
    private InetSocketAddress connect(DatagramChannel channel, InetSocketAddress current, InetSocketAddress peer) {
        if (!connectable || !channel.isOpen() || java.util.Objects.equals(current, peer)) {
            return current;
        }
        if (current != null && !done(channel.disconnect(), channel, "disconnect from " + current)) {
            return current; // still connected (it never fails on an open socket; the writes stay consistent)
        }
        if (peer == null || !done(channel.connect(peer), channel, "connect to " + peer)) {
            return null;
        }
        return peer;
    }

    private static boolean done(ChannelFuture step, DatagramChannel channel, String what) {
        if (step.isDone() && step.isSuccess()) {
            return true;
        }
        log.debug("{} {}: {}", channel, what, step.isDone() ? step.cause() : "did not complete on the loop");
        return false;
    }

    /** Closes both sockets and returns the ports to the pool. */
    void close() {
        rtp.close();
        rtcp.close();
        ctx.ports().release(rtpPort);
    }

    /** Reads one socket's datagrams on the leg's loop; a packet a node chokes on is counted, never thrown. */
    private abstract static class Handler extends ChannelInboundHandlerAdapter {
        private final MediaLeg leg;
        private final String what;

        Handler(MediaLeg leg, String what) {
            this.leg = leg;
            this.what = what;
        }

        abstract void read(ByteBuf content, InetSocketAddress sender);

        @Override
        public void channelRead(ChannelHandlerContext c, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            try {
                read(p.content(), p.sender());
            } catch (RuntimeException e) {
                leg.malformed++;
                log.warn("{}: {} packet from {} dropped: {}", leg.name(), what, p.sender(), e.toString());
            } finally {
                p.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
            if (log.isDebugEnabled()) { // a connected socket reports each ICMP port unreachable: no work per error
                log.debug("{}: {} socket error: {}", leg.name(), what, cause.toString());
            }
        }
    }
}
