package org.atende.call;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.atende.call.CallbackStore.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The format of {@code callbacks.json} and its atomic write, for {@link CallbackStore}: {@code {"version":1,
 * "callbacks":[…]}}, times as ISO-8601 instants. Parse problems never quote the file: it holds numbers.
 */
final class CallbackFile {

    private static final Logger log = LoggerFactory.getLogger(CallbackFile.class);
    static final int FORMAT_VERSION = 1;
    /** No source excerpts in parse errors: the file holds numbers. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    private static final Comparator<Pending> FILE_ORDER =
            Comparator.comparing(Pending::requestedAt).thenComparing(Pending::callId);

    private CallbackFile() {
    }

    /** Temp file, fsync, atomic rename, directory fsync. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = temp(file);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            log.debug("Cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    static Path temp(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    static byte[] encode(List<Pending> callbacks) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ArrayNode array = root.putArray("callbacks");
        for (Pending p : callbacks.stream().sorted(FILE_ORDER).toList()) {
            ObjectNode n = array.addObject();
            n.put("callId", p.callId());
            n.put("queue", p.queue());
            n.put("number", p.number());
            n.put("dialled", p.dialled());
            ObjectNode vars = n.putObject("variables");
            p.variables().forEach(vars::put);
            n.put("requestedAt", p.requestedAt().toString());
            n.put("attempts", p.attempts());
            if (p.notBefore() != null) {
                n.put("notBefore", p.notBefore().toString());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** What a file holds: the entries that parse and, if anything did not, the first problem (no values in it). */
    record Decoded(List<Pending> entries, String problem) {
    }

    /**
     * Reads the file as a stream, so that a file cut short still gives the entries before the cut. A file of
     * another version gives nothing: its entries cannot be trusted to mean the same.
     */
    static Decoded decode(byte[] bytes) {
        List<Pending> entries = new ArrayList<>();
        String problem = null;
        boolean versioned = false;
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Decoded(List.of(), "not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "version" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || parser.getIntValue() != FORMAT_VERSION) {
                            return new Decoded(List.of(), "not a version " + FORMAT_VERSION + " callbacks file");
                        }
                        versioned = true;
                    }
                    case "callbacks" -> {
                        if (value != JsonToken.START_ARRAY) {
                            return new Decoded(List.of(), "callbacks is not an array");
                        }
                        int index = 0;
                        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                            if (t == null) {
                                throw new IOException("the file ends inside the callbacks");
                            }
                            JsonNode node = parser.readValueAsTree();
                            try {
                                entries.add(entry(node));
                            } catch (BadEntry e) {
                                problem = problem != null ? problem : "entry " + index + ": " + e.getMessage();
                            }
                            index++;
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                problem = "unexpected content after the callbacks";
            }
        } catch (JsonProcessingException e) {
            problem = "unreadable JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
        } catch (IOException e) {
            problem = e.getMessage();
        }
        if (!versioned && problem == null) {
            problem = "no version";
        }
        return new Decoded(List.copyOf(entries), problem);
    }

    /** A bad entry; its message names the field, never its value. */
    private static final class BadEntry extends Exception {
        BadEntry(String message) {
            super(message, null, false, false);
        }
    }

    private static Pending entry(JsonNode n) throws BadEntry {
        if (n == null || !n.isObject()) {
            throw new BadEntry("not an object");
        }
        JsonNode vars = n.get("variables");
        Map<String, String> variables = new TreeMap<>();
        if (vars != null && !vars.isNull()) {
            if (!vars.isObject()) {
                throw new BadEntry("variables is not an object");
            }
            for (Map.Entry<String, JsonNode> v : vars.properties()) {
                if (!v.getValue().isTextual()) {
                    throw new BadEntry("a variable is not text");
                }
                variables.put(v.getKey(), v.getValue().asText());
            }
        }
        JsonNode attempts = n.get("attempts");
        if (attempts == null || !attempts.canConvertToInt() || !attempts.isIntegralNumber()) {
            throw new BadEntry("attempts is missing or not a whole number");
        }
        JsonNode notBefore = n.get("notBefore");
        try {
            return new Pending(text(n, "callId"), text(n, "queue"), text(n, "number"), text(n, "dialled"), variables,
                    instant(n, "requestedAt"),
                    attempts.intValue(), notBefore == null || notBefore.isNull() ? null : instant(n, "notBefore"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadEntry(e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) throws BadEntry {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new BadEntry(field + " is missing or not text");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) throws BadEntry {
        try {
            return Instant.parse(text(n, field));
        } catch (DateTimeParseException e) {
            throw new BadEntry(field + " is not an ISO-8601 instant");
        }
    }
}
