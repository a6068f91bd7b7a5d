package org.atende.media.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {

    @TempDir
    Path dir;

    @Test
    void stereoFileHasValidHeaderAndInterleavedSamples() throws Exception {
        int n = 3000;
        short[] l = new short[n];
        short[] r = new short[n];
        for (int i = 0; i < n; i++) {
            l[i] = (short) i;
            r[i] = (short) -i;
        }
        Path f = dir.resolve("s.wav");
        try (WavWriter w = WavWriter.open(f, 2)) {
            w.write(l, r, 1700);
            w.write(java.util.Arrays.copyOfRange(l, 1700, n), java.util.Arrays.copyOfRange(r, 1700, n), n - 1700);
            assertThat(w.samplesWritten()).isEqualTo(n);
        }
        byte[] bytes = Files.readAllBytes(f);
        assertThat(bytes).hasSize(44 + 4 * n);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(36 + 4 * n);
        assertThat(new String(bytes, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(b.getInt(16)).isEqualTo(16);
        assertThat(b.getShort(20)).isEqualTo((short) 1);
        assertThat(b.getShort(22)).isEqualTo((short) 2);
        assertThat(b.getInt(24)).isEqualTo(8000);
        assertThat(b.getInt(28)).isEqualTo(32000);
        assertThat(b.getShort(32)).isEqualTo((short) 4);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(new String(bytes, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(b.getInt(40)).isEqualTo(4 * n);
        for (int i = 0; i < n; i++) {
            assertThat(b.getShort(44 + 4 * i)).isEqualTo(l[i]);
            assertThat(b.getShort(46 + 4 * i)).isEqualTo(r[i]);
        }
    }

    @Test
    void beforeCloseHeaderHoldsZeroSizes() throws Exception {
        Path f = dir.resolve("c.wav");
        WavWriter w = WavWriter.open(f, 1);
        w.write(new short[320], 320);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.capacity()).isEqualTo(44 + 640);
        assertThat(b.getInt(4)).isZero();
        assertThat(b.getInt(40)).isZero();
        w.close();
        w.close();
        assertThat(ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getInt(40)).isEqualTo(640);
    }
}
