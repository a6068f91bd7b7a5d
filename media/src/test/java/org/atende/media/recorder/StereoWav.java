package org.atende.media.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.atende.media.player.WavFile;

/**
 * Reads a stereo recording back for tests. {@code WavFile} only accepts mono, so the header is checked
 * here for stereo and then rewritten as mono (block align 2) and parsed by {@code WavFile}, whose chunk
 * parser thereby validates the sizes; the interleaved samples are split into left and right. The JDK's
 * own WAV reader ({@code javax.sound}) cross-checks the format and frame count.
 */
record StereoWav(short[] left, short[] right) {

    static StereoWav read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 2);
        assertThat(b.getInt(24)).as("rate").isEqualTo(8000);
        assertThat(b.getInt(28)).as("byte rate").isEqualTo(32000);
        assertThat(b.getShort(32)).as("block align").isEqualTo((short) 4);
        assertThat(b.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(Integer.toUnsignedLong(b.getInt(40))).as("data size").isEqualTo(bytes.length - 44L);
        assertThat(Integer.toUnsignedLong(b.getInt(4))).as("RIFF size").isEqualTo(bytes.length - 8L);
        try {
            AudioFileFormat f = AudioSystem.getAudioFileFormat(file.toFile());
            assertThat(f.getFormat().getChannels()).isEqualTo(2);
            assertThat((long) f.getFrameLength()).isEqualTo((bytes.length - 44L) / 4);
        } catch (UnsupportedAudioFileException e) {
            throw new AssertionError("javax.sound cannot read " + file, e);
        }
        byte[] mono = bytes.clone();
        ByteBuffer m = ByteBuffer.wrap(mono).order(ByteOrder.LITTLE_ENDIAN);
        m.putShort(22, (short) 1).putInt(28, 16000).putShort(32, (short) 2);
        short[] interleaved = WavFile.parse(mono, file.getFileName().toString()).samples();
        int n = interleaved.length / 2;
        short[] left = new short[n];
        short[] right = new short[n];
        for (int i = 0; i < n; i++) {
            left[i] = interleaved[2 * i];
            right[i] = interleaved[2 * i + 1];
        }
        return new StereoWav(left, right);
    }

    int frames() {
        return left.length / CallRecorder.FRAME_SAMPLES;
    }

    short[] channel(CallRecorder.Channel ch) {
        return ch == CallRecorder.Channel.LEFT ? left : right;
    }

    /** Whether frame {@code f} of {@code ch} is all zeros. */
    boolean silent(CallRecorder.Channel ch, int f) {
        short[] s = channel(ch);
        for (int i = f * 160; i < (f + 1) * 160; i++) {
            if (s[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
