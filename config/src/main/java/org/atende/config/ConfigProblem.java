package org.atende.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file, where it is and what is wrong.
 *
 * @param file    the file name as given to the loader
 * @param line    1-based line in the file; 0 when the problem is not tied to a line (an unreadable file)
 * @param path    the key path ({@code trunks[0].allow[1]}), empty for the file as a whole
 * @param message what is wrong, never containing a password or an environment variable's value
 */
public record ConfigProblem(String file, int line, String path, String message) {

    /** Control characters in path and message are escaped ({@code \n}), so a problem is always one line. */
    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        path = oneLine(Objects.requireNonNull(path, "path"));
        message = oneLine(Objects.requireNonNull(message, "message"));
    }

    private static String oneLine(String s) {
        return s.chars().noneMatch(c -> c < 0x20 || c == 0x7f) ? s : Escapes.escape(s, false);
    }

    /** {@code demo.yaml:14: trunks[0].allow[1]: "10.0.0.300/24" is not an address or CIDR}. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ": " : file + ": ";
        return path.isEmpty() ? where + message : where + path + ": " + message;
    }
}
