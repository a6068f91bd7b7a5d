package org.atende.media.rtcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test buffers from hex, released and checked after each test. */
final class RtcpBytes implements AutoCloseable {

    private final List<ByteBuf> buffers = new ArrayList<>();

    /** A buffer holding {@code hex} (whitespace ignored). */
    ByteBuf hex(String hex) {
        return track(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replaceAll("\\s+", ""))));
    }

    ByteBuf wrap(byte[] bytes) {
        return track(Unpooled.wrappedBuffer(bytes));
    }

    ByteBuf empty() {
        return track(Unpooled.buffer());
    }

    ByteBuf track(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    static byte[] toArray(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }

    /** Releases every buffer, failing if one was released or retained elsewhere. */
    @Override
    public void close() {
        for (ByteBuf buf : buffers) {
            if (buf.refCnt() != 1) {
                throw new AssertionError("buffer reference count changed to " + buf.refCnt());
            }
            buf.release();
        }
        buffers.clear();
    }
}
