package org.atende.media.pipeline;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.atende.media.rtp.RtpHeader;

/**
 * The packet a pipeline is working on, with what nodes learnt about it so far: its parsed RTP header, where it
 * came from, when, and (once a node decoded it) its audio as linear PCM. One per pipeline, preallocated and
 * reused for every packet ({@link #reset}), so that the per-packet path allocates nothing.
 *
 * <p>{@link #buffer()} is lent to the pipeline: nodes neither keep nor release it (see {@link Node}).
 */
public final class Packet {

    private final RtpHeader header = new RtpHeader();
    private final short[] pcm;
    private ByteBuf buffer;
    private InetSocketAddress sender;
    private long nowNanos;
    private int samples = -1;

    /** A context whose decoded audio holds at most {@code maxSamples} samples. */
    public Packet(int maxSamples) {
        this.pcm = new short[maxSamples];
    }

    /** Starts on a new packet: forgets the header and decoded audio of the previous one. */
    public Packet reset(ByteBuf buffer, InetSocketAddress sender, long nowNanos) {
        this.buffer = buffer;
        this.sender = sender;
        this.nowNanos = nowNanos;
        this.samples = -1;
        return this;
    }

    /** Drops the reference to the buffer once the pipeline is done with it. */
    public void clear() {
        buffer = null;
        sender = null;
        samples = -1;
    }

    public ByteBuf buffer() {
        return buffer;
    }

    public RtpHeader header() {
        return header;
    }

    public InetSocketAddress sender() {
        return sender;
    }

    public long nowNanos() {
        return nowNanos;
    }

    /** Whether a node decoded this packet's audio already ({@link #decoded}). */
    public boolean isDecoded() {
        return samples >= 0;
    }

    /** The decoded audio buffer (its first {@link #samples()} samples are valid once {@link #decoded}). */
    public short[] pcm() {
        return pcm;
    }

    public int samples() {
        return samples;
    }

    /** Records that {@code n} samples of this packet's audio are in {@link #pcm()}. */
    public void decoded(int n) {
        samples = n;
    }
}
