package org.atende.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One media section: its {@code m=} line and the lines after it, in order (known and unknown alike).
 * Typed accessors read the lines; they never throw on a description produced by the parser.
 */
public record MediaDescription(MediaLine mediaLine, List<SdpLine> lines) {

    public MediaDescription {
        Objects.requireNonNull(mediaLine, "mediaLine");
        lines = List.copyOf(lines);
        for (SdpLine l : lines) {
            if (l.type() == 'm' || l.type() == 'v') {
                throw new IllegalArgumentException("media section cannot contain " + l);
            }
        }
    }

    public String media() {
        return mediaLine.media();
    }

    public int port() {
        return mediaLine.port();
    }

    public String proto() {
        return mediaLine.proto();
    }

    public List<String> formats() {
        return mediaLine.formats();
    }

    public boolean isAudio() {
        return mediaLine.media().equalsIgnoreCase("audio");
    }

    /** Port 0: a stream rejected by an answer or disabled by an offer (RFC 3264 §5.1, §6). */
    public boolean isRejected() {
        return mediaLine.port() == 0;
    }

    /** The media-level {@code c=} line, if any. */
    public Optional<Connection> connection() {
        return Connection.firstIn(lines);
    }

    public List<SdpLine> attributes() {
        List<SdpLine> out = new ArrayList<>();
        for (SdpLine l : lines) {
            if (l.type() == 'a') {
                out.add(l);
            }
        }
        return out;
    }

    /** Value of the first attribute with this name (empty string for a flag attribute). */
    public Optional<String> attribute(String name) {
        return SessionDescription.attribute(lines, name);
    }

    public List<Rtpmap> rtpmaps() {
        List<Rtpmap> out = new ArrayList<>();
        for (SdpLine l : lines) {
            if (l.isAttribute("rtpmap")) {
                Rtpmap.parseValue(l.attributeValue()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The rtpmap for a payload type: the explicit {@code a=rtpmap}, else the RFC 3551 static assignment. */
    public Optional<Rtpmap> rtpmap(int payloadType) {
        for (Rtpmap r : rtpmaps()) {
            if (r.payloadType() == payloadType) {
                return Optional.of(r);
            }
        }
        return Codec.staticRtpmap(payloadType);
    }

    /** The format parameters ({@code a=fmtp:<fmt> <params>}) for a format. */
    public Optional<String> fmtp(String format) {
        for (SdpLine l : lines) {
            if (l.isAttribute("fmtp")) {
                String v = l.attributeValue();
                int space = v == null ? -1 : v.indexOf(' ');
                if (space > 0 && v.substring(0, space).equals(format)) {
                    return Optional.of(v.substring(space + 1).strip());
                }
            }
        }
        return Optional.empty();
    }

    public OptionalInt ptime() {
        return intAttribute("ptime");
    }

    public OptionalInt maxptime() {
        return intAttribute("maxptime");
    }

    /** The {@code a=rtcp} value verbatim (RFC 3605), e.g. {@code "53021 IN IP4 126.16.64.4"}. */
    public Optional<String> rtcp() {
        return attribute("rtcp");
    }

    /** The RTCP port from {@code a=rtcp}, if present. */
    public OptionalInt rtcpPort() {
        Optional<String> v = rtcp();
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        String[] f = Sdp.fields(v.get());
        int p = f.length == 0 ? -1 : Sdp.parseInt(f[0]);
        return p < 0 || p > 65535 ? OptionalInt.empty() : OptionalInt.of(p);
    }

    /** The media-level direction attribute (the last one if several), if any. */
    public Optional<Direction> direction() {
        return SessionDescription.direction(lines);
    }

    private OptionalInt intAttribute(String name) {
        Optional<String> v = attribute(name);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        int n = ptimeValue(v.get());
        return n <= 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** ptime-style value in ms; tolerates a decimal fraction ({@code 20.00}); -1 if malformed. */
    static int ptimeValue(String value) {
        String s = value.strip();
        int dot = s.indexOf('.');
        if (dot >= 0) {
            String frac = s.substring(dot + 1);
            if (!frac.isEmpty() && !Sdp.isDigits(frac)) {
                return -1;
            }
            s = s.substring(0, dot);
        }
        return Sdp.parseInt(s);
    }
}
