package org.atende.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.atende.media.codec.G711;
import org.atende.media.player.Playback;
import org.atende.media.player.Player;
import org.atende.media.player.Prompt;
import org.atende.media.player.ToneGenerator;
import org.atende.media.rtp.OutboundStream;
import org.atende.media.rtp.RtpHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Atende's media path costs per 20 ms frame (160 samples, a 160-byte G.711 payload), apart from socket I/O:
 *
 * <ul>
 *   <li>{@code relay}: an anchored call with the same codec on both legs. The receiving leg parses the header in
 *       place ({@link RtpHeader#read}) and the other leg's {@link OutboundStream#relay} rewrites sequence
 *       number, timestamp, SSRC and payload type in the same pooled direct buffer. {@code receiveBaseline} is the
 *       baseline that only writes the next sequence number and timestamp into the buffer, standing in for the
 *       socket read that would bring a new packet; subtract it from {@code relay}.</li>
 *   <li>G.711 on arrays: µ-law decode + encode, A-law decode + encode, PCMU→PCMA through linear PCM (what a
 *       transcoding bridge does per frame).</li>
 *   <li>{@code transcodePacket}: the transcoding bridge per packet as {@code MediaSession.onAudio} does it,
 *       socket aside: parse the header, decode the payload sample by sample from the direct buffer
 *       ({@code MediaLeg.decode}), take a new pooled direct buffer, write the generated header and encode sample
 *       by sample ({@code MediaLeg.sendPcm}), release the buffer (the socket write would).</li>
 *   <li>{@link Player#next}: one frame of a looped prompt, and one frame of the Brazilian ringback tone.</li>
 * </ul>
 *
 * Run with the allocation profiler; the aim is {@code gc.alloc.rate.norm} = 0 B/op on every path:
 * <pre>java -jar bench/target/benchmarks.jar MediaPathBenchmark -prof gc</pre>
 *
 * <p>{@code transcodePacket} shows about 116 B/op here that the engine does not pay: JMH's threads are not Netty
 * {@code FastThreadLocalThread}s, so the pooled allocator gives them a new {@code PooledByteBuf} object per buffer
 * (104 B) instead of a recycled one; on an event loop that is 0 B, plus the leak detector's sampled records
 * (about 12 B per buffer on average at the default SIMPLE level). {@link RelayAllocationProbe} measures on a real
 * event loop, socket I/O included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MediaPathBenchmark {

    static final int FRAME = 160;
    static final int PCMA = 8;
    static final long TICK_NANOS = 20_000_000L;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final RtpHeader header = new RtpHeader();
    private final OutboundStream stream = new OutboundStream(0x1234_5678L, 8000, 1000, 160_000L);
    private final OutboundStream transcodedStream = new OutboundStream(0x8765_4321L, 8000, 2000, 320_000L);
    private ByteBuf packet;
    private int seq;
    private long ts;
    private long now;

    private final byte[] ulawFrame = new byte[FRAME];
    private final byte[] alawFrame = new byte[FRAME];
    private final byte[] out = new byte[FRAME];
    private final short[] pcm = new short[FRAME];
    private final short[] frame = new short[Prompt.FRAME_SAMPLES];
    private Player prompt;
    private Player tone;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        short[] speechLike = new short[10 * Prompt.SAMPLE_RATE];
        for (int i = 0; i < speechLike.length; i++) {
            double envelope = 0.5 + 0.5 * Math.sin(i * 2 * Math.PI / 2000);
            speechLike[i] = (short) (envelope * (random.nextInt(20_000) - 10_000)
                    + 6000 * Math.sin(i * 2 * Math.PI * 300 / Prompt.SAMPLE_RATE));
        }
        G711.encodeUlaw(speechLike, 0, FRAME, ulawFrame, 0);
        G711.encodeAlaw(speechLike, 0, FRAME, alawFrame, 0);

        packet = alloc.directBuffer(RtpHeader.FIXED_HEADER_LENGTH + FRAME);
        packet.writeByte(0x80).writeByte(PCMA).writeShort(0).writeInt(0).writeInt(0x0BAD_CAFE).writeBytes(alawFrame);
        seq = 40_000;
        ts = 1_000_000L;
        now = 1_000_000_000L;

        prompt = new Player(Playback.of(new Playback.PromptItem(new Prompt(speechLike))).looped());
        tone = new Player(Playback.of(new Playback.ToneItem(ToneGenerator::ringback, 1_000_000)).looped());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
    }

    /** The next packet of the stream lands in the buffer (stand-in for the socket read). */
    private void receive() {
        seq = (seq + 1) & 0xFFFF;
        ts = (ts + FRAME) & 0xFFFF_FFFFL;
        now += TICK_NANOS;
        packet.setShort(2, seq);
        packet.setInt(4, (int) ts);
    }

    @Benchmark
    public ByteBuf receiveBaseline() {
        receive();
        return packet;
    }

    @Benchmark
    public boolean relay() {
        receive();
        return header.read(packet) && stream.relay(packet, header, PCMA, now);
    }

    @Benchmark
    public byte[] ulawDecodeEncode() {
        G711.decodeUlaw(ulawFrame, 0, FRAME, pcm, 0);
        G711.encodeUlaw(pcm, 0, FRAME, out, 0);
        return out;
    }

    @Benchmark
    public byte[] alawDecodeEncode() {
        G711.decodeAlaw(alawFrame, 0, FRAME, pcm, 0);
        G711.encodeAlaw(pcm, 0, FRAME, out, 0);
        return out;
    }

    @Benchmark
    public byte[] pcmuToPcmaViaLinear() {
        G711.decodeUlaw(ulawFrame, 0, FRAME, pcm, 0);
        G711.encodeAlaw(pcm, 0, FRAME, out, 0);
        return out;
    }

    @Benchmark
    public int transcodePacket() {
        receive();
        if (!header.read(packet)) {
            return -1;
        }
        int n = Math.min(header.payloadLength(), pcm.length);
        int at = header.payloadOffset();
        for (int i = 0; i < n; i++) {
            pcm[i] = G711.alawToLinear(packet.getByte(at + i));
        }
        ByteBuf sent = alloc.directBuffer(RtpHeader.FIXED_HEADER_LENGTH + n + 16);
        transcodedStream.writeGeneratedHeader(sent, 0, n, now);
        for (int i = 0; i < n; i++) {
            sent.writeByte(G711.linearToUlaw(pcm[i]));
        }
        int written = sent.readableBytes();
        sent.release();
        return written;
    }

    @Benchmark
    public short[] playerPromptFrame() {
        prompt.next(frame);
        return frame;
    }

    @Benchmark
    public short[] playerToneFrame() {
        tone.next(frame);
        return frame;
    }
}
