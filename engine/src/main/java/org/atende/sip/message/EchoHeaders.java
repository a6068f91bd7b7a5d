package org.atende.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Best-effort extraction, from octets that failed to parse, of what an error response copies: the Via
 * fields and the first From, To, Call-ID and CSeq (RFC 3261 §8.2.6.2). Lenient on purpose; bounded by
 * the same limits as the parser.
 */
final class EchoHeaders {

    private EchoHeaders() {
    }

    record Extract(boolean request, List<String> lines) {
    }

    static Extract extract(byte[] data, int offset, int length, int maxHeaderCount, int maxLineLength) {
        int end = offset + length;
        int start = RawScanner.skipLeadingLineEnds(data, offset, end);
        List<String> physical = new ArrayList<>();
        int lineStart = start;
        for (int p = start; p <= end && physical.size() <= maxHeaderCount; p++) {
            if (p < end && data[p] != '\n') {
                continue;
            }
            int lineEnd = p > lineStart && data[p - 1] == '\r' ? p - 1 : p;
            if (lineEnd == lineStart) {
                break;
            }
            physical.add(lineEnd - lineStart > maxLineLength ? null
                    : new String(data, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8));
            lineStart = p + 1;
        }
        if (physical.isEmpty() || physical.get(0) == null) {
            return new Extract(false, List.of());
        }
        boolean request = looksLikeRequest(physical.get(0));
        return new Extract(request, request ? echoLines(physical.subList(1, physical.size()), maxLineLength) : List.of());
    }

    /** A start line of the shape {@code token SP ... SIP/}: recognisably a SIP request, even if malformed. */
    static boolean looksLikeRequest(String startLine) {
        int sp = startLine.indexOf(' ');
        return sp > 0
                && Grammar.isToken(startLine.substring(0, sp))
                && !startLine.regionMatches(true, 0, "SIP/", 0, 4)
                && startLine.toUpperCase(java.util.Locale.ROOT).indexOf("SIP/", sp) > 0;
    }

    private static List<String> echoLines(List<String> physical, int maxLineLength) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : physical) {
            if (line == null) {
                current = null; // too long: neither echoed nor continued
                continue;
            }
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null && current.length() + line.length() <= maxLineLength) {
                    current.append(' ').append(line.strip());
                }
                continue;
            }
            if (current != null) {
                fields.add(current.toString());
            }
            current = new StringBuilder(line);
        }
        if (current != null) {
            fields.add(current.toString());
        }
        List<String> vias = new ArrayList<>();
        String[] others = new String[4];
        List<String> otherNames = List.of(HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID, HeaderNames.CSEQ);
        for (String field : fields) {
            int colon = field.indexOf(':');
            if (colon <= 0 || field.indexOf('\r') >= 0) {
                continue;
            }
            String name = HeaderNames.canonical(field.substring(0, colon).strip());
            String value = field.substring(colon + 1).strip();
            if (name.equals(HeaderNames.VIA)) {
                vias.add(HeaderNames.VIA + ": " + value);
            } else {
                int index = otherNames.indexOf(name);
                if (index >= 0 && others[index] == null) {
                    others[index] = name + ": " + value;
                }
            }
        }
        List<String> lines = new ArrayList<>(vias);
        for (String other : others) {
            if (other != null) {
                lines.add(other);
            }
        }
        return List.copyOf(lines);
    }
}
