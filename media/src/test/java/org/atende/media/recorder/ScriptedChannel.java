package org.atende.media.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real file channel whose positional writes of audio (past the header) first call a hook, which may
 * throw (a failing disk) or block (a stalled disk). Before throwing, the hook may let half of the bytes
 * through, like a write cut short.
 */
final class ScriptedChannel extends FileChannel {

    /** Called before each audio write of {@code length} bytes; {@code call} counts from 1. */
    interface Hook {
        void beforeWrite(int call, long position, int length) throws IOException;
    }

    private final FileChannel real;
    private final Hook hook;
    private int calls;

    ScriptedChannel(FileChannel real, Hook hook) {
        this.real = real;
        this.hook = hook;
    }

    /** Writes half of {@code src} at {@code position} for real, as a failing write might. */
    void writeHalf(ByteBuffer src, long position) throws IOException {
        ByteBuffer half = src.duplicate();
        half.limit(half.position() + half.remaining() / 2);
        real.write(half, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (position >= WavWriter.HEADER_BYTES) {
            try {
                hook.beforeWrite(++calls, position, src.remaining());
            } catch (PartialWrite p) {
                writeHalf(src, position);
                throw p;
            }
        }
        return real.write(src, position);
    }

    /** Thrown by a hook to fail a write after half of it reached the file. */
    static final class PartialWrite extends IOException {
        private static final long serialVersionUID = 1L;

        PartialWrite(String message) {
            super(message);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return real.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return real.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        real.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return real.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
