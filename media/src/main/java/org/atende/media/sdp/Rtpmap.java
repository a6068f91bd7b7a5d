package org.atende.media.sdp;

import java.util.Objects;
import java.util.Optional;

/** {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]}. */
public record Rtpmap(int payloadType, String encoding, int clockRate, String encodingParameters) {

    public Rtpmap {
        Objects.requireNonNull(encoding, "encoding");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type out of range: " + payloadType);
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
    }

    public Rtpmap(int payloadType, String encoding, int clockRate) {
        this(payloadType, encoding, clockRate, null);
    }

    String formatValue() {
        return payloadType + " " + encoding + "/" + clockRate + (encodingParameters == null ? "" : "/" + encodingParameters);
    }

    /** Parses an rtpmap attribute value; empty if it is malformed. */
    static Optional<Rtpmap> parseValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] f = Sdp.fields(value);
        if (f.length != 2) {
            return Optional.empty();
        }
        int pt = Sdp.parseInt(f[0]);
        if (pt < 0 || pt > 127) {
            return Optional.empty();
        }
        String[] enc = f[1].split("/", -1);
        if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
            return Optional.empty();
        }
        int rate = Sdp.parseInt(enc[1]);
        if (rate <= 0) {
            return Optional.empty();
        }
        if (enc.length == 3 && enc[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rtpmap(pt, enc[0], rate, enc.length == 3 ? enc[2] : null));
    }
}
