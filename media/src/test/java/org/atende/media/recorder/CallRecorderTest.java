package org.atende.media.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.atende.media.recorder.CallRecorder.Channel.LEFT;
import static org.atende.media.recorder.CallRecorder.Channel.RIGHT;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.atende.media.player.ToneGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecorderTest {

    @TempDir
    Path dir;

    RecordingWriter writer;

    @BeforeEach
    void startWriter() {
        // A ring longer than any test, so the writer can never fall behind here.
        writer = RecordingWriter.start(Thread::new, 1024);
    }

    @AfterEach
    void stopWriter() {
        assertThat(writer.shutdown(java.time.Duration.ofSeconds(10))).isTrue();
    }

    static RecordingResult finish(CallRecorder r) throws Exception {
        r.stop();
        return r.result().get(10, TimeUnit.SECONDS);
    }

    /** Zero crossings per second of {@code s}: twice the frequency of a pure tone. */
    static double crossingsPerSecond(short[] s) {
        int crossings = 0;
        for (int i = 1; i < s.length; i++) {
            if ((s[i - 1] < 0) != (s[i] < 0)) {
                crossings++;
            }
        }
        return crossings * 8000.0 / s.length;
    }

    static short[] counting(int from, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (from + i);
        }
        return s;
    }

    @Test
    void callerGoesLeftAndOtherPartyRight() throws Exception {
        CallRecorder r = writer.open("tones", dir);
        ToneGenerator caller = new ToneGenerator(440, 0, -10, false);
        ToneGenerator agent = new ToneGenerator(1000, 0, -10, false);
        short[] frame = new short[160];
        for (int i = 0; i < 100; i++) {
            caller.next(frame);
            r.offer(LEFT, frame, 0, 160);
            agent.next(frame);
            r.offer(RIGHT, frame, 0, 160);
            r.tick();
        }
        RecordingResult result = finish(r);

        assertThat(result.succeeded()).isTrue();
        StereoWav wav = StereoWav.read(result.file());
        assertThat(wav.frames()).isEqualTo(100);
        assertThat(crossingsPerSecond(wav.left())).isCloseTo(880, org.assertj.core.data.Offset.offset(10.0));
        assertThat(crossingsPerSecond(wav.right())).isCloseTo(2000, org.assertj.core.data.Offset.offset(10.0));
        assertThat(result.left().audioFrames()).isEqualTo(100);
        assertThat(result.right().audioFrames()).isEqualTo(100);
    }

    @Test
    void packetsOf10To60MsAreCutInto20MsFramesInOrder() throws Exception {
        CallRecorder r = writer.open("sizes", dir);
        r.offer(LEFT, counting(1, 80), 0, 80);
        r.offer(LEFT, counting(81, 80), 0, 80);
        r.tick();
        short[] big = counting(161, 500);
        r.offer(LEFT, big, 10, 480); // 171 .. 650
        r.offer(RIGHT, counting(-240, 240), 0, 240); // 30 ms: one frame now, half a frame waits
        r.tick();
        r.tick();
        r.tick();
        RecordingResult result = finish(r);

        StereoWav wav = StereoWav.read(result.file());
        assertThat(wav.frames()).isEqualTo(4);
        for (int i = 0; i < 160; i++) {
            assertThat(wav.left()[i]).isEqualTo((short) (1 + i));
        }
        for (int i = 160; i < 640; i++) {
            assertThat(wav.left()[i]).isEqualTo((short) (171 + i - 160));
        }
        assertThat(wav.silent(RIGHT, 0)).isTrue();
        for (int i = 0; i < 160; i++) {
            assertThat(wav.right()[160 + i]).isEqualTo((short) (-240 + i));
        }
        assertThat(wav.silent(RIGHT, 2)).isTrue();
        assertThat(wav.silent(RIGHT, 3)).isTrue();
        assertThat(result.right()).isEqualTo(new RecordingResult.ChannelStats(1, 3, 0, 0));
    }

    @Test
    void burstBeyondTheQueueDropsTheOldestFramesAndCountsThem() throws Exception {
        CallRecorder r = writer.open("burst", dir);
        for (int f = 1; f <= 5; f++) {
            r.offer(LEFT, counting(f * 1000, 160), 0, 160);
        }
        assertThat(r.overflowDrops(LEFT)).isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            r.tick();
        }
        RecordingResult result = finish(r);

        StereoWav wav = StereoWav.read(result.file());
        assertThat(wav.left()[0]).isEqualTo((short) 3000);
        assertThat(wav.left()[160]).isEqualTo((short) 4000);
        assertThat(wav.left()[320]).isEqualTo((short) 5000);
        assertThat(wav.silent(LEFT, 3)).isTrue();
        assertThat(wav.silent(LEFT, 4)).isTrue();
        assertThat(result.left()).isEqualTo(new RecordingResult.ChannelStats(3, 2, 2, 0));
        assertThat(result.right()).isEqualTo(new RecordingResult.ChannelStats(0, 5, 0, 0));
    }

    @Test
    void pauseRecordsSilenceDiscardsQueuedAudioAndIsReported() throws Exception {
        CallRecorder r = writer.open("card-number", dir);
        short[] loud = new short[160];
        java.util.Arrays.fill(loud, (short) 1234);
        for (int t = 0; t < 30; t++) {
            if (t == 10) {
                r.offer(LEFT, loud, 0, 160); // queued before the pause: must not come out after it
                r.offer(LEFT, loud, 0, 160);
                r.pause();
            }
            if (t == 20) {
                r.resume();
            }
            r.offer(LEFT, loud, 0, 160);
            r.offer(RIGHT, loud, 0, 160);
            r.tick();
        }
        RecordingResult result = finish(r);

        assertThat(result.pauses()).containsExactly(new RecordingResult.Pause(10, 20));
        assertThat(result.pauses().get(0).start()).isEqualTo(java.time.Duration.ofMillis(200));
        assertThat(result.pauses().get(0).length()).isEqualTo(java.time.Duration.ofMillis(200));
        assertThat(r.pausedFrames()).isEqualTo(10);
        StereoWav wav = StereoWav.read(result.file());
        assertThat(wav.frames()).isEqualTo(30);
        for (int f = 0; f < 30; f++) {
            boolean paused = f >= 10 && f < 20;
            assertThat(wav.silent(LEFT, f)).as("left frame %d", f).isEqualTo(paused);
            assertThat(wav.silent(RIGHT, f)).as("right frame %d", f).isEqualTo(paused);
        }
        assertThat(result.left().audioFrames()).isEqualTo(20);
        assertThat(result.left().silenceFrames()).isZero();
    }

    @Test
    void stopWhilePausedEndsThePauseAtTheEnd() throws Exception {
        CallRecorder r = writer.open("paused-to-the-end", dir);
        r.tick();
        r.pause();
        r.pause();
        r.tick();
        r.tick();
        RecordingResult result = finish(r);
        assertThat(result.pauses()).containsExactly(new RecordingResult.Pause(1, 3));
        assertThat(result.frames()).isEqualTo(3);
    }

    @Test
    void lossAndGapsAreFilledWithSilenceKeepingTheTimeline() throws Exception {
        CallRecorder r = writer.open("gaps", dir);
        short[] one = counting(1, 160);
        for (int t = 0; t < 50; t++) {
            if (t % 5 != 0) {
                r.offer(RIGHT, one, 0, 160);
            }
            r.tick();
        }
        RecordingResult result = finish(r);
        assertThat(result.frames()).isEqualTo(50);
        assertThat(result.duration()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(result.right().audioFrames()).isEqualTo(40);
        assertThat(result.right().silenceFrames()).isEqualTo(10);
        assertThat(r.silenceFrames(RIGHT)).isEqualTo(10);
        assertThat(result.left().silenceFrames()).isEqualTo(50);
        assertThat(StereoWav.read(result.file()).frames()).isEqualTo(50);
    }

    @Test
    void badOffersAreCountedAndNeverThrown() throws Exception {
        CallRecorder r = writer.open("bad", dir);
        short[] pcm = new short[600];
        assertThatCode(() -> {
            r.offer(LEFT, null, 0, 160);
            r.offer(LEFT, pcm, 0, 79);
            r.offer(LEFT, pcm, 0, 481);
            r.offer(RIGHT, pcm, -1, 160);
            r.offer(RIGHT, pcm, 500, 160);
            r.offer(RIGHT, pcm, Integer.MAX_VALUE, 160);
            r.offer(null, pcm, 0, 160);
        }).doesNotThrowAnyException();
        assertThat(r.invalidOffers(LEFT)).isEqualTo(3);
        assertThat(r.invalidOffers(RIGHT)).isEqualTo(3);
        assertThat(r.queuedSamples(LEFT)).isZero();
        r.tick();
        RecordingResult result = finish(r);
        assertThat(result.left().invalidOffers()).isEqualTo(3);
        assertThat(result.right().invalidOffers()).isEqualTo(3);
    }

    @Test
    void stopIsIdempotentAndLaterCallsAreIgnored() throws Exception {
        CallRecorder r = writer.open("after-stop", dir);
        r.tick();
        RecordingResult result = finish(r);
        r.stop();
        r.offer(LEFT, new short[160], 0, 160);
        r.tick();
        r.pause();
        assertThat(r.isStopped()).isTrue();
        assertThat(r.isPaused()).isFalse();
        assertThat(r.ticks()).isEqualTo(1);
        assertThat(result.frames()).isEqualTo(1);
    }

    @Test
    void offersAndTicksAllocateNothing() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemoryEnabled());
        CallRecorder r = writer.open("no-garbage", dir);
        short[] ten = counting(1, 80);
        short[] twenty = counting(1, 160);
        short[] sixty = counting(1, 480);
        long id = Thread.currentThread().getId();
        long before = 0;
        for (int t = 0; t < 6000; t++) {
            if (t == 1000) {
                before = threads.getThreadAllocatedBytes(id); // after warm-up
            }
            r.offer(LEFT, ten, 0, 80);
            r.offer(LEFT, ten, 0, 80);
            r.offer(RIGHT, t % 3 == 0 ? sixty : twenty, 0, t % 3 == 0 ? 480 : 160);
            if (t % 500 == 0) {
                r.pause();
                r.resume();
            }
            r.tick();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        RecordingResult result = finish(r);

        assertThat(allocated).as("bytes allocated by 5000 offers and ticks").isLessThan(1024);
        assertThat(result.frames()).isEqualTo(6000);
    }

    @Test
    void recordingStoppedBeforeAnyTickIsAnEmptyValidFile() throws Exception {
        RecordingResult result = finish(writer.open("empty", dir));
        assertThat(result.succeeded()).isTrue();
        assertThat(result.frames()).isZero();
        assertThat(StereoWav.read(result.file()).frames()).isZero();
    }
}
