package org.atende.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.atende.sip.message.MalformedSipMessage;
import org.atende.sip.message.ParseOutcome;
import org.atende.sip.message.RawCallId;
import org.atende.sip.message.SipParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one datagram or one framed TCP message into a validated SIP message for the sink. Bad input is
 * data, not an exception: a malformed request that names where to answer gets its 400 (or 505) right here,
 * anything else is dropped and counted. Runs on the channel's event loop.
 */
final class SipMessageDecoder extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SipMessageDecoder.class);
    static final String SERVER = "Atende";

    private final SipTransport transport;
    private final Transport kind;
    private final SipParser parser;
    /**
     * The previous datagram's source, reused while datagrams keep coming from the same peer: a transaction keeps
     * its source for 32 s after it completed, and one shared endpoint is cheaper to keep than one per request.
     */
    private Endpoint lastDatagramSource;

    SipMessageDecoder(SipTransport transport, Transport kind) {
        this.transport = transport;
        this.kind = kind;
        this.parser = new SipParser(transport.maxMessageSize());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ListenPoint local = ctx.channel().attr(TcpChannelInitializer.LISTEN_POINT).get();
            if (msg instanceof DatagramPacket packet) {
                decode(ctx, packet.content(), datagramSource(packet.sender(), local));
            } else if (msg instanceof ByteBuf frame) {
                decode(ctx, frame, new Endpoint(kind, (InetSocketAddress) ctx.channel().remoteAddress(), local));
            } else if (msg instanceof MalformedSipMessage malformed) {
                refuse(malformed, new Endpoint(kind, (InetSocketAddress) ctx.channel().remoteAddress(), local));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private Endpoint datagramSource(InetSocketAddress sender, ListenPoint local) {
        Endpoint last = lastDatagramSource;
        if (last != null && last.local() == local && last.address().equals(sender)) {
            return last;
        }
        return lastDatagramSource = new Endpoint(kind, sender, local);
    }

    private void decode(ChannelHandlerContext ctx, ByteBuf content, Endpoint source) {
        int length = content.readableBytes();
        byte[] data;
        int offset;
        if (content.hasArray()) {
            data = content.array();
            offset = content.arrayOffset() + content.readerIndex();
        } else {
            data = ByteBufUtil.getBytes(content);
            offset = 0;
        }
        if (length == 0 || isKeepAlive(data, offset, length)) {
            return; // CRLF keep-alive over UDP (RFC 5626 §4.4.1 uses STUN, many phones send CRLF)
        }
        if (!kind.reliable()) {
            Executor owner = ownerOf(data, offset, length);
            if (owner != null) {
                byte[] datagram = offset == 0 && data.length == length ? data
                        : Arrays.copyOfRange(data, offset, offset + length);
                try {
                    owner.execute(() -> parse(datagram, 0, length, source));
                } catch (RejectedExecutionException e) {
                    log.debug("datagram from {} dropped: its loop is shutting down", source);
                }
                return;
            }
        }
        parse(data, offset, length, source);
    }

    /** The loop that should parse this datagram when it is another one than this, else null. */
    private Executor ownerOf(byte[] data, int offset, int length) {
        String callId = RawCallId.find(data, offset, length);
        Executor owner = callId == null ? null : transport.sink().parserFor(callId);
        return owner instanceof EventExecutor loop && loop.inEventLoop() ? null : owner;
    }

    private void parse(byte[] data, int offset, int length, Endpoint source) {
        transport.traceIn(source, data, offset, length);
        ParseOutcome outcome = parser.parse(data, offset, length);
        if (outcome instanceof ParseOutcome.Parsed parsed) {
            transport.sink().onMessage(new InboundMessage(parsed.message(), source, source.local()));
        } else if (outcome instanceof MalformedSipMessage malformed) {
            refuse(malformed, source);
        }
    }

    private void refuse(MalformedSipMessage malformed, Endpoint source) {
        transport.countMalformed();
        log.debug("malformed SIP message from {}: {}", source, malformed.reason());
        malformed.errorResponse(SERVER).ifPresent(bytes -> transport.sendRaw(bytes, source));
    }

    private static boolean isKeepAlive(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (data[i] != '\r' && data[i] != '\n' && data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // remote trouble (a reset, a failed TLS handshake, a scanner): counted, one DEBUG line, never a stack trace
        transport.countConnectionError();
        log.debug("SIP {} channel {} error: {}", kind, ctx.channel(), cause.toString());
        if (kind.reliable()) {
            ctx.close();
        }
    }
}
