package org.atende.media.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a 16-bit linear PCM, 8000 Hz WAV file (mono or stereo) incrementally.
 *
 * <p>The file is a canonical 44-byte header followed by interleaved samples (left, right for stereo).
 * {@link #open} writes the header with RIFF and data sizes of 0; {@link #close} patches them. If the
 * process dies before {@code close}, the file keeps those 0 sizes: the samples are on disk but readers
 * (including {@code WavFile}) see an empty data chunk. Recovery (size = file length − 44) is left to a
 * later issue.
 *
 * <p>Samples are converted through one {@link ByteBuffer} allocated at {@code open}; {@link #write}
 * allocates nothing. Every method does blocking file I/O: run it on the blocking executor, never on a
 * call's event loop. Not thread-safe: one writer per recording, used by one thread at a time.
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
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            WavWriter w = new WavWriter(ch, channels);
            w.writeHeader();
            return w;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
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
        if (closed) {
            throw new IllegalStateException("writer closed");
        }
        if (samples < 0 || samples > left.length || (channels == 2 && samples > right.length)) {
            throw new IllegalArgumentException("samples " + samples + " out of range");
        }
        if (dataBytes + 2L * channels * samples > MAX_DATA_BYTES) {
            throw new IOException("WAV data would exceed 4 GiB");
        }
        int i = 0;
        while (i < samples) {
            int n = Math.min(BUFFER_SAMPLES, samples - i);
            buffer.clear();
            for (int k = i; k < i + n; k++) {
                buffer.putShort(left[k]);
                if (channels == 2) {
                    buffer.putShort(right[k]);
                }
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            i += n;
        }
        dataBytes += 2L * channels * samples;
    }

    /** Appends mono samples ({@code channels() == 1} only). */
    public void write(short[] mono, int samples) throws IOException {
        if (channels != 1) {
            throw new IllegalStateException("stereo writer needs left and right");
        }
        write(mono, null, samples);
    }

    /** Patches the RIFF and data sizes and closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (channel) {
            buffer.clear();
            buffer.putInt((int) (36 + dataBytes)).flip();
            writeAt(4);
            buffer.clear();
            buffer.putInt((int) dataBytes).flip();
            writeAt(40);
        }
    }

    private void writeAt(long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
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
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
