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
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.atende.sip.message.SipFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream pipeline: TCP is Content-Length framing, then the decoder shared with UDP; TLS is the same with an
 * {@link SslHandler} in front. The only place its order is written. Used for accepted connections and for
 * connections Atende opens, which also send RFC 5626 CRLF keep-alive pings ({@link KeepAlivePinger}).
 */
final class TcpChannelInitializer extends ChannelInitializer<Channel> {

    private static final Logger log = LoggerFactory.getLogger(TcpChannelInitializer.class);

    static final AttributeKey<ListenPoint> LISTEN_POINT = AttributeKey.valueOf("atende.listenPoint");

    /** Connections with no traffic for this long are closed (phones keep theirs alive with CRLF pings). */
    private static final long IDLE_SECONDS = 600;

    /**
     * RFC 5626 §4.4.1 keep-alive on connections Atende opened: a double-CRLF ping after this long without writing,
     * each connection picking its interval at random between 80% and 100% of 120 s (the RFC's recommended time for
     * connection-oriented transports), so that pings to many peers do not go out together.
     */
    static final Duration PING_INTERVAL_MAX = Duration.ofSeconds(120);
    static final Duration PING_INTERVAL_MIN = Duration.ofSeconds(96);
    /** How long a ping waits for its pong before the connection is closed (RFC 5626 §4.4.1). */
    static final Duration PONG_TIMEOUT = Duration.ofSeconds(10);

    private final SipTransport transport;
    private final Transport kind;
    private final ListenPoint point;
    private final SslContext tls;
    private final boolean verifyHost;
    private final InetSocketAddress remote;
    /** Whether Atende opens these connections (and so sends the keep-alive pings). */
    private final boolean opening;

    private TcpChannelInitializer(SipTransport transport, Transport kind, ListenPoint point, SslContext tls,
                                  boolean verifyHost, InetSocketAddress remote, boolean opening) {
        this.transport = transport;
        this.opening = opening;
        this.kind = kind;
        this.point = point;
        this.tls = tls;
        this.verifyHost = verifyHost;
        this.remote = remote;
    }

    /** For connections accepted by a listener (its {@link ListenPoint} is read from the parent channel). */
    static TcpChannelInitializer accepting(SipTransport transport, Transport kind, SslContext tls) {
        return new TcpChannelInitializer(transport, kind, null, tls, false, null, false);
    }

    /**
     * For connections Atende opens; {@code tls} is a client context (null for TCP), and with {@code verifyHost}
     * the peer's certificate must name the host connected to (RFC 5922).
     */
    static TcpChannelInitializer connecting(SipTransport transport, Transport kind, ListenPoint point, SslContext tls,
                                            boolean verifyHost) {
        return new TcpChannelInitializer(transport, kind, point, tls, verifyHost, null, true);
    }

    /** The same pipeline for a connection to {@code remoteAddress} (TLS needs the name for SNI and verification). */
    TcpChannelInitializer toward(InetSocketAddress remoteAddress) {
        return new TcpChannelInitializer(transport, kind, point, tls, verifyHost, remoteAddress, opening);
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.attr(LISTEN_POINT).set(point != null ? point : ch.parent().attr(LISTEN_POINT).get());
        if (tls != null) {
            ch.pipeline().addLast("tls", remote == null ? tls.newHandler(ch.alloc()) : clientHandler(ch));
        }
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                .addLast("idle-close", new IdleCloser());
        if (opening) {
            // after idle-close, which closes on every idle event it sees; the pings count as traffic for "idle"
            SipTransport.KeepAlive keepAlive = transport.keepAlive();
            Duration interval = keepAlive != null ? keepAlive.interval() : Duration.ofMillis(ThreadLocalRandom.current()
                    .nextLong(PING_INTERVAL_MIN.toMillis(), PING_INTERVAL_MAX.toMillis() + 1));
            ch.pipeline()
                    .addLast("ping-idle", new IdleStateHandler(0, interval.toMillis(), 0, TimeUnit.MILLISECONDS))
                    .addLast("ping", new KeepAlivePinger(keepAlive != null ? keepAlive.pongTimeout() : PONG_TIMEOUT,
                            transport::countKeepAliveFailure));
        }
        ch.pipeline()
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
