package org.atende.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.atende.media.audio.Mixer;
import org.atende.media.recorder.CallRecorder;
import org.atende.media.recorder.RecordingWriter;
import org.atende.media.recorder.WavWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per 20 ms frame costs of the recording path: the mixer, the event-loop side of the recorder (two channel
 * offers and one tick, handing the stereo frame to the writer thread), and the writer's file write.
 *
 * <p>Recording benchmarks write real files, so they run a bounded number of batches of {@link #BATCH} frames
 * (about 17 min of audio, 32 MB of stereo WAV each; some 420 MB per trial, deleted at the end), and the
 * per-frame figure is the batch time divided by {@link #BATCH}. One recording spans the trial, so the figures
 * (time and allocation) are the steady state, not the opening of a recording.
 *
 * <pre>java -jar bench/target/benchmarks.jar RecorderBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class RecorderBenchmark {

    /** The mixer needs no recording: its own state, so the file set-up does not run around it. */
    @State(Scope.Thread)
    public static class Frames {
        final short[] a = new short[160];
        final short[] b = new short[160];
        final short[] out = new short[160];

        @Setup
        public void fill() {
            for (int i = 0; i < 160; i++) {
                a[i] = (short) (30000 * Math.sin(i * 0.3));
                b[i] = (short) (30000 * Math.sin(i * 0.7));
            }
        }
    }

    static final int BATCH = 50_000;

    private final short[] left = new short[160];
    private final short[] right = new short[160];
    private Path dir;
    private RecordingWriter writer;
    private CallRecorder recorder;
    private WavWriter wav;
    private int call;

    @Setup(Level.Trial)
    public void start() throws IOException {
        call = 0;
        for (int i = 0; i < 160; i++) {
            left[i] = (short) (9000 * Math.sin(i * 0.3));
            right[i] = (short) (7000 * Math.sin(i * 0.7));
        }
        dir = Files.createTempDirectory("atende-bench-rec");
        // a ring as long as a batch: the loop side is measured copying every frame, never on the drop path
        writer = RecordingWriter.start(r -> {
            Thread t = new Thread(r, "bench-recording-writer");
            t.setDaemon(true);
            return t;
        }, BATCH + 64);
        recorder = writer.open("bench-recording", dir);
        wav = WavWriter.open(dir.resolve("direct.wav"), 2);
    }

    /**
     * Gives the writer time to drain the last batch (it writes a frame in about 2 µs, the loop side hands one
     * over in about 0.1 µs), so that every batch is measured copying into the ring, never on the drop path.
     */
    @Setup(Level.Iteration)
    public void drained() throws InterruptedException {
        Thread.sleep(500);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        recorder.stop();
        recorder.result().get(120, TimeUnit.SECONDS);
        wav.close();
        writer.shutdown(Duration.ofSeconds(10));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** Saturating sum of two frames. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public static short[] mixFrame(Frames f) {
        Mixer.mix(f.a, f.b, f.out, 160);
        return f.out;
    }

    /** What the call's event loop does per 20 ms for a recorded call: both channels offered, one tick. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public long recorderFrame() {
        for (int i = 0; i < BATCH; i++) {
            recorder.offer(CallRecorder.Channel.LEFT, left, 0, 160);
            recorder.offer(CallRecorder.Channel.RIGHT, right, 0, 160);
            recorder.tick();
        }
        return recorder.ticks();
    }

    /** The writer thread's share: one stereo frame into the WAV file. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public long writerFrame() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            wav.write(left, right, 160);
        }
        return wav.samplesWritten();
    }
}
