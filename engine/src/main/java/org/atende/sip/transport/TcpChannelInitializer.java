package org.atende.sip.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.atende.sip.message.SipFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream pipeline: TCP is Content-Length framing, then the decoder shared with UDP; TLS is the same with an
 * {@link SslHandler} in front. The only place its order is written. Used for accepted connections and for
 * connections Atende opens.
 */
final class TcpChannelInitializer extends ChannelInitializer<Channel> {

    private static final Logger log = LoggerFactory.getLogger(TcpChannelInitializer.class);

    static final AttributeKey<ListenPoint> LISTEN_POINT = AttributeKey.valueOf("atende.listenPoint");

    /** Connections with no traffic for this long are closed (phones keep theirs alive with CRLF pings). */
    private static final long IDLE_SECONDS = 600;

    private final SipTransport transport;
    private final Transport kind;
    private final ListenPoint point;
    private final SslContext tls;
    private final boolean verifyHost;
    private final InetSocketAddress remote;

    private TcpChannelInitializer(SipTransport transport, Transport kind, ListenPoint point, SslContext tls,
                                  boolean verifyHost, InetSocketAddress remote) {
        this.transport = transport;
        this.kind = kind;
        this.point = point;
        this.tls = tls;
        this.verifyHost = verifyHost;
        this.remote = remote;
    }

    /** For connections accepted by a listener (its {@link ListenPoint} is read from the parent channel). */
    static TcpChannelInitializer accepting(SipTransport transport, Transport kind, SslContext tls) {
        return new TcpChannelInitializer(transport, kind, null, tls, false, null);
    }

    /**
     * For connections Atende opens; {@code tls} is a client context (null for TCP), and with {@code verifyHost}
     * the peer's certificate must name the host connected to (RFC 5922).
     */
    static TcpChannelInitializer connecting(SipTransport transport, Transport kind, ListenPoint point, SslContext tls,
                                            boolean verifyHost) {
        return new TcpChannelInitializer(transport, kind, point, tls, verifyHost, null);
    }

    /** The same pipeline for a connection to {@code remoteAddress} (TLS needs the name for SNI and verification). */
    TcpChannelInitializer toward(InetSocketAddress remoteAddress) {
        return new TcpChannelInitializer(transport, kind, point, tls, verifyHost, remoteAddress);
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.attr(LISTEN_POINT).set(point != null ? point : ch.parent().attr(LISTEN_POINT).get());
        if (tls != null) {
            ch.pipeline().addLast("tls", remote == null ? tls.newHandler(ch.alloc()) : clientHandler(ch));
        }
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast("idle-close", new IdleCloser())
                .addLast("framer", new SipFrameDecoder(transport.maxMessageSize()))
                .addLast("sip-decoder", new SipMessageDecoder(transport, kind))
                .addLast("connections", new Tracker());
    }

    private SslHandler clientHandler(Channel ch) {
        SslHandler handler = tls.newHandler(ch.alloc(), remote.getHostString(), remote.getPort());
        if (verifyHost) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            engine.setSSLParameters(parameters);
        }
        // a connection Atende opens failing its handshake is a configuration matter (a certificate not trusted or
        // naming another host): one WARN line per attempt, naming the peer and why
        handler.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                Throwable root = f.cause();
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                log.warn("TLS to {}:{} failed: {}", remote.getHostString(), remote.getPort(), root.getMessage());
            }
        });
        return handler;
    }

    /** Files the connection once it is up, so that messages to the peer reuse it. */
    private final class Tracker extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            transport.connectionOpened(kind, ctx.channel());
            super.channelActive(ctx);
        }
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
