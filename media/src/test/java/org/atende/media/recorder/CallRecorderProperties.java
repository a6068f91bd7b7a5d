package org.atende.media.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.media.recorder.CallRecorder.Channel.LEFT;
import static org.atende.media.recorder.CallRecorder.Channel.RIGHT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.atende.media.recorder.CallRecorder.Channel;

/**
 * Whatever the network does — bursts, gaps, jitter, 10 to 60 ms packets, duplicated packets — and
 * wherever pauses fall, the recording is exactly one frame per tick, each channel holds only its own
 * audio, in arrival order, in whole frames, and every accepted sample is accounted for.
 */
class CallRecorderProperties {

    sealed interface Action {
    }

    record Tick() implements Action {
    }

    /** A new packet of {@code samples} samples on {@code channel}. */
    record Offer(Channel channel, int samples) implements Action {
    }

    /** The last packet of {@code channel} again, as a duplicated RTP packet would give. */
    record Duplicate(Channel channel) implements Action {
    }

    record Pause() implements Action {
    }

    record Resume() implements Action {
    }

    Path dir;
    RecordingWriter writer;
    int tries;

    @BeforeProperty
    void start() throws IOException {
        dir = Files.createTempDirectory("recorder-properties");
        // A ring longer than any script: the writer never drops, so the property sees only the recorder.
        writer = RecordingWriter.start(Thread::new, 1024);
    }

    @AfterProperty
    void stop() throws IOException {
        assertThat(writer.shutdown(Duration.ofSeconds(10))).isTrue();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.of(80, 160, 160, 160, 240, 320, 480),
                Arbitraries.integers().between(CallRecorder.MIN_OFFER_SAMPLES, CallRecorder.MAX_OFFER_SAMPLES));
        Arbitrary<Channel> channels = Arbitraries.of(Channel.class);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(new Tick())),
                Tuple.of(10, Arbitraries.lazy(() -> channels.flatMap(c -> sizes.map(n -> new Offer(c, n))))),
                Tuple.of(2, channels.map(Duplicate::new)),
                Tuple.of(1, Arbitraries.just(new Pause())),
                Tuple.of(1, Arbitraries.just(new Resume())));
        return action.list().ofMaxSize(400);
    }

    @Property(tries = 150)
    void recordingIsOneFramePerTickWithEachChannelsAudioInOrder(@ForAll("scripts") List<Action> script)
            throws Exception {
        CallRecorder r = writer.open("try-" + tries++, dir);
        Map<Channel, List<Short>> offered = new EnumMap<>(Channel.class);
        Map<Channel, short[]> last = new EnumMap<>(Channel.class);
        Map<Channel, Long> accepted = new EnumMap<>(Channel.class);
        Map<Channel, Long> discardedAtPause = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            offered.put(c, new ArrayList<>());
            accepted.put(c, 0L);
            discardedAtPause.put(c, 0L);
        }
        int[] counter = {0};
        List<RecordingResult.Pause> expectedPauses = new ArrayList<>();
        long ticks = 0;
        long pauseStart = -1;
        for (Action a : script) {
            if (a instanceof Tick) {
                r.tick();
                ticks++;
            } else if (a instanceof Offer o) {
                short[] pcm = new short[o.samples()];
                for (int i = 0; i < pcm.length; i++) {
                    int v = 1 + counter[0]++ % 32000;
                    pcm[i] = (short) (o.channel() == LEFT ? v : -v);
                }
                last.put(o.channel(), pcm);
                offer(r, o.channel(), pcm, offered, accepted);
            } else if (a instanceof Duplicate d) {
                if (last.containsKey(d.channel())) {
                    offer(r, d.channel(), last.get(d.channel()), offered, accepted);
                }
            } else if (a instanceof Pause) {
                if (!r.isPaused()) {
                    for (Channel c : Channel.values()) {
                        discardedAtPause.merge(c, (long) r.queuedSamples(c), Long::sum);
                    }
                    pauseStart = ticks;
                }
                r.pause();
            } else if (a instanceof Resume) {
                if (r.isPaused() && ticks > pauseStart) {
                    expectedPauses.add(new RecordingResult.Pause(pauseStart, ticks));
                }
                r.resume();
            }
        }
        if (r.isPaused() && ticks > pauseStart) {
            expectedPauses.add(new RecordingResult.Pause(pauseStart, ticks));
        }
        Map<Channel, Integer> queuedAtStop = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            queuedAtStop.put(c, r.queuedSamples(c));
        }
        r.stop();
        RecordingResult result = r.result().get(10, TimeUnit.SECONDS);

        // Output length equals the call duration: one frame per tick, exactly.
        assertThat(result.succeeded()).isTrue();
        assertThat(result.ticks()).isEqualTo(ticks);
        assertThat(result.frames()).isEqualTo(ticks);
        StereoWav wav = StereoWav.read(result.file());
        assertThat((long) wav.frames()).isEqualTo(ticks);
        assertThat(wav.left().length).isEqualTo(ticks * 160);

        assertThat(result.pauses()).isEqualTo(mergeAdjacent(expectedPauses));
        for (RecordingResult.Pause p : result.pauses()) {
            for (long f = p.startFrame(); f < p.endFrame(); f++) {
                assertThat(wav.silent(LEFT, (int) f) && wav.silent(RIGHT, (int) f)).as("paused frame %d", f).isTrue();
            }
        }
        for (Channel c : Channel.values()) {
            short[] out = wav.channel(c);
            long audioFrames = 0;
            for (int f = 0; f < wav.frames(); f++) {
                int nonZero = 0;
                for (int i = f * 160; i < (f + 1) * 160; i++) {
                    if (out[i] != 0) {
                        nonZero++;
                        assertThat(c == LEFT ? out[i] > 0 : out[i] < 0).as("%s has only its own audio", c).isTrue();
                    }
                }
                assertThat(nonZero).as("%s frame %d is whole audio or whole silence", c, f).isIn(0, 160);
                audioFrames += nonZero == 160 ? 1 : 0;
            }
            assertThat(isSubsequence(out, offered.get(c))).as("%s audio in arrival order", c).isTrue();

            RecordingResult.ChannelStats stats = c == LEFT ? result.left() : result.right();
            assertThat(stats.audioFrames()).isEqualTo(audioFrames).isEqualTo(r.audioFrames(c));
            assertThat(stats.audioFrames() + stats.silenceFrames() + r.pausedFrames()).isEqualTo(ticks);
            assertThat(stats.overflowDrops()).isEqualTo(r.overflowDrops(c));
            // Every accepted sample came out, was dropped with its frame, or was discarded at pause/stop.
            assertThat(accepted.get(c)).isEqualTo(160 * (stats.audioFrames() + stats.overflowDrops())
                    + discardedAtPause.get(c) + queuedAtStop.get(c));
        }
        assertThat(result.backlogDrops()).isZero();
    }

    private static void offer(CallRecorder r, Channel c, short[] pcm, Map<Channel, List<Short>> offered,
            Map<Channel, Long> accepted) {
        for (short s : pcm) {
            offered.get(c).add(s);
        }
        if (!r.isPaused()) {
            accepted.merge(c, (long) pcm.length, Long::sum);
        }
        r.offer(c, pcm, 0, pcm.length);
    }

    /** Pause then resume with no tick between leaves no interval; back-to-back intervals are one. */
    private static List<RecordingResult.Pause> mergeAdjacent(List<RecordingResult.Pause> pauses) {
        List<RecordingResult.Pause> merged = new ArrayList<>();
        for (RecordingResult.Pause p : pauses) {
            int n = merged.size();
            if (n > 0 && merged.get(n - 1).endFrame() == p.startFrame()) {
                merged.set(n - 1, new RecordingResult.Pause(merged.get(n - 1).startFrame(), p.endFrame()));
            } else {
                merged.add(p);
            }
        }
        return merged;
    }

    /** Whether the non-zero samples of {@code out} appear in {@code offered} in the same order. */
    private static boolean isSubsequence(short[] out, List<Short> offered) {
        int j = 0;
        for (short s : out) {
            if (s == 0) {
                continue;
            }
            while (j < offered.size() && offered.get(j) != s) {
                j++;
            }
            if (j == offered.size()) {
                return false;
            }
            j++;
        }
        return true;
    }
}
