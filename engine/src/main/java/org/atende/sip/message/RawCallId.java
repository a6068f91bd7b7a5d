package org.atende.sip.message;

import java.nio.charset.StandardCharsets;

/**
 * Finds a message's Call-ID in its raw octets, before parsing, so that the transport can parse each datagram on the
 * event loop that owns its call. Only a hint: it answers null for anything unusual (no Call-ID, a folded one, a
 * missing empty line), and the parser remains the judge of the message.
 */
public final class RawCallId {

    private RawCallId() {
    }

    /** The value of the first {@code Call-ID} (or compact {@code i}) header field, trimmed; null when not found. */
    public static String find(byte[] data, int offset, int length) {
        int end = offset + length;
        int line = nextLine(data, offset, end); // skip the start line
        while (line >= 0 && line < end) {
            if (data[line] == '\r' || data[line] == '\n') {
                return null; // the empty line: headers are over
            }
            int valueStart = valueIfCallId(data, line, end);
            int next = nextLine(data, line, end);
            if (valueStart >= 0) {
                if (next >= 0 && next < end && (data[next] == ' ' || data[next] == '\t')) {
                    return null; // folded: leave it to the parser
                }
                int valueEnd = next < 0 ? end : next;
                return trimmed(data, valueStart, valueEnd);
            }
            line = next;
        }
        return null;
    }

    /** Where the value starts if the field at {@code line} is Call-ID (any case) or {@code i}, else -1. */
    private static int valueIfCallId(byte[] data, int line, int end) {
        int i = line;
        if (matches(data, i, end, "call-id")) {
            i += 7;
        } else if ((data[i] | 0x20) == 'i') {
            i += 1;
        } else {
            return -1;
        }
        while (i < end && (data[i] == ' ' || data[i] == '\t')) {
            i++;
        }
        return i < end && data[i] == ':' ? i + 1 : -1;
    }

    private static boolean matches(byte[] data, int at, int end, String lowerName) {
        if (end - at < lowerName.length()) {
            return false;
        }
        for (int k = 0; k < lowerName.length(); k++) {
            if ((data[at + k] | 0x20) != lowerName.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The index just past the next line end (LF, with or without CR) after {@code from}, or -1 if none. */
    private static int nextLine(byte[] data, int from, int end) {
        for (int i = from; i < end; i++) {
            if (data[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String trimmed(byte[] data, int from, int to) {
        while (from < to && isSpace(data[from])) {
            from++;
        }
        while (to > from && isSpace(data[to - 1])) {
            to--;
        }
        return from == to ? null : new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
