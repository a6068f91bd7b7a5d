package org.atende.config;

/** Escaping of text shown in problem messages, so that each problem stays on one readable line. */
final class Escapes {

    private Escapes() {
    }

    /** {@code \n}, {@code \r}, {@code \t} and other control characters as escapes; with {@code quotes}, also " and \. */
    static String escape(String s, boolean quotes) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append(quotes ? "\\\"" : "\"");
                case '\\' -> sb.append(quotes ? "\\\\" : "\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
