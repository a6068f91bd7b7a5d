package org.atende.sip.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of RFC 5626 §4.4.1 CRLF keep-alive, on a TCP or TLS connection Atende opened: when nothing has
 * been written for the writer-idle interval (the {@code IdleStateHandler} in front of this one), a double-CRLF ping
 * goes out; when no pong (nor any other byte: anything the peer sends shows the connection alive) arrives within
 * {@code pongTimeout}, the connection is closed, counted and logged at DEBUG, and the next message to the peer opens
 * a new one. At most one ping is outstanding. Every method runs on the channel's event loop.
 */
final class KeepAlivePinger extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(KeepAlivePinger.class);
    private static final byte[] PING = {'\r', '\n', '\r', '\n'};

    private final Duration pongTimeout;
    private final Runnable countFailure;
    /** The pong timer of the outstanding ping; null when none is outstanding. */
    private ScheduledFuture<?> awaitingPong;

    KeepAlivePinger(Duration pongTimeout, Runnable countFailure) {
        this.pongTimeout = pongTimeout;
        this.countFailure = countFailure;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
            if (awaitingPong == null) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(PING));
                awaitingPong = ctx.executor().schedule(() -> noPong(ctx), pongTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        stopWaiting();
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopWaiting();
        super.channelInactive(ctx);
    }

    private void noPong(ChannelHandlerContext ctx) {
        awaitingPong = null;
        countFailure.run();
        log.debug("no CRLF pong from {} within {} ms: closing the connection", ctx.channel().remoteAddress(),
                pongTimeout.toMillis());
        ctx.close();
    }

    private void stopWaiting() {
        if (awaitingPong != null) {
            awaitingPong.cancel(false);
            awaitingPong = null;
        }
    }
}
