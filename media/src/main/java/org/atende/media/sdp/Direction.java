package org.atende.media.sdp;

import java.util.Optional;

/** Media direction attribute (RFC 4566 §6, RFC 3264 §5.1), from the point of view of the SDP's author. */
public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String attribute;

    Direction(String attribute) {
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }

    public static Optional<Direction> fromAttribute(String name) {
        for (Direction d : values()) {
            if (d.attribute.equalsIgnoreCase(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The direction an answerer uses for this offered direction (RFC 3264 §6.1). */
    public Direction answer() {
        return switch (this) {
            case SENDRECV -> SENDRECV;
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            case INACTIVE -> INACTIVE;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** Direction that sends only if both allow it and receives only if both allow it. */
    public Direction intersect(Direction other) {
        return of(sends() && other.sends(), receives() && other.receives());
    }

    public static Direction of(boolean sends, boolean receives) {
        if (sends) {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }
}
