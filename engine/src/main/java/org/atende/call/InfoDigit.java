package org.atende.call;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A key press signalled by SIP INFO: the body of an {@code application/dtmf-relay} ({@code Signal=} and
 * {@code Duration=} lines) or an {@code application/dtmf} request (the digit alone, 250 ms).
 *
 * @param digit      0-9, *, #, A-D
 * @param durationMs how long the key was held, at most a minute
 */
record InfoDigit(char digit, int durationMs) {

    private static final int DEFAULT_DURATION_MS = 250;

    /** The key press in an INFO body of content subtype {@code contentSubtype}, or empty when it names none. */
    static Optional<InfoDigit> parse(String contentSubtype, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        char digit = 0;
        int duration = DEFAULT_DURATION_MS;
        if ("dtmf".equalsIgnoreCase(contentSubtype)) {
            digit = dtmfDigit(text.strip());
        } else {
            for (String line : text.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                if (key.equalsIgnoreCase("Signal")) {
                    digit = dtmfDigit(value);
                } else if (key.equalsIgnoreCase("Duration")) {
                    try {
                        duration = Math.max(0, Math.min(60_000, Integer.parseInt(value)));
                    } catch (NumberFormatException ignored) {
                        // keep the default
                    }
                }
            }
        }
        return digit == 0 ? Optional.empty() : Optional.of(new InfoDigit(digit, duration));
    }

    private static char dtmfDigit(String signal) {
        if (signal.length() == 1 && "0123456789*#ABCDabcd".indexOf(signal.charAt(0)) >= 0) {
            return Character.toUpperCase(signal.charAt(0));
        }
        return switch (signal) {
            case "10" -> '*';
            case "11" -> '#';
            default -> 0;
        };
    }
}
