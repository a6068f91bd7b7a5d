package org.atende.media.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@code c=} line: {@code <nettype> <addrtype> <connection-address>}. */
public record Connection(String netType, String addrType, String address) {

    public Connection {
        Objects.requireNonNull(netType, "netType");
        Objects.requireNonNull(addrType, "addrType");
        Objects.requireNonNull(address, "address");
    }

    public static Connection of(String address) {
        return new Connection("IN", addrTypeOf(address), address);
    }

    static String addrTypeOf(String address) {
        return address.indexOf(':') >= 0 ? "IP6" : "IP4";
    }

    /** The legacy RFC 2543 hold address {@code 0.0.0.0} (or the IPv6 unspecified address). */
    public boolean isHoldAddress() {
        return address.equals("0.0.0.0") || address.equals("::") || address.startsWith("0.0.0.0/");
    }

    String format() {
        return netType + " " + addrType + " " + address;
    }

    /** The first {@code c=} line among {@code lines} (one description level), if any and well-formed. */
    static Optional<Connection> firstIn(List<SdpLine> lines) {
        for (SdpLine l : lines) {
            if (l.type() == 'c') {
                try {
                    return Optional.of(parse(l.value(), 0));
                } catch (SdpParseException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static Connection parse(String value, int line) throws SdpParseException {
        String[] f = Sdp.fields(value);
        if (f.length != 3) {
            throw new SdpParseException(line, "c= needs 3 fields, got " + f.length);
        }
        return new Connection(f[0], f[1], f[2]);
    }
}
