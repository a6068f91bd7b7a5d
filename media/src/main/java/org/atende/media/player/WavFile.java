package org.atende.media.player;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atende.media.codec.G711;

/**
 * Reads RIFF/WAVE files into {@link Prompt}s.
 *
 * <p>Accepted: mono 8000 Hz in 16-bit linear PCM (format 1), G.711 A-law (format 6, 8-bit) or
 * G.711 µ-law (format 7, 8-bit), also when wrapped in {@code WAVE_FORMAT_EXTENSIBLE} (0xFFFE) with one
 * of those sub-formats. G.711 is decoded with {@link G711}. Unknown chunks ({@code LIST}, {@code fact},
 * {@code cue }, …) are skipped, with the RIFF pad byte after odd-sized chunks. The RIFF size field is
 * not trusted (many tools write it wrong); chunk sizes are, and a chunk running past the end of the
 * input is reported as truncated.
 *
 * <p>Everything else (stereo, other rates, 8-bit PCM, float, ADPCM, missing chunks, wrong magic,
 * truncation) gives a {@link WavFormatException} whose message starts with the file name and says
 * what is wrong, e.g. {@code "prompt.wav: 44100 Hz stereo 16-bit PCM; Atende needs 8000 Hz mono 16-bit
 * PCM or G.711"}. Parsing never throws any other exception.
 *
 * <p>Stateless; the static methods are thread-safe. File reading blocks: call it on the blocking
 * executor, not on a call's event loop.
 */
public final class WavFile {

    static final int FORMAT_PCM = 1;
    static final int FORMAT_ALAW = 6;
    static final int FORMAT_ULAW = 7;
    static final int FORMAT_EXTENSIBLE = 0xFFFE;
    static final String NEEDS = "Atende needs 8000 Hz mono 16-bit PCM or G.711";

    private WavFile() {
    }

    /** Reads and parses {@code file}; the message of a {@link WavFormatException} names its file name. */
    public static Prompt read(Path file) throws IOException {
        Path name = file.getFileName();
        return parse(Files.readAllBytes(file), name == null ? file.toString() : name.toString());
    }

    /**
     * Parses a complete WAV file held in memory.
     *
     * @param name used in error messages only (e.g. the file name)
     */
    public static Prompt parse(byte[] wav, String name) throws WavFormatException {
        return new Parser(wav, name).parse();
    }

    private static final class Parser {
        private final byte[] b;
        private final String name;

        Parser(byte[] b, String name) {
            this.b = b;
            this.name = name;
        }

        Prompt parse() throws WavFormatException {
            if (b.length < 12) {
                throw fail("too short for a RIFF header (" + b.length + " bytes)");
            }
            if (!tag(0, "RIFF")) {
                throw fail("not a RIFF file (magic '" + printable(0) + "', expected 'RIFF')");
            }
            if (!tag(8, "WAVE")) {
                throw fail("RIFF form type '" + printable(8) + "', expected 'WAVE'");
            }
            long pos = 12;
            long fmtPos = -1;
            long fmtSize = 0;
            long dataPos = -1;
            long dataSize = 0;
            while (pos + 8 <= b.length) {
                int p = (int) pos;
                long size = u32(p + 4);
                long body = pos + 8;
                if (tag(p, "fmt ") && fmtPos < 0) {
                    if (body + size > b.length) {
                        throw fail("truncated: 'fmt ' chunk declares " + size + " bytes, " + (b.length - body) + " present");
                    }
                    fmtPos = body;
                    fmtSize = size;
                } else if (tag(p, "data") && dataPos < 0) {
                    if (body + size > b.length) {
                        throw fail("truncated: 'data' chunk declares " + size + " bytes, " + (b.length - body) + " present");
                    }
                    dataPos = body;
                    dataSize = size;
                }
                pos = body + size + (size & 1);
            }
            if (fmtPos < 0) {
                throw fail("no 'fmt ' chunk");
            }
            if (dataPos < 0) {
                throw fail("no 'data' chunk");
            }
            if (fmtSize < 16) {
                throw fail("'fmt ' chunk has " + fmtSize + " bytes, at least 16 needed");
            }
            int f = (int) fmtPos;
            int format = u16(f);
            int channels = u16(f + 2);
            long rate = u32(f + 4);
            int bits = u16(f + 14);
            if (format == FORMAT_EXTENSIBLE) {
                if (fmtSize < 40 || u16(f + 16) < 22) {
                    throw fail("WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk too short (" + fmtSize + " bytes, 40 needed)");
                }
                format = u16(f + 24);
            }
            int bytesPerSample;
            if (format == FORMAT_PCM && bits == 16) {
                bytesPerSample = 2;
            } else if ((format == FORMAT_ALAW || format == FORMAT_ULAW) && bits == 8) {
                bytesPerSample = 1;
            } else {
                throw fail(describe(rate, channels, bits, format) + "; " + NEEDS);
            }
            if (channels != 1 || rate != Prompt.SAMPLE_RATE) {
                throw fail(describe(rate, channels, bits, format) + "; " + NEEDS);
            }
            if (dataSize % bytesPerSample != 0) {
                throw fail("truncated: 'data' chunk has " + dataSize + " bytes, not a whole number of 16-bit samples");
            }
            int n = (int) (dataSize / bytesPerSample);
            short[] samples = new short[n];
            int d = (int) dataPos;
            switch (format) {
                case FORMAT_PCM -> {
                    for (int i = 0; i < n; i++) {
                        samples[i] = (short) u16(d + 2 * i);
                    }
                }
                case FORMAT_ALAW -> G711.decodeAlaw(b, d, n, samples, 0);
                default -> G711.decodeUlaw(b, d, n, samples, 0);
            }
            return new Prompt(samples);
        }

        private WavFormatException fail(String what) {
            return new WavFormatException(name + ": " + what);
        }

        private boolean tag(int p, String t) {
            for (int i = 0; i < 4; i++) {
                if (b[p + i] != t.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String printable(int p) {
            StringBuilder s = new StringBuilder(4);
            for (int i = 0; i < 4; i++) {
                int c = b[p + i] & 0xFF;
                s.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
            }
            return s.toString();
        }

        private int u16(int p) {
            return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
        }

        private long u32(int p) {
            return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
        }
    }

    static String describe(long rate, int channels, int bits, int format) {
        String ch = switch (channels) {
            case 1 -> "mono";
            case 2 -> "stereo";
            default -> channels + " channels";
        };
        String fmt = switch (format) {
            case FORMAT_PCM -> bits + "-bit PCM";
            case FORMAT_ALAW -> bits + "-bit A-law";
            case FORMAT_ULAW -> bits + "-bit µ-law";
            case 3 -> bits + "-bit IEEE float";
            case 2, 0x11 -> "ADPCM (format " + format + ")";
            default -> "format " + format + " " + bits + "-bit";
        };
        return rate + " Hz " + ch + " " + fmt;
    }
}
