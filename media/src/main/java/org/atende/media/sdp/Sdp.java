package org.atende.media.sdp;

/** Small lexical helpers shared by the SDP records; none of them throws. */
final class Sdp {

    private Sdp() {
    }

    /** Splits on single spaces; runs of spaces or tabs count as one separator; empty input gives no fields. */
    static String[] fields(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            return new String[0];
        }
        return trimmed.split("[ \t]+");
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Non-negative decimal int, or -1 if not digits or too large. */
    static int parseInt(String s) {
        if (!isDigits(s) || s.length() > 9) {
            return -1;
        }
        return Integer.parseInt(s);
    }

    /** Non-negative decimal long, or -1 if not digits or too large. */
    static long parseLong(String s) {
        if (!isDigits(s) || s.length() > 18) {
            return -1;
        }
        return Long.parseLong(s);
    }
}
