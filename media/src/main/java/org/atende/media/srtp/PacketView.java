package org.atende.media.srtp;

import io.netty.buffer.ByteBuf;
import org.jitsi.utils.ByteArrayBuffer;

/**
 * jitsi-srtp's view of the packet a {@link ByteBuf} holds. For a buffer with an accessible backing array the view
 * is that array (no copy); otherwise the readable bytes are copied into a scratch array that is kept and reused,
 * and copied back on {@link #commit()}.
 *
 * <p>The view never lets jitsi-srtp touch bytes outside the packet and the room reserved at {@link #attach}: for a
 * pooled heap buffer the array is shared with other buffers. Not thread-safe; owned by its {@link SrtpSession}.
 */
final class PacketView implements ByteArrayBuffer {

    private static final int INITIAL_SCRATCH = 1500;

    private byte[] scratch = new byte[0];
    private byte[] array;
    private int offset;
    private int length;
    private int limit;
    private ByteBuf source;
    private int sourceReaderIndex;
    private boolean copied;

    /**
     * Points the view at {@code buf}'s readable bytes. The caller has made sure {@code buf} has {@code room}
     * writable bytes, which the view may then use to grow the packet.
     */
    void attach(ByteBuf buf, int room) {
        int len = buf.readableBytes();
        if (buf.hasArray()) {
            array = buf.array();
            offset = buf.arrayOffset() + buf.readerIndex();
            limit = offset + len + room;
            copied = false;
        } else {
            int needed = len + room;
            if (scratch.length < needed) {
                scratch = new byte[Math.max(needed, Math.max(INITIAL_SCRATCH, scratch.length * 2))];
            }
            buf.getBytes(buf.readerIndex(), scratch, 0, len);
            array = scratch;
            offset = 0;
            limit = needed;
            copied = true;
        }
        length = len;
        source = buf;
        sourceReaderIndex = buf.readerIndex();
    }

    /** Copies the result back into the attached buffer (or just moves its indices) and detaches. */
    void commit() {
        ByteBuf buf = source;
        if (copied) {
            buf.setBytes(sourceReaderIndex, array, offset, length);
            buf.writerIndex(sourceReaderIndex + length);
        } else {
            int reader = offset - buf.arrayOffset();
            buf.setIndex(reader, reader + length);
        }
        detach();
    }

    /** Forgets the attached buffer, leaving its indices as they were. */
    void detach() {
        source = null;
        array = null;
        offset = 0;
        length = 0;
        limit = 0;
    }

    /** Whether the last {@link #attach} had to copy (no accessible array). */
    boolean copied() {
        return copied;
    }

    @Override
    public byte[] getBuffer() {
        return array;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        if (len < 0 || offset + len > limit) {
            throw new IllegalArgumentException("length " + len + " outside the packet's room");
        }
        length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + length > limit) {
            throw new IllegalArgumentException("offset " + off + " outside the packet's room");
        }
        offset = off;
    }

    @Override
    public boolean isInvalid() {
        return array == null;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        if (off < 0 || len < 0 || off + len > length) {
            throw new IllegalArgumentException("region " + off + "+" + len + " outside a " + length + "-byte packet");
        }
        System.arraycopy(array, offset + off, outBuf, 0, len);
    }

    /** Room was reserved at {@link #attach}; asking for more is a bug in our sizing, not a reason to reallocate. */
    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > limit) {
            throw new IllegalStateException("no room reserved for " + howMuch + " more bytes");
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, array, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len < 0 || len > length) {
            throw new IllegalArgumentException("cannot shrink a " + length + "-byte packet by " + len);
        }
        length -= len;
    }
}
