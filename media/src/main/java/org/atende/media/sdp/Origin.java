package org.atende.media.sdp;

import java.util.Objects;

/** The {@code o=} line: {@code <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}. */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addrType,
        String address) {

    public Origin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(netType, "netType");
        Objects.requireNonNull(addrType, "addrType");
        Objects.requireNonNull(address, "address");
        if (sessionVersion < 0) {
            throw new IllegalArgumentException("sessionVersion must be >= 0: " + sessionVersion);
        }
    }

    /** An IN origin for our own address; address type guessed from the literal (IP6 if it contains ':'). */
    public static Origin of(String username, String sessionId, long sessionVersion, String address) {
        return new Origin(username, sessionId, sessionVersion, "IN", Connection.addrTypeOf(address), address);
    }

    /** The same origin with the version incremented, as required for a re-offer (RFC 3264 §8). */
    public Origin nextVersion() {
        return new Origin(username, sessionId, sessionVersion + 1, netType, addrType, address);
    }

    String format() {
        return username + " " + sessionId + " " + sessionVersion + " " + netType + " " + addrType + " " + address;
    }

    static Origin parse(String value, int line) throws SdpParseException {
        String[] f = Sdp.fields(value);
        if (f.length != 6) {
            throw new SdpParseException(line, "o= needs 6 fields, got " + f.length);
        }
        long version = Sdp.parseLong(f[2]);
        if (version < 0) {
            throw new SdpParseException(line, "o= session version is not a number: " + f[2]);
        }
        if (!Sdp.isDigits(f[1])) {
            throw new SdpParseException(line, "o= session id is not a number: " + f[1]);
        }
        return new Origin(f[0], f[1], version, f[3], f[4], f[5]);
    }
}
