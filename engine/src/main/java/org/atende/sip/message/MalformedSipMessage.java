package org.atende.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Wire input that is not a well-formed SIP message. Bad input is data, not an exception: the transport
 * counts it, answers it when {@link #errorResponse} offers an answer, and drops it otherwise.
 *
 * @param reason      short ASCII description of the problem ({@code duplicate Content-Length})
 * @param request     whether the octets are recognisably a SIP request (a {@code token SP ... SIP/} start
 *                    line); responses and garbage are never answered
 * @param status      the status a request with this problem is answered with: 400, 505 (unsupported SIP
 *                    version) or 513 (message too large); meaningless when {@code request} is false
 * @param echoHeaders the header fields an error response copies, as received (unfolded, long-form names):
 *                    every Via, then the first From, To, Call-ID and CSeq that were present
 */
public record MalformedSipMessage(String reason, boolean request, int status, List<String> echoHeaders)
        implements ParseOutcome {

    public MalformedSipMessage {
        Objects.requireNonNull(reason, "reason");
        echoHeaders = List.copyOf(echoHeaders);
    }

    /** Whether an error response can be sent: a request with at least one Via. */
    public boolean answerable() {
        return request && echoHeaders.stream().anyMatch(line -> line.startsWith(HeaderNames.VIA + ":"));
    }

    /**
     * The response to send back for a malformed request (RFC 3261 §8.2.6): the status line carries the
     * reason ({@code SIP/2.0 400 Bad Request (duplicate Content-Length)}), Via, From, To, Call-ID and CSeq
     * are copied verbatim as far as present, a To tag is added when missing, and Content-Length is 0.
     * The To tag is derived from the copied fields, so a retransmitted request gets the same response.
     *
     * @param serverHeader value of the Server header, or {@code null} for none
     * @return the encoded response; empty for responses, garbage and requests without a Via
     */
    public Optional<byte[]> errorResponse(String serverHeader) {
        if (!answerable()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(256);
        sb.append(StartLines.SIP_VERSION).append(' ').append(status).append(' ')
                .append(defaultPhrase(status)).append(" (").append(sanitize(reason)).append(")\r\n");
        for (String line : echoHeaders) {
            sb.append(line);
            if (line.startsWith(HeaderNames.TO + ":") && !HeaderChecks.hasTag(line.substring(3))) {
                sb.append(";tag=").append(tag());
            }
            sb.append("\r\n");
        }
        if (serverHeader != null && !serverHeader.isBlank()) {
            sb.append("Server: ").append(serverHeader.replaceAll("[\\r\\n]", " ").strip()).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return Optional.of(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String tag() {
        CRC32 crc = new CRC32();
        for (String line : echoHeaders) {
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return "atd" + Long.toHexString(crc.getValue());
    }

    static String defaultPhrase(int status) {
        return switch (status) {
            case 505 -> "Version Not Supported";
            case 513 -> "Message Too Large";
            default -> "Bad Request";
        };
    }

    /** Keeps the reason phrase to unreserved and reserved URI characters plus SP (RFC 3261 §25.1). */
    private static String sanitize(String reason) {
        StringBuilder sb = new StringBuilder(Math.min(reason.length(), 80));
        for (int i = 0; i < reason.length() && sb.length() < 80; i++) {
            char c = reason.charAt(i);
            boolean safe = c < 128 && (Character.isLetterOrDigit(c) || " -_.!~*'()&=+$,;?/:@".indexOf(c) >= 0);
            sb.append(safe ? c : '_');
        }
        return sb.toString();
    }
}
