package org.atende.media.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.atende.media.recorder.CallRecorder.Channel.LEFT;
import static org.atende.media.recorder.CallRecorder.Channel.RIGHT;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingWriterTest {

    @TempDir
    Path dir;

    final List<RecordingWriter> writers = new ArrayList<>();

    @AfterEach
    void shutdownWriters() {
        for (RecordingWriter w : writers) {
            assertThat(w.shutdown(Duration.ofSeconds(10))).isTrue();
        }
    }

    RecordingWriter writer(int bufferFrames, ScriptedChannel.Hook hook) {
        RecordingWriter w = RecordingWriter.start(Thread::new, bufferFrames, file -> new ScriptedChannel(
                FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), hook));
        writers.add(w);
        return w;
    }

    RecordingWriter writer() {
        return writer(1024, (call, position, length) -> { });
    }

    static RecordingResult finish(CallRecorder r) throws Exception {
        r.stop();
        return r.result().get(10, TimeUnit.SECONDS);
    }

    /** Offers frame {@code t} of a ramp on both channels (left positive, right negative) and ticks. */
    static void tickWithAudio(CallRecorder r, int t) {
        short[] s = new short[160];
        for (int i = 0; i < 160; i++) {
            s[i] = (short) (1 + (t * 160 + i) % 30000);
        }
        r.offer(LEFT, s, 0, 160);
        for (int i = 0; i < 160; i++) {
            s[i] = (short) -s[i];
        }
        r.offer(RIGHT, s, 0, 160);
        r.tick();
    }

    static void assertRamp(StereoWav wav, int frames) {
        for (int i = 0; i < frames * 160; i++) {
            assertThat(wav.left()[i]).isEqualTo((short) (1 + i % 30000));
            assertThat(wav.right()[i]).isEqualTo((short) -(1 + i % 30000));
        }
    }

    @Test
    void directoryThatCannotBeCreatedFailsTheRecordingInItsResultWithOneErrorLine() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        try (LogCapture log = new LogCapture(RecordingWriter.class)) {
            CallRecorder r = writer().open("call-1", notADirectory.resolve("2025"));
            assertThatCode(() -> {
                for (int t = 0; t < 20; t++) {
                    tickWithAudio(r, t);
                }
            }).doesNotThrowAnyException();
            RecordingResult result = finish(r);

            assertThat(result.succeeded()).isFalse();
            assertThat(result.failure()).isInstanceOf(IOException.class);
            assertThat(result.frames()).isZero();
            assertThat(result.ticks()).isEqualTo(20);
            assertThat(result.file()).isEqualTo(notADirectory.resolve("2025").resolve("call-1.wav"));
            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                    .contains(result.file().toString());
        }
    }

    @Test
    void readOnlyDirectoryFailsTheRecordingInItsResult() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "running as root: permissions not enforced");
            CallRecorder r = writer().open("call-ro", ro);
            tickWithAudio(r, 0);
            RecordingResult result = finish(r);
            assertThat(result.succeeded()).isFalse();
            assertThat(result.failure()).isInstanceOf(java.nio.file.AccessDeniedException.class);
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void existingFilesAreNeverOverwritten() throws Exception {
        Files.createDirectory(dir.resolve("same.wav")); // a directory where the file would go
        RecordingWriter w = writer();
        RecordingResult first = finish(w.open("same", dir));
        CallRecorder second = w.open("same", dir);
        tickWithAudio(second, 0);
        RecordingResult secondResult = finish(second);

        assertThat(first.succeeded()).isTrue();
        assertThat(first.file()).isEqualTo(dir.resolve("same-2.wav"));
        assertThat(secondResult.file()).isEqualTo(dir.resolve("same-3.wav"));
        assertThat(StereoWav.read(first.file()).frames()).isZero();
        assertThat(StereoWav.read(secondResult.file()).frames()).isEqualTo(1);
    }

    @Test
    void hostileCallIdsStayInTheDirectory() throws Exception {
        RecordingWriter w = writer();
        String[] ids = {"../../etc/passwd", "/abs/path", "..", ".", "", "-rf *", "a\r\nERROR forged", "x\u0000y",
            "C:\\windows\\system32", "ünïcödé", "a84b4c76e66710@pc33.atlanta.com"};
        for (String id : ids) {
            RecordingResult result = finish(w.open(id, dir));
            assertThat(result.succeeded()).as(id).isTrue();
            assertThat(result.file().getParent()).as(id).isEqualTo(dir);
            assertThat(result.file().getFileName().toString()).as(id)
                    .matches("[A-Za-z0-9_][A-Za-z0-9_.@-]*\\.wav");
            assertThat(result.callId()).isEqualTo(id);
        }
        assertThat(dir.resolve("a84b4c76e66710@pc33.atlanta.com.wav")).exists();
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(ids.length);
        }
    }

    @Test
    void aWriteThatFailsOnceIsRetriedWithoutCorruptingTheFile() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        RecordingWriter w = writer(1024, (call, position, length) -> {
            if (call == 2) {
                failures.incrementAndGet();
                throw new ScriptedChannel.PartialWrite("EIO (test)");
            }
        });
        CallRecorder r = w.open("flaky", dir);
        for (int t = 0; t < 200; t++) {
            tickWithAudio(r, t);
        }
        RecordingResult result = finish(r);

        assertThat(failures).hasValue(1);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.frames()).isEqualTo(200);
        StereoWav wav = StereoWav.read(result.file());
        assertThat(wav.frames()).isEqualTo(200);
        assertRamp(wav, 200);
    }

    @Test
    void aDiskThatKeepsFailingFailsTheRecordingOnceAndKeepsWhatWasWritten() throws Exception {
        long limit = WavWriter.HEADER_BYTES + 10 * 640;
        CountDownLatch tenFramesWritten = new CountDownLatch(1);
        AtomicInteger failedWrites = new AtomicInteger();
        RecordingWriter w = writer(1024, (call, position, length) -> {
            if (position >= limit) {
                failedWrites.incrementAndGet();
                throw new ScriptedChannel.PartialWrite("No space left on device (test)");
            }
            if (position + length >= limit) {
                tenFramesWritten.countDown();
            }
        });
        try (LogCapture log = new LogCapture(RecordingWriter.class)) {
            CallRecorder r = w.open("disk-full", dir);
            for (int t = 0; t < 10; t++) {
                tickWithAudio(r, t);
            }
            assertThat(tenFramesWritten.await(10, TimeUnit.SECONDS)).isTrue();
            for (int t = 10; t < 100; t++) {
                tickWithAudio(r, t);
            }
            RecordingResult result = finish(r);

            assertThat(result.succeeded()).isFalse();
            assertThat(result.failure()).hasMessageContaining("No space left");
            assertThat(failedWrites).as("one write and two retries, then nothing").hasValue(3);
            assertThat(result.ticks()).isEqualTo(100);
            assertThat(result.frames()).isEqualTo(10);
            assertThat(log.messages(Level.ERROR)).singleElement().asString()
                    .contains(dir.resolve("disk-full.wav").toString()).contains("No space left");
            StereoWav wav = StereoWav.read(result.file());
            assertThat(wav.frames()).isEqualTo(10);
            assertRamp(wav, 10);
        }
    }

    @Test
    void framesTheWriterCannotTakeBecomeSilenceAndTheLengthIsKept() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch disk = new CountDownLatch(1);
        RecordingWriter w = writer(4, (call, position, length) -> {
            stalled.countDown();
            try {
                disk.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CallRecorder r = w.open("stalled", dir);
        tickWithAudio(r, 0);
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue(); // the writer is stuck in frame 0
        for (int t = 1; t < 20; t++) {
            tickWithAudio(r, t);
        }
        assertThat(r.backlogDrops()).isEqualTo(16); // frames 1..3 fit in the ring of 4
        disk.countDown();
        RecordingResult result = finish(r);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.ticks()).isEqualTo(20);
        assertThat(result.frames()).isEqualTo(20);
        assertThat(result.backlogDrops()).isEqualTo(16);
        assertThat(result.left().audioFrames()).isEqualTo(4);
        StereoWav wav = StereoWav.read(result.file());
        assertThat(wav.frames()).isEqualTo(20);
        assertRamp(wav, 4);
        for (int f = 4; f < 20; f++) {
            assertThat(wav.silent(LEFT, f)).isTrue();
            assertThat(wav.silent(RIGHT, f)).isTrue();
        }
    }

    @Test
    void oneWriterKeepsManyInterleavedRecordingsApart() throws Exception {
        RecordingWriter w = writer(8, (call, position, length) -> { });
        List<CallRecorder> calls = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            calls.add(w.open("call-" + c, dir));
        }
        short[] s = new short[160];
        for (int t = 0; t < 50; t++) {
            for (int c = 0; c < calls.size(); c++) {
                java.util.Arrays.fill(s, (short) (100 * c + t + 1));
                calls.get(c).offer(LEFT, s, 0, 160);
                calls.get(c).tick();
            }
        }
        for (int c = 0; c < calls.size(); c++) {
            RecordingResult result = finish(calls.get(c));
            StereoWav wav = StereoWav.read(result.file());
            assertThat(wav.frames()).isEqualTo(50);
            for (int t = 0; t < 50; t++) {
                // Frames the writer could not take are silence; the rest belong to this call, in order.
                short v = wav.left()[t * 160];
                assertThat(v == 0 || v == 100 * c + t + 1).as("call %d frame %d: %d", c, t, v).isTrue();
            }
            assertThat(result.frames()).isEqualTo(50);
        }
        assertThat(w.activeRecordings()).isZero();
    }

    @Test
    void shutdownClosesEveryRecordingAndLaterOpensAreRefusedQuietly() throws Exception {
        RecordingWriter w = RecordingWriter.start();
        CallRecorder stopped = w.open("stopped", dir);
        CallRecorder running = w.open("running", dir);
        for (int t = 0; t < 5; t++) {
            tickWithAudio(stopped, t);
            tickWithAudio(running, t);
        }
        stopped.stop();
        assertThat(w.shutdown(Duration.ofSeconds(10))).isTrue();

        RecordingResult a = stopped.result().getNow(null);
        RecordingResult b = running.result().getNow(null);
        assertThat(a.closedByShutdown()).isFalse();
        assertThat(a.frames()).isEqualTo(5);
        assertThat(b.closedByShutdown()).isTrue();
        assertThat(b.succeeded()).isTrue();
        assertThat(b.frames()).isEqualTo(5);
        assertRamp(StereoWav.read(b.file()), 5);
        assertThatCode(() -> tickWithAudio(running, 5)).doesNotThrowAnyException();

        CallRecorder late = w.open("late", dir);
        assertThatCode(() -> {
            tickWithAudio(late, 0);
            late.stop();
        }).doesNotThrowAnyException();
        RecordingResult refused = late.result().getNow(null);
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.failure()).hasMessageContaining("shut down");
        assertThat(dir.resolve("late.wav")).doesNotExist();
    }
}
