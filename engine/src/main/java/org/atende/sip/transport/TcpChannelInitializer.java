package org.atende.sip.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.util.concurrent.TimeUnit;
import org.atende.sip.message.SipFrameDecoder;

/**
 * The TCP pipeline: Content-Length framing, then the decoder shared with UDP. The only place its order
 * is written. Used for accepted connections and for connections Atende opens.
 */
final class TcpChannelInitializer extends ChannelInitializer<Channel> {

    static final AttributeKey<ListenPoint> LISTEN_POINT = AttributeKey.valueOf("atende.listenPoint");

    /** Connections with no traffic for this long are closed (phones keep theirs alive with CRLF pings). */
    private static final long IDLE_SECONDS = 600;

    private final SipTransport transport;
    private final ListenPoint outboundPoint;

    TcpChannelInitializer(SipTransport transport) {
        this(transport, null);
    }

    TcpChannelInitializer(SipTransport transport, ListenPoint outboundPoint) {
        this.transport = transport;
        this.outboundPoint = outboundPoint;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (outboundPoint != null) {
            ch.attr(LISTEN_POINT).set(outboundPoint);
        } else if (ch.parent() != null) {
            ch.attr(LISTEN_POINT).set(ch.parent().attr(LISTEN_POINT).get());
        }
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast("idle-close", new IdleCloser())
                .addLast("framer", new SipFrameDecoder(transport.maxMessageSize()))
                .addLast("sip-decoder", new SipMessageDecoder(transport, Transport.TCP));
        transport.tcpConnected(ch);
    }

    private static final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }
    }
}
