package org.atende.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Content-Length framing of SIP over a stream (RFC 3261 §18.3), in front of the message decoder.
 *
 * <p>Emits one {@link ByteBuf} per complete message (start line to end of body), a buffer of its own
 * that the receiver releases. Between messages it skips CRLF keep-alives and answers an RFC 5626 §3.5.1 double-CRLF ping with
 * a single CRLF pong. A missing Content-Length counts as 0. When framing is lost (header section larger
 * than the limit, invalid, negative or conflicting Content-Length, message larger than the limit) it
 * fires a {@link MalformedSipMessage} (so the transport can answer it when it names a Via), closes the
 * channel and discards anything that still arrives. A handler that answers the malformed message should
 * write and flush the answer when it receives it, before the close takes effect.
 *
 * <p>Runs on the channel's event loop; one instance per channel (not sharable).
 */
public final class SipFrameDecoder extends ByteToMessageDecoder {

    private static final byte[] CRLF = {'\r', '\n'};

    private final int maxMessageSize;
    private final int maxHeaderCount;
    private final int maxLineLength;
    /** Octets of the current header section already searched for its end, from the reader index. */
    private int scanned;
    private boolean failed;

    public SipFrameDecoder(int maxMessageSize) {
        this(maxMessageSize, SipParser.DEFAULT_MAX_HEADER_COUNT, SipParser.DEFAULT_MAX_LINE_LENGTH);
    }

    public SipFrameDecoder(int maxMessageSize, int maxHeaderCount, int maxLineLength) {
        if (maxMessageSize <= 0 || maxHeaderCount <= 0 || maxLineLength <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxMessageSize = maxMessageSize;
        this.maxHeaderCount = maxHeaderCount;
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (scanned == 0 && !consumeKeepAlives(ctx, in)) {
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        int headerLength = findHeaderSectionEnd(in);
        if (headerLength < 0) {
            if (in.readableBytes() > maxMessageSize) {
                loseFraming(ctx, in, "header section too large", 513);
            }
            return;
        }
        long contentLength = contentLength(in, headerLength);
        if (contentLength < 0) {
            loseFraming(ctx, in, contentLength == -1 ? "invalid Content-Length" : "conflicting Content-Length", 400);
            return;
        }
        if (headerLength + contentLength > maxMessageSize) {
            loseFraming(ctx, in, "message too large", 513);
            return;
        }
        int frameLength = headerLength + (int) contentLength;
        if (in.readableBytes() >= frameLength) {
            scanned = 0;
            // A copy, not a retained slice: a frame held downstream must not pin the whole cumulation.
            out.add(in.readBytes(frameLength));
        }
    }

    /**
     * Skips CR and LF octets before a start line, answering each CRLFCRLF ping with a CRLF pong.
     *
     * @return false when the octets seen so far may still become a ping: wait for more
     */
    private boolean consumeKeepAlives(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            int r = in.readerIndex();
            int readable = in.readableBytes();
            byte first = in.getByte(r);
            if (first != '\r' && first != '\n') {
                return true;
            }
            if (readable >= 4 && in.getInt(r) == 0x0d0a0d0a) {
                in.skipBytes(4);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(CRLF));
            } else if (first == '\r' && readable >= 2 && in.getByte(r + 1) == '\n') {
                if (readable < 4 && (readable < 3 || in.getByte(r + 2) == '\r')) {
                    return false; // a CRLF that may be the first half of a ping
                }
                in.skipBytes(2);
            } else if (first == '\r' && readable == 1) {
                return false;
            } else {
                in.skipBytes(1);
            }
        }
        return true;
    }

    /** Length from the reader index through the empty line ending the header section, or -1. */
    private int findHeaderSectionEnd(ByteBuf in) {
        int start = in.readerIndex();
        int limit = start + Math.min(in.readableBytes(), maxMessageSize + 1);
        for (int i = start + Math.max(0, scanned - 2); i < limit; i++) {
            if (in.getByte(i) != '\n') {
                continue;
            }
            if (i + 1 < limit && in.getByte(i + 1) == '\n') {
                return i + 2 - start;
            }
            if (i + 2 < limit && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                return i + 3 - start;
            }
        }
        scanned = limit - start;
        return -1;
    }

    /** The Content-Length of the header section: 0 when absent, -1 when invalid, -2 when conflicting. */
    private static long contentLength(ByteBuf in, int headerLength) {
        String section = in.toString(in.readerIndex(), headerLength, StandardCharsets.ISO_8859_1);
        String[] lines = section.replace("\r\n", "\n").replaceAll("\n[ \t]+", " ").split("\n");
        long found = -3;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0 || !HeaderNames.CONTENT_LENGTH.equals(HeaderNames.canonical(lines[i].substring(0, colon).strip()))) {
                continue;
            }
            long value = Grammar.digitsAtMost(lines[i].substring(colon + 1).strip(), Integer.MAX_VALUE);
            if (value < 0) {
                return -1;
            }
            if (found >= 0 && found != value) {
                return -2;
            }
            found = value;
        }
        return found == -3 ? 0 : found;
    }

    private void loseFraming(ChannelHandlerContext ctx, ByteBuf in, String reason, int status) {
        failed = true;
        int length = Math.min(in.readableBytes(), maxMessageSize);
        byte[] head = ByteBufUtil.getBytes(in, in.readerIndex(), length);
        in.skipBytes(in.readableBytes());
        EchoHeaders.Extract extract = EchoHeaders.extract(head, 0, head.length, maxHeaderCount, maxLineLength);
        ctx.fireChannelRead(new MalformedSipMessage(reason, extract.request(), status, extract.lines()));
        ctx.close();
    }
}
