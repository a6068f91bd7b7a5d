package org.atende.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads Atende's stereo recordings (canonical 44-byte header, 16-bit, 8 kHz) into left and right channels. */
final class StereoWav {

    private StereoWav() {
    }

    static short[][] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x46464952 || b.getShort(22) != 2 || b.getInt(24) != 8000 || b.getShort(34) != 16) {
            throw new IOException(file + " is not a 16-bit 8 kHz stereo WAV");
        }
        int dataBytes = b.getInt(40);
        int frames = dataBytes / 4;
        short[][] out = new short[2][frames];
        for (int i = 0; i < frames; i++) {
            out[0][i] = b.getShort(44 + 4 * i);
            out[1][i] = b.getShort(44 + 4 * i + 2);
        }
        return out;
    }
}
