package org.atende.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small RFC 3261 §25 character-class and splitting helpers shared by the strict checks. */
final class Grammar {

    private static final String TOKEN_MARKS = "-.!%*_+`'~";

    private Grammar() {
    }

    static boolean isTokenChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || TOKEN_MARKS.indexOf(c) >= 0);
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
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

    /** Parses 1*DIGIT (leading zeros allowed) if its value is at most {@code max}; otherwise -1. */
    static long digitsAtMost(String s, long max) {
        if (!isDigits(s)) {
            return -1;
        }
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        if (s.length() - i > 18) {
            return -1;
        }
        long value = Long.parseLong(s.substring(i));
        return value <= max ? value : -1;
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Whether a header value holds a control character (CTL other than HT) that is not part of a
     * quoted-pair inside a quoted-string.
     */
    static boolean hasBareControl(String value) {
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\' && i + 1 < value.length()) {
                i++;
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /**
     * Splits on {@code separator} where it is outside quoted strings and outside {@code <...>}.
     *
     * @throws SipParseException for an unterminated quoted string or unbalanced angle brackets
     */
    static List<String> splitTopLevel(String value, char separator) throws SipParseException {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        boolean bracketed = false;
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"' && !bracketed) {
                quoted = true;
            } else if (c == '<') {
                if (bracketed) {
                    throw new SipParseException("nested angle brackets");
                }
                bracketed = true;
            } else if (c == '>') {
                if (!bracketed) {
                    throw new SipParseException("unbalanced angle brackets");
                }
                bracketed = false;
            } else if (c == separator && !bracketed) {
                parts.add(value.substring(from, i));
                from = i + 1;
            }
        }
        if (quoted) {
            throw new SipParseException("unterminated quoted string");
        }
        if (bracketed) {
            throw new SipParseException("unterminated angle bracket");
        }
        parts.add(value.substring(from));
        return parts;
    }

    /** Whether {@code s} begins with a URI scheme and colon: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":". */
    static boolean hasScheme(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = s.charAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a sip or sips URI carries a headers component ({@code ?name=value}). The user part may
     * contain '?', but the host, port and uri-parameters after the last '@' cannot.
     */
    static boolean sipUriHasHeaders(String uri) {
        String scheme = scheme(uri);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return false;
        }
        int at = uri.lastIndexOf('@');
        int hostStart = at >= 0 ? at + 1 : scheme.length() + 1;
        return uri.indexOf('?', hostStart) >= 0;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
