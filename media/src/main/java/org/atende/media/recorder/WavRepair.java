package org.atende.media.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs recordings left unfinished by a crash.
 *
 * <p>{@link WavWriter} writes RIFF and data sizes of 0 when it opens a file and the real sizes when it
 * closes it, so a process killed mid-call leaves files whose audio is on disk but invisible to readers.
 * {@link #repair} walks a directory tree and, for every {@code *.wav} file with Atende's canonical
 * 44-byte 16-bit PCM header whose sizes do not match the file length, sets the data size to the file
 * length − 44 rounded down to whole sample frames (a half-written last frame is cut off) and the RIFF
 * size to match. Files with another layout are left alone. Symbolic links are not followed.
 *
 * <p>Meant for the engine's own recordings directory at start-up, before any recording is opened: a
 * file still being written would look unfinished. Blocking I/O; stateless and thread-safe.
 */
public final class WavRepair {

    private static final Logger log = LoggerFactory.getLogger(WavRepair.class);
    private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 36;

    /**
     * A file whose sizes were patched.
     *
     * @param declaredDataBytes the data size the header claimed
     * @param dataBytes the data size written (and the file's length − 44)
     */
    public record Repaired(Path file, long declaredDataBytes, long dataBytes) {
    }

    private WavRepair() {
    }

    /**
     * Repairs every unfinished recording under {@code root}; returns the files it patched. Files that
     * cannot be read or written are logged and skipped. A missing {@code root} gives an empty list.
     *
     * @throws IOException only if {@code root} exists and cannot be walked at all
     */
    public static List<Repaired> repair(Path root) throws IOException {
        List<Repaired> repaired = new ArrayList<>();
        if (!Files.exists(root)) {
            return repaired;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")) {
                    try {
                        Repaired r = repairFile(file);
                        if (r != null) {
                            log.warn("Repaired unfinished recording {}: data size {} -> {} bytes", file,
                                    r.declaredDataBytes(), r.dataBytes());
                            repaired.add(r);
                        }
                    } catch (IOException e) {
                        log.warn("Cannot check or repair recording {}: {}", file, e.toString());
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                log.warn("Cannot read {} while repairing recordings: {}", file, e.toString());
                return FileVisitResult.CONTINUE;
            }
        });
        return repaired;
    }

    /** Patches one file if it is a canonical WAV with wrong sizes; null if it is fine or not ours. */
    static Repaired repairFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long length = ch.size();
            if (length < WavWriter.HEADER_BYTES) {
                return null;
            }
            ByteBuffer h = ByteBuffer.allocate(WavWriter.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (h.hasRemaining()) {
                if (ch.read(h, h.position()) < 0) {
                    return null;
                }
            }
            int blockAlign = canonicalBlockAlign(h);
            if (blockAlign < 0) {
                return null;
            }
            long riff = Integer.toUnsignedLong(h.getInt(4));
            long declared = Integer.toUnsignedLong(h.getInt(40));
            long available = Math.min(length - WavWriter.HEADER_BYTES, MAX_DATA_BYTES);
            long data = available - available % blockAlign;
            if (declared == data && riff == 36 + data && length == WavWriter.HEADER_BYTES + data) {
                return null;
            }
            ch.truncate(WavWriter.HEADER_BYTES + data);
            h.clear();
            h.putInt(4, (int) (36 + data));
            h.putInt(40, (int) data);
            writeFully(ch, h.limit(8).position(4), 4);
            writeFully(ch, h.limit(44).position(40), 40);
            ch.force(true);
            return new Repaired(file, declared, data);
        }
    }

    /** The block align of a canonical 44-byte 16-bit PCM mono/stereo 8 kHz header, or -1. */
    private static int canonicalBlockAlign(ByteBuffer h) {
        if (!tag(h, 0, "RIFF") || !tag(h, 8, "WAVE") || !tag(h, 12, "fmt ") || !tag(h, 36, "data")) {
            return -1;
        }
        int channels = h.getShort(22);
        int blockAlign = h.getShort(32);
        boolean ok = h.getInt(16) == 16 && h.getShort(20) == 1 && (channels == 1 || channels == 2)
                && h.getInt(24) == WavWriter.SAMPLE_RATE && h.getShort(34) == 16 && blockAlign == 2 * channels;
        return ok ? blockAlign : -1;
    }

    private static boolean tag(ByteBuffer h, int at, String t) {
        for (int i = 0; i < 4; i++) {
            if (h.get(at + i) != t.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            position += ch.write(b, position);
        }
    }
}
