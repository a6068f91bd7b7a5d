package org.atende.media.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SDP session description (RFC 4566): the session-level lines in order (starting {@code v=}, {@code o=},
 * {@code s=}) and the media sections. Every line, known or not, is kept and re-emitted in order by
 * {@link #format()}, so parse → format reproduces the input up to line terminators (always CRLF on output).
 */
public record SessionDescription(List<SdpLine> sessionLines, List<MediaDescription> media) {

    /** Longest SDP body accepted, in characters. */
    public static final int MAX_LENGTH = 64 * 1024;

    public SessionDescription {
        sessionLines = List.copyOf(sessionLines);
        media = List.copyOf(media);
        if (sessionLines.size() < 3 || sessionLines.get(0).type() != 'v' || sessionLines.get(1).type() != 'o'
                || sessionLines.get(2).type() != 's') {
            throw new IllegalArgumentException("session must start with v=, o=, s=");
        }
        for (SdpLine l : sessionLines) {
            if (l.type() == 'm') {
                throw new IllegalArgumentException("m= belongs to a media section");
            }
        }
        try {
            Origin.parse(sessionLines.get(1).value(), 2);
        } catch (SdpParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static SessionDescription parse(byte[] body) throws SdpParseException {
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Parses SDP text with CRLF or LF line ends.
     *
     * @throws SdpParseException with the line number and reason when the text is not acceptable SDP; nothing else
     */
    public static SessionDescription parse(String text) throws SdpParseException {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new SdpParseException(0, "SDP longer than " + MAX_LENGTH + " characters");
        }
        String[] raw = text.split("\n", -1);
        int count = raw.length;
        while (count > 0 && stripCr(raw[count - 1]).isEmpty()) {
            count--;
        }
        if (count == 0) {
            throw new SdpParseException(0, "empty SDP");
        }
        List<SdpLine> session = new ArrayList<>();
        List<MediaDescription> mediaList = new ArrayList<>();
        MediaLine currentMedia = null;
        List<SdpLine> currentLines = null;
        for (int i = 0; i < count; i++) {
            int lineNo = i + 1;
            SdpLine line = lexLine(stripCr(raw[i]), lineNo);
            if (i == 0 && (line.type() != 'v' || !line.value().equals("0"))) {
                throw new SdpParseException(lineNo, "first line must be v=0");
            }
            if (i == 1) {
                if (line.type() != 'o') {
                    throw new SdpParseException(lineNo, "second line must be o=");
                }
                Origin.parse(line.value(), lineNo);
            }
            if (i == 2 && line.type() != 's') {
                throw new SdpParseException(lineNo, "third line must be s=");
            }
            if (i > 0 && line.type() == 'v') {
                throw new SdpParseException(lineNo, "v= only allowed as the first line");
            }
            if (i > 1 && line.type() == 'o') {
                throw new SdpParseException(lineNo, "o= only allowed as the second line");
            }
            if (i > 2 && line.type() == 's') {
                throw new SdpParseException(lineNo, "s= only allowed as the third line");
            }
            validate(line, lineNo, currentMedia != null);
            if (line.type() == 'm') {
                if (currentMedia != null) {
                    mediaList.add(new MediaDescription(currentMedia, currentLines));
                }
                currentMedia = MediaLine.parse(line.value(), lineNo);
                currentLines = new ArrayList<>();
            } else if (currentMedia != null) {
                currentLines.add(line);
            } else {
                session.add(line);
            }
        }
        if (session.size() < 3) {
            throw new SdpParseException(count, "SDP ends before v=, o= and s=");
        }
        if (currentMedia != null) {
            mediaList.add(new MediaDescription(currentMedia, currentLines));
        }
        return new SessionDescription(session, mediaList);
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static SdpLine lexLine(String text, int lineNo) throws SdpParseException {
        if (text.length() < 2 || text.charAt(1) != '=') {
            throw new SdpParseException(lineNo, "expected <type>=<value>");
        }
        char type = text.charAt(0);
        if (type < 'a' || type > 'z') {
            throw new SdpParseException(lineNo, "line type must be a lowercase letter");
        }
        String value = text.substring(2);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new SdpParseException(lineNo, "control character 0x" + Integer.toHexString(c) + " in value");
            }
        }
        return new SdpLine(type, value);
    }

    private static void validate(SdpLine line, int lineNo, boolean inMedia) throws SdpParseException {
        switch (line.type()) {
            case 'c' -> Connection.parse(line.value(), lineNo);
            case 't' -> {
                String[] f = Sdp.fields(line.value());
                if (inMedia) {
                    throw new SdpParseException(lineNo, "t= not allowed in a media section");
                }
                if (f.length != 2 || Sdp.parseLong(f[0]) < 0 || Sdp.parseLong(f[1]) < 0) {
                    throw new SdpParseException(lineNo, "t= needs two decimal times");
                }
            }
            case 'a' -> validateAttribute(line, lineNo);
            default -> {
                // other line types (b=, i=, u=, e=, p=, z=, k=, r=, …) are kept verbatim
            }
        }
    }

    private static void validateAttribute(SdpLine line, int lineNo) throws SdpParseException {
        String name = line.attributeName();
        if (name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0) {
            throw new SdpParseException(lineNo, "attribute name missing or contains spaces");
        }
        String value = line.attributeValue();
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "rtpmap" -> {
                if (Rtpmap.parseValue(value).isEmpty()) {
                    throw new SdpParseException(lineNo, "a=rtpmap needs <pt> <encoding>/<clock rate>[/<channels>]");
                }
            }
            case "fmtp" -> {
                if (value == null || Sdp.fields(value).length < 1) {
                    throw new SdpParseException(lineNo, "a=fmtp needs <format> <parameters>");
                }
            }
            case "ptime", "maxptime" -> {
                if (value == null || MediaDescription.ptimeValue(value) <= 0) {
                    throw new SdpParseException(lineNo, "a=" + name + " needs a positive number of milliseconds");
                }
            }
            case "rtcp" -> {
                String[] f = value == null ? new String[0] : Sdp.fields(value);
                int port = f.length == 0 ? -1 : Sdp.parseInt(f[0]);
                if (port < 0 || port > 65535 || (f.length != 1 && f.length != 4)) {
                    throw new SdpParseException(lineNo, "a=rtcp needs <port> [<nettype> <addrtype> <address>]");
                }
            }
            case "sendrecv", "sendonly", "recvonly", "inactive" -> {
                if (value != null) {
                    throw new SdpParseException(lineNo, "a=" + name + " takes no value");
                }
            }
            default -> {
                // kept verbatim (a=crypto, a=rtcp-fb, a=ice-*, …)
            }
        }
    }

    /** Emits the description with CRLF line ends, every line in its original order. */
    public String format() {
        StringBuilder sb = new StringBuilder(256);
        for (SdpLine l : sessionLines) {
            sb.append(l).append("\r\n");
        }
        for (MediaDescription m : media) {
            sb.append("m=").append(m.mediaLine().format()).append("\r\n");
            for (SdpLine l : m.lines()) {
                sb.append(l).append("\r\n");
            }
        }
        return sb.toString();
    }

    public byte[] toBytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    public Origin origin() {
        try {
            return Origin.parse(sessionLines.get(1).value(), 2);
        } catch (SdpParseException e) {
            throw new IllegalStateException("validated in the constructor", e);
        }
    }

    public String sessionName() {
        return sessionLines.get(2).value();
    }

    /** The session-level {@code c=} line, if any. */
    public Optional<Connection> connection() {
        return Connection.firstIn(sessionLines);
    }

    /** The session-level direction attribute, if any. */
    public Optional<Direction> direction() {
        return direction(sessionLines);
    }

    /** Value of the first session-level attribute with this name (empty string for a flag attribute). */
    public Optional<String> attribute(String name) {
        return attribute(sessionLines, name);
    }

    /** The connection that applies to a media section: its own {@code c=}, else the session's. */
    public Optional<Connection> connectionFor(MediaDescription m) {
        return m.connection().or(this::connection);
    }

    /** The direction that applies to a media section: its own attribute, else the session's, else sendrecv. */
    public Direction directionFor(MediaDescription m) {
        return m.direction().or(this::direction).orElse(Direction.SENDRECV);
    }

    static Optional<String> attribute(List<SdpLine> lines, String name) {
        for (SdpLine l : lines) {
            if (l.isAttribute(name)) {
                String v = l.attributeValue();
                return Optional.of(v == null ? "" : v);
            }
        }
        return Optional.empty();
    }

    static Optional<Direction> direction(List<SdpLine> lines) {
        Optional<Direction> found = Optional.empty();
        for (SdpLine l : lines) {
            if (l.type() == 'a' && l.attributeValue() == null) {
                Optional<Direction> d = Direction.fromAttribute(l.value());
                if (d.isPresent()) {
                    found = d;
                }
            }
        }
        return found;
    }
}
