package org.atende.media.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The {@code m=} line: {@code <media> <port>[/<number of ports>] <proto> <fmt> ...}.
 *
 * @param portCount the explicit number of ports, or 0 when the line has none
 */
public record MediaLine(String media, int port, int portCount, String proto, List<String> formats) {

    public MediaLine {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(proto, "proto");
        formats = List.copyOf(formats);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (portCount < 0) {
            throw new IllegalArgumentException("portCount must be >= 0: " + portCount);
        }
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("an m= line needs at least one format");
        }
    }

    public MediaLine(String media, int port, String proto, List<String> formats) {
        this(media, port, 0, proto, formats);
    }

    /** The same line with another port (0 rejects the stream, RFC 3264 §6). */
    public MediaLine withPort(int newPort) {
        return new MediaLine(media, newPort, portCount, proto, formats);
    }

    String format() {
        return media + " " + port + (portCount == 0 ? "" : "/" + portCount) + " " + proto + " " + String.join(" ", formats);
    }

    static MediaLine parse(String value, int line) throws SdpParseException {
        String[] f = Sdp.fields(value);
        if (f.length < 4) {
            throw new SdpParseException(line, "m= needs media, port, proto and at least one format");
        }
        String portText = f[1];
        int count = 0;
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            count = Sdp.parseInt(portText.substring(slash + 1));
            if (count <= 0) {
                throw new SdpParseException(line, "m= number of ports is not a positive number: " + portText);
            }
            portText = portText.substring(0, slash);
        }
        int port = Sdp.parseInt(portText);
        if (port < 0 || port > 65535) {
            throw new SdpParseException(line, "m= port is not a number in 0..65535: " + f[1]);
        }
        return new MediaLine(f[0], port, count, f[2], List.of(f).subList(3, f.length));
    }
}
