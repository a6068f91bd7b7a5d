package org.atende.media.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leg's sockets: RTP on an even port from the pool and RTCP on the odd port after it, bound on the call's
 * event loop. What they read goes to the leg ({@link ReceivePath}, {@link RtcpEndpoint}); each datagram is
 * released once they return. Not thread-safe: owned by the leg's loop.
 */
final class RtpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(RtpEndpoint.class);
    private static final int RECEIVE_BUFFER = 2048;

    private final MediaContext ctx;
    private final int rtpPort;
    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;

    private RtpEndpoint(MediaContext ctx, int rtpPort, DatagramChannel rtp, DatagramChannel rtcp) {
        this.ctx = ctx;
        this.rtpPort = rtpPort;
        this.rtp = rtp;
        this.rtcp = rtcp;
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

    /** Sends an RTP packet (ownership passes to the socket). */
    void writeRtp(ByteBuf packet, InetSocketAddress to) {
        rtp.writeAndFlush(new DatagramPacket(packet, to), rtp.voidPromise());
    }

    /** Sends an RTCP packet (ownership passes to the socket). */
    void writeRtcp(ByteBuf packet, InetSocketAddress to) {
        rtcp.writeAndFlush(new DatagramPacket(packet, to), rtcp.voidPromise());
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
            log.debug("{}: {} socket error: {}", leg.name(), what, cause.toString());
        }
    }
}
