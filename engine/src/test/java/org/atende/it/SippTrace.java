package org.atende.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages of a SIPp {@code -trace_msg} file: each one sent or received, in order, with its start line and
 * header lines (retransmissions included, as SIPp logs them).
 */
final class SippTrace {

    private SippTrace() {
    }

    /** One logged message. {@code headers} are the lines between the start line and the blank line, as written. */
    record Message(boolean received, String startLine, List<String> headers) {

        boolean isRequest(String method) {
            return startLine.startsWith(method + " ");
        }

        /** A response with {@code status} to a request of {@code method} (by its CSeq). */
        boolean isResponse(int status, String method) {
            return startLine.startsWith("SIP/2.0 " + status + " ")
                    && header("CSeq").map(c -> c.endsWith(" " + method)).orElse(false);
        }

        /** The first header line named {@code name} (case-insensitive), whole ("Reason: SIP;cause=200;…"). */
        Optional<String> header(String name) {
            String prefix = name.toLowerCase() + ":";
            return headers.stream().filter(h -> h.toLowerCase().startsWith(prefix)).findFirst();
        }

        String callId() {
            return header("Call-ID").map(h -> h.substring(h.indexOf(':') + 1).trim()).orElse("");
        }
    }

    static List<Message> read(Path file) throws IOException {
        List<Message> messages = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean received = line.contains("message received");
            if (!received && !line.contains("message sent")) {
                continue;
            }
            int start = i + 1;
            while (start < lines.size() && lines.get(start).isBlank()) {
                start++;
            }
            if (start >= lines.size()) {
                break;
            }
            List<String> headers = new ArrayList<>();
            int h = start + 1;
            while (h < lines.size() && !strip(lines.get(h)).isEmpty()) {
                headers.add(strip(lines.get(h)));
                h++;
            }
            messages.add(new Message(received, strip(lines.get(start)), List.copyOf(headers)));
            i = h;
        }
        return messages;
    }

    /** The messages of each call, by Call-ID, in order of first appearance. */
    static Map<String, List<Message>> byCall(List<Message> messages) {
        Map<String, List<Message>> calls = new LinkedHashMap<>();
        for (Message m : messages) {
            calls.computeIfAbsent(m.callId(), k -> new ArrayList<>()).add(m);
        }
        return calls;
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
