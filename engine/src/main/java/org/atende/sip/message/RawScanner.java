package org.atende.sip.message;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits raw octets into start line, header fields and body (RFC 3261 §7), enforcing the line and
 * header-count limits. Header text must be valid UTF-8. Lines end with CRLF; a bare LF is tolerated.
 * Stateless apart from its limits: safe to share between threads.
 */
final class RawScanner {

    private final int maxHeaderCount;
    private final int maxLineLength;

    RawScanner(int maxHeaderCount, int maxLineLength) {
        this.maxHeaderCount = maxHeaderCount;
        this.maxLineLength = maxLineLength;
    }

    /** Scans {@code data[offset, offset + length)}; throws with a reason when the structure is broken. */
    RawMessage scan(byte[] data, int offset, int length) throws SipParseException {
        int end = offset + length;
        int start = skipLeadingLineEnds(data, offset, end);
        if (start == end) {
            throw new SipParseException("empty message");
        }
        int lineStart = start;
        int headerEnd = -1;
        int bodyOffset = -1;
        for (int p = start; p < end; p++) {
            if (data[p] != '\n') {
                continue;
            }
            int lineEnd = p > lineStart && data[p - 1] == '\r' ? p - 1 : p;
            if (lineEnd == lineStart) {
                headerEnd = lineStart;
                bodyOffset = p + 1;
                break;
            }
            expectLineWithinLimit(lineEnd - lineStart);
            lineStart = p + 1;
        }
        if (headerEnd < 0) {
            expectLineWithinLimit(end - lineStart);
            if (lineStart != end) {
                throw new SipParseException("header section not terminated");
            }
            // A datagram whose last header line ends with CRLF but lacks the empty line: no body.
            headerEnd = end;
            bodyOffset = end;
        }
        String block = expectUtf8(data, start, headerEnd - start);
        return split(block, data, bodyOffset, end);
    }

    static int skipLeadingLineEnds(byte[] data, int from, int end) {
        int p = from;
        while (p < end && (data[p] == '\r' || data[p] == '\n')) {
            p++;
        }
        return p;
    }

    private RawMessage split(String block, byte[] data, int bodyOffset, int end) throws SipParseException {
        String[] lines = block.split("\n", -1);
        List<String> fields = new ArrayList<>();
        String startLine = null;
        StringBuilder current = null;
        for (String physical : lines) {
            String line = physical.endsWith("\r") ? physical.substring(0, physical.length() - 1) : physical;
            if (line.isEmpty()) {
                continue; // the trailing empty element of the block
            }
            if (line.indexOf('\r') >= 0) {
                throw new SipParseException("bare CR in header section");
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (startLine == null) {
                if (continuation) {
                    throw new SipParseException("start line begins with whitespace");
                }
                startLine = line;
            } else if (continuation) {
                if (current == null) {
                    throw new SipParseException("folded line after start line");
                }
                current.append(' ').append(line.strip());
                expectLineWithinLimit(current.length());
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                if (fields.size() >= maxHeaderCount) {
                    throw new SipParseException("too many header fields");
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            fields.add(current.toString());
        }
        List<RawMessage.RawHeader> headers = new ArrayList<>(fields.size());
        for (String field : fields) {
            headers.add(expectHeader(field));
        }
        return new RawMessage(startLine, List.copyOf(headers), data, bodyOffset, end);
    }

    private static RawMessage.RawHeader expectHeader(String field) throws SipParseException {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new SipParseException("header field without colon");
        }
        String name = field.substring(0, colon).stripTrailing();
        if (name.isEmpty() || !Grammar.isToken(name)) {
            throw new SipParseException("invalid header name");
        }
        String canonical = HeaderNames.canonical(name);
        String value = field.substring(colon + 1).strip();
        if (Grammar.hasBareControl(value)) {
            throw new SipParseException("control character in " + printable(canonical));
        }
        return new RawMessage.RawHeader(name, canonical, value);
    }

    /** A header name as it may appear in a reason phrase: only token characters survive, '%' excluded. */
    static String printable(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), 40));
        for (int i = 0; i < name.length() && sb.length() < 40; i++) {
            char c = name.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_') ? c : '_');
        }
        return sb.toString();
    }

    private void expectLineWithinLimit(int length) throws SipParseException {
        if (length > maxLineLength) {
            throw new SipParseException("header line too long");
        }
    }

    private static String expectUtf8(byte[] data, int offset, int length) throws SipParseException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(data, offset, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new SipParseException("header section is not UTF-8");
        }
    }
}
