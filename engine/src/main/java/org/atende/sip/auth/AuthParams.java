package org.atende.sip.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The value of a credentials or challenge header: a scheme followed by comma-separated
 * {@code name=value} pairs, values being tokens or quoted strings (RFC 3261 §25.1, RFC 7235 §2.1).
 * Parameter names are lower-cased; quoted values are unescaped.
 */
record AuthParams(String scheme, Map<String, String> params) {

    /** Longest header value looked at; longer ones are treated as malformed. */
    static final int MAX_LENGTH = 4096;

    String get(String name) {
        return params.get(name);
    }

    /** The leading scheme token, or empty when the value does not start with one. */
    static Optional<String> scheme(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        int end = 0;
        while (end < v.length() && isTokenChar(v.charAt(end))) {
            end++;
        }
        if (end == 0 || (end < v.length() && !isWhitespace(v.charAt(end)))) {
            return Optional.empty();
        }
        return Optional.of(v.substring(0, end));
    }

    /** Parses a whole value; empty when it does not follow the grammar or names a parameter twice. */
    static Optional<AuthParams> parse(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Optional<String> scheme = scheme(value);
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        String v = value.strip();
        Map<String, String> params = new LinkedHashMap<>();
        int i = scheme.get().length();
        boolean needComma = false;
        while (true) {
            i = skipWhitespace(v, i);
            if (i >= v.length()) {
                break;
            }
            if (v.charAt(i) == ',') {
                needComma = false;
                i++;
                continue;
            }
            if (needComma) {
                return Optional.empty();
            }
            int nameStart = i;
            while (i < v.length() && isTokenChar(v.charAt(i))) {
                i++;
            }
            if (i == nameStart) {
                return Optional.empty();
            }
            String name = v.substring(nameStart, i).toLowerCase(Locale.ROOT);
            i = skipWhitespace(v, i);
            if (i >= v.length() || v.charAt(i) != '=') {
                return Optional.empty();
            }
            i = skipWhitespace(v, i + 1);
            String paramValue;
            if (i < v.length() && v.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < v.length()) {
                    char c = v.charAt(i++);
                    if (c == '\\') {
                        if (i >= v.length()) {
                            return Optional.empty();
                        }
                        sb.append(v.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
                paramValue = sb.toString();
            } else {
                int valueStart = i;
                while (i < v.length() && isTokenChar(v.charAt(i))) {
                    i++;
                }
                if (i == valueStart) {
                    return Optional.empty();
                }
                paramValue = v.substring(valueStart, i);
            }
            if (params.putIfAbsent(name, paramValue) != null) {
                return Optional.empty();
            }
            needComma = true;
        }
        return Optional.of(new AuthParams(scheme.get(), Collections.unmodifiableMap(params)));
    }

    /** Quotes a value for a quoted-string parameter (RFC 3261 §25.1). */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static int skipWhitespace(String v, int i) {
        while (i < v.length() && isWhitespace(v.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~".indexOf(c) >= 0;
    }
}
