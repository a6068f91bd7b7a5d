package org.atende.media.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.atende.media.player.WavFile;
import org.atende.media.player.WavFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavRepairTest {

    @TempDir
    Path dir;

    static short[] ramp(int n, int from) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (from + i);
        }
        return s;
    }

    /** What a crash mid-recording leaves: the writer's file copied before {@code close}. */
    Path crashed(String name, int channels, int samples, int extraBytes) throws Exception {
        Path live = dir.resolve("live-" + name);
        Path file = Files.createDirectories(dir.resolve("2025/03/07")).resolve(name);
        try (WavWriter w = WavWriter.open(live, channels)) {
            w.write(ramp(samples, 1), ramp(samples, -samples), samples);
            Files.copy(live, file);
        }
        Files.delete(live);
        if (extraBytes > 0) {
            Files.write(file, new byte[extraBytes], StandardOpenOption.APPEND); // half-written last frame
        }
        return file;
    }

    static void patch(Path file, int offset, int value) throws Exception {
        byte[] b = Files.readAllBytes(file);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        Files.write(file, b);
    }

    @Test
    void unfinishedStereoRecordingIsPatchedToItsWholeFrames() throws Exception {
        Path file = crashed("call.wav", 2, 1600, 3);
        assertThat(StereoWavHeader.dataSize(file)).isZero();

        List<WavRepair.Repaired> fixed = WavRepair.repair(dir);

        assertThat(fixed).containsExactly(new WavRepair.Repaired(file, 0, 1600 * 4));
        assertThat(Files.size(file)).isEqualTo(44 + 1600 * 4);
        StereoWav wav = StereoWav.read(file);
        assertThat(wav.left()).isEqualTo(ramp(1600, 1));
        assertThat(wav.right()).isEqualTo(ramp(1600, -1600));
    }

    @Test
    void unfinishedMonoRecordingReadsBackWithWavFile() throws Exception {
        Path file = crashed("mono.wav", 1, 800, 1);
        assertThat(WavFile.read(file).length()).isZero();

        assertThat(WavRepair.repair(dir)).hasSize(1);

        assertThat(WavFile.read(file).samples()).isEqualTo(ramp(800, 1));
    }

    @Test
    void sizesClaimingMoreThanTheFileHoldsArePatchedDown() throws Exception {
        Path file = crashed("long.wav", 1, 800, 0);
        patch(file, 40, 999_999);
        patch(file, 4, 36 + 999_999);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> WavFile.read(file)))
                .isInstanceOf(WavFormatException.class).hasMessageContaining("truncated");

        assertThat(WavRepair.repair(dir)).containsExactly(new WavRepair.Repaired(file, 999_999, 1600));

        assertThat(WavFile.read(file).samples()).isEqualTo(ramp(800, 1));
    }

    @Test
    void riffPatchedButDataNotIsRepairedToo() throws Exception {
        Path file = crashed("half-closed.wav", 1, 160, 0);
        patch(file, 4, 36 + 320);
        assertThat(WavRepair.repair(dir)).hasSize(1);
        assertThat(WavFile.read(file).length()).isEqualTo(160);
    }

    @Test
    void finishedRecordingsAndForeignFilesAreLeftAlone() throws Exception {
        Path good = dir.resolve("good.wav");
        try (WavWriter w = WavWriter.open(good, 2)) {
            w.write(ramp(320, 1), ramp(320, 1), 320);
        }
        Path text = Files.writeString(dir.resolve("notes.wav"), "not a wav file at all, but long enough to have a header");
        Path small = Files.write(dir.resolve("tiny.wav"), new byte[10]);
        byte[] foreign = Files.readAllBytes(good);
        ByteBuffer.wrap(foreign).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 44100).putInt(40, 0);
        Path cd = Files.write(dir.resolve("cd.wav"), foreign);
        Path other = crashed("other.bin", 2, 160, 0);
        byte[][] before = {Files.readAllBytes(good), Files.readAllBytes(text), Files.readAllBytes(small),
            Files.readAllBytes(cd), Files.readAllBytes(other)};

        assertThat(WavRepair.repair(dir)).isEmpty();

        Path[] files = {good, text, small, cd, other};
        for (int i = 0; i < files.length; i++) {
            assertThat(Arrays.equals(Files.readAllBytes(files[i]), before[i])).as(files[i].toString()).isTrue();
        }
    }

    @Test
    void missingDirectoryRepairsNothing() throws Exception {
        assertThat(WavRepair.repair(dir.resolve("nope"))).isEmpty();
    }

    /** Reads header fields without validating the file. */
    static final class StereoWavHeader {
        static long dataSize(Path file) throws Exception {
            return Integer.toUnsignedLong(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN)
                    .getInt(40));
        }
    }
}
