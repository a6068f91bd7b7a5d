package org.atende.media.sdp;

/** Small lexical helpers shared by the SDP records; none of them throws. */
final class Sdp {

    private Sdp() {
    }

    /** Splits on single spaces; runs of spaces or tabs count as one separator; empty input gives no fields. */
    static String[] fields(String text) {
        // by hand: String.split with a character class compiles a Pattern on every call, and this runs for every
        // line of every SDP (a quarter of the engine's allocation at 800 IVR calls/s, when it was a regex)
        String value = text.strip();
        int n = 0;
        int length = value.length();
        for (int i = 0; i < length; ) {
            while (i < length && isBlank(value.charAt(i))) {
                i++;
            }
            if (i < length) {
                n++;
                while (i < length && !isBlank(value.charAt(i))) {
                    i++;
                }
            }
        }
        String[] fields = new String[n];
        int f = 0;
        for (int i = 0; i < length; ) {
            while (i < length && isBlank(value.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isBlank(value.charAt(i))) {
                i++;
            }
            if (i > start) {
                fields[f++] = value.substring(start, i);
            }
        }
        return fields;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
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
