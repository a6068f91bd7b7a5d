package org.atende.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Just enough of a WAV header to tell whether a prompt file can be played as it is: RIFF, WAVE, and a
 * {@code fmt } chunk saying 8000 Hz mono, PCM 16-bit or G.711 (A-law, µ-law). The config module does not
 * depend on media, so this is not the player's parser; it only refuses at load time what the player would
 * refuse at call time.
 */
final class WavHeader {

    static final String WANTED = "prompts must be 8000 Hz mono: PCM 16-bit, A-law or µ-law";

    private static final int PCM = 1;
    private static final int ALAW = 6;
    private static final int MULAW = 7;
    /** Chunks before {@code fmt } (LIST, bext…) are skipped, but not forever. */
    private static final int MAX_CHUNKS = 16;

    private WavHeader() {
    }

    /** Why {@code file} cannot be a prompt, or empty when it can. */
    static Optional<String> problem(Path file) {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ByteBuffer riff = read(ch, 12);
            if (riff == null || !tag(riff, 0).equals("RIFF") || !tag(riff, 8).equals("WAVE")) {
                return Optional.of("is not a WAV file (no RIFF/WAVE header)");
            }
            for (int i = 0; i < MAX_CHUNKS; i++) {
                ByteBuffer chunk = read(ch, 8);
                if (chunk == null) {
                    break;
                }
                long size = Integer.toUnsignedLong(chunk.getInt(4));
                if (tag(chunk, 0).equals("fmt ")) {
                    ByteBuffer fmt = size < 16 ? null : read(ch, 16);
                    return fmt == null ? Optional.of("is not a WAV file (its fmt chunk is cut short)") : format(fmt);
                }
                ch.position(ch.position() + size + (size & 1));
            }
            return Optional.of("is not a WAV file (no fmt chunk)");
        } catch (IOException e) {
            return Optional.of("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<String> format(ByteBuffer fmt) {
        int encoding = Short.toUnsignedInt(fmt.getShort(0));
        int channels = Short.toUnsignedInt(fmt.getShort(2));
        long rate = Integer.toUnsignedLong(fmt.getInt(4));
        int bits = Short.toUnsignedInt(fmt.getShort(14));
        boolean playable = rate == 8000 && channels == 1
                && (encoding == PCM && bits == 16 || (encoding == ALAW || encoding == MULAW) && bits == 8);
        if (playable) {
            return Optional.empty();
        }
        String layout = channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + " channels";
        String coding = switch (encoding) {
            case PCM -> "PCM " + bits + "-bit";
            case ALAW -> "A-law " + bits + "-bit";
            case MULAW -> "µ-law " + bits + "-bit";
            default -> "format " + encoding;
        };
        return Optional.of("is " + rate + " Hz " + layout + " " + coding + "; " + WANTED);
    }

    private static ByteBuffer read(SeekableByteChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                return null;
            }
        }
        return b.flip();
    }

    private static String tag(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.ISO_8859_1);
    }
}
