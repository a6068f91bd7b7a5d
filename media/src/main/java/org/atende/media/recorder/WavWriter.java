package org.atende.media.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a 16-bit linear PCM, 8000 Hz WAV file (mono or stereo) incrementally.
 *
 * <p>The file is a canonical 44-byte header followed by interleaved samples (left, right for stereo).
 * {@link #open} writes the header with RIFF and data sizes of 0; {@link #close} patches them. If the
 * process dies before {@code close}, the file keeps those 0 sizes: the samples are on disk but readers
 * (including {@code WavFile}) see an empty data chunk until {@link WavRepair} patches the sizes.
 *
 * <p>Samples are written at explicit positions (header + samples written so far), so a {@code write}
 * that throws leaves {@link #samplesWritten()} unchanged and can simply be called again: the retry
 * overwrites whatever part of the failed attempt reached the disk. {@link #close} truncates the file to
 * the samples counted as written before patching the sizes.
 *
 * <p>Samples are converted through one {@link ByteBuffer} allocated at {@code open}; the write methods
 * allocate nothing. Every method does blocking file I/O: run it on the recording writer or the blocking
 * executor, never on a call's event loop. Not thread-safe: one writer per file, used by one thread at a
 * time.
 */
public final class WavWriter implements AutoCloseable {

    /** Size of the header written before the samples. */
    public static final int HEADER_BYTES = 44;
    /** Sample rate written in the header. */
    public static final int SAMPLE_RATE = 8000;
    private static final int BUFFER_SAMPLES = 1024;
    private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 36;

    private final FileChannel channel;
    private final int channels;
    private final ByteBuffer buffer;
    private long dataBytes;
    private boolean closed;

    private WavWriter(FileChannel channel, int channels) {
        this.channel = channel;
        this.channels = channels;
        this.buffer = ByteBuffer.allocateDirect(Math.max(HEADER_BYTES, BUFFER_SAMPLES * 2 * channels))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Creates (or truncates) {@code file} and writes the header.
     *
     * @param channels 1 (mono) or 2 (stereo)
     */
    public static WavWriter open(Path file, int channels) throws IOException {
        checkChannels(channels);
        return wrap(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), channels);
    }

    /**
     * Writes the header to an empty, writable {@code channel} and returns a writer that owns it. The
     * channel is closed if the header cannot be written.
     */
    static WavWriter wrap(FileChannel channel, int channels) throws IOException {
        checkChannels(channels);
        try {
            WavWriter w = new WavWriter(channel, channels);
            w.writeHeader();
            return w;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void checkChannels(int channels) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
        }
    }

    /** Number of channels (1 or 2). */
    public int channels() {
        return channels;
    }

    /** Sample frames written so far (one sample per channel each). */
    public long samplesWritten() {
        return dataBytes / (2L * channels);
    }

    /**
     * Appends {@code samples} samples from {@code left[0..samples)} and, for stereo, from
     * {@code right[0..samples)}. For mono {@code right} is ignored and may be null.
     */
    public void write(short[] left, short[] right, int samples) throws IOException {
        write(left, 0, right, 0, samples);
    }

    /**
     * Appends {@code samples} samples from {@code left[leftOffset..)} and, for stereo, from
     * {@code right[rightOffset..)}. For mono {@code right} is ignored and may be null.
     */
    public void write(short[] left, int leftOffset, short[] right, int rightOffset, int samples)
            throws IOException {
        checkOpen();
        Objects.checkFromIndexSize(leftOffset, samples, left.length);
        if (channels == 2) {
            Objects.checkFromIndexSize(rightOffset, samples, right.length);
        }
        long bytes = 2L * channels * samples;
        checkRoom(bytes);
        long position = HEADER_BYTES + dataBytes;
        int i = 0;
        while (i < samples) {
            int n = Math.min(BUFFER_SAMPLES, samples - i);
            buffer.clear();
            for (int k = 0; k < n; k++) {
                buffer.putShort(left[leftOffset + i + k]);
                if (channels == 2) {
                    buffer.putShort(right[rightOffset + i + k]);
                }
            }
            buffer.flip();
            position = writeAt(position);
            i += n;
        }
        dataBytes += bytes;
    }

    /** Appends mono samples ({@code channels() == 1} only). */
    public void write(short[] mono, int samples) throws IOException {
        if (channels != 1) {
            throw new IllegalStateException("stereo writer needs left and right");
        }
        write(mono, null, samples);
    }

    /** Appends {@code samples} sample frames of digital silence (0) on every channel. */
    public void writeSilence(long samples) throws IOException {
        checkOpen();
        if (samples < 0) {
            throw new IllegalArgumentException("samples " + samples + " < 0");
        }
        long bytes = 2L * channels * samples;
        checkRoom(bytes);
        long position = HEADER_BYTES + dataBytes;
        long left = bytes;
        while (left > 0) {
            int n = (int) Math.min(buffer.capacity(), left);
            buffer.clear();
            for (int k = 0; k < n; k++) {
                buffer.put((byte) 0);
            }
            buffer.flip();
            position = writeAt(position);
            left -= n;
        }
        dataBytes += bytes;
    }

    /**
     * Truncates the file to the samples counted as written, patches the RIFF and data sizes and closes
     * the file. Idempotent; the file is closed even when patching fails.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            channel.truncate(HEADER_BYTES + dataBytes);
            buffer.clear();
            buffer.putInt((int) (36 + dataBytes)).flip();
            writeAt(4);
            buffer.clear();
            buffer.putInt((int) dataBytes).flip();
            writeAt(40);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("writer closed");
        }
    }

    private void checkRoom(long bytes) throws IOException {
        if (dataBytes + bytes > MAX_DATA_BYTES) {
            throw new IOException("WAV data would exceed 4 GiB");
        }
    }

    /** Writes the buffer's remaining bytes at {@code position}; returns the position after them. */
    private long writeAt(long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        return position;
    }

    private void writeHeader() throws IOException {
        int blockAlign = 2 * channels;
        buffer.clear();
        buffer.put((byte) 'R').put((byte) 'I').put((byte) 'F').put((byte) 'F');
        buffer.putInt(0);
        buffer.put((byte) 'W').put((byte) 'A').put((byte) 'V').put((byte) 'E');
        buffer.put((byte) 'f').put((byte) 'm').put((byte) 't').put((byte) ' ');
        buffer.putInt(16);
        buffer.putShort((short) 1);
        buffer.putShort((short) channels);
        buffer.putInt(SAMPLE_RATE);
        buffer.putInt(SAMPLE_RATE * blockAlign);
        buffer.putShort((short) blockAlign);
        buffer.putShort((short) 16);
        buffer.put((byte) 'd').put((byte) 'a').put((byte) 't').put((byte) 'a');
        buffer.putInt(0);
        buffer.flip();
        writeAt(0);
    }
}
