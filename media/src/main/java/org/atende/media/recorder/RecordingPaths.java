package org.atende.media.recorder;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Where recordings go and what their files are called.
 *
 * <p>Call ids come from the network (a SIP Call-ID is whatever the remote side chose), so they are
 * never used as paths as they are: {@link #baseName} keeps ASCII letters, digits and {@code . _ - @},
 * replaces everything else (separators, {@code ..} tricks cannot survive without separators, control
 * characters, non-ASCII) with {@code _}, never starts with {@code .} or {@code -} (no hidden files, no
 * names read as command-line options), and is at most {@value #MAX_BASE_LENGTH} characters.
 * Distinct ids may map to the same name; {@link RecordingWriter} never overwrites a file and adds
 * {@code -2}, {@code -3}, … instead.
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordingPaths {

    /** Longest base name produced. */
    public static final int MAX_BASE_LENGTH = 96;
    /** Extension of recording files. */
    public static final String EXTENSION = ".wav";

    private RecordingPaths() {
    }

    /** {@code root/yyyy/MM/dd}: the directory for recordings of calls started on {@code day}. */
    public static Path dailyDirectory(Path root, LocalDate day) {
        return root.resolve(String.format("%04d", day.getYear()))
                .resolve(String.format("%02d", day.getMonthValue()))
                .resolve(String.format("%02d", day.getDayOfMonth()));
    }

    /** The sanitised file name for {@code callId}, with {@value #EXTENSION}. */
    public static String fileName(String callId) {
        return baseName(callId) + EXTENSION;
    }

    /** The sanitised file name for {@code callId} without extension; never empty. */
    public static String baseName(String callId) {
        if (callId == null || callId.isEmpty()) {
            return "call";
        }
        int n = Math.min(callId.length(), MAX_BASE_LENGTH);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = callId.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            boolean inner = c == '.' || c == '-' || c == '@';
            s.append(plain || inner && i > 0 ? c : '_');
        }
        return s.toString();
    }
}
