package org.atende.media.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * An RTP payload format we can handle: encoding name and clock rate, plus its RFC 3551 static payload type
 * ({@link #DYNAMIC} when the type is chosen per session, as for telephone-event).
 */
public record Codec(String encoding, int clockRate, int staticPayloadType) {

    public static final int DYNAMIC = -1;

    public static final Codec PCMU = new Codec("PCMU", 8000, 0);
    public static final Codec PCMA = new Codec("PCMA", 8000, 8);
    public static final Codec TELEPHONE_EVENT = new Codec("telephone-event", 8000, DYNAMIC);

    public Codec {
        Objects.requireNonNull(encoding, "encoding");
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        if (staticPayloadType < DYNAMIC || staticPayloadType > 95) {
            throw new IllegalArgumentException("static payload type must be 0..95 or DYNAMIC: " + staticPayloadType);
        }
    }

    public boolean isDynamic() {
        return staticPayloadType == DYNAMIC;
    }

    public boolean isTelephoneEvent() {
        return encoding.equalsIgnoreCase("telephone-event");
    }

    /** Same encoding (case-insensitive) and clock rate. */
    public boolean matches(Rtpmap rtpmap) {
        return encoding.equalsIgnoreCase(rtpmap.encoding()) && clockRate == rtpmap.clockRate();
    }

    /** RFC 3551 table 4 static audio payload types used by telephony equipment. */
    static Optional<Rtpmap> staticRtpmap(int payloadType) {
        return switch (payloadType) {
            case 0 -> Optional.of(new Rtpmap(0, "PCMU", 8000));
            case 3 -> Optional.of(new Rtpmap(3, "GSM", 8000));
            case 4 -> Optional.of(new Rtpmap(4, "G723", 8000));
            case 8 -> Optional.of(new Rtpmap(8, "PCMA", 8000));
            case 9 -> Optional.of(new Rtpmap(9, "G722", 8000));
            case 13 -> Optional.of(new Rtpmap(13, "CN", 8000));
            case 18 -> Optional.of(new Rtpmap(18, "G729", 8000));
            default -> Optional.empty();
        };
    }
}
