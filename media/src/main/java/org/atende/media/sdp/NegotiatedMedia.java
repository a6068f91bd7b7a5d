package org.atende.media.sdp;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The agreed audio stream of a leg, from Atende's point of view.
 *
 * @param mediaIndex index of the agreed m= line in the offer/answer
 * @param codec the codec we send in (the one chosen among {@code formats})
 * @param payloadType the payload type for that codec in RTP on this leg
 * @param telephoneEventPayloadType the telephone-event payload type, if both sides have it
 * @param remoteAddress where to send RTP (may be the hold address 0.0.0.0)
 * @param remotePort the remote RTP port
 * @param remoteRtcpPort the remote RTCP port from a=rtcp if given
 * @param direction what Atende may do: {@code sends()} → we may send RTP, {@code receives()} → we expect RTP
 * @param ptime the packetization time the remote asked for, if any
 * @param remoteHold the remote put the stream on hold (sendonly/inactive or c=0.0.0.0)
 * @param formats every audio format of the answer (telephone-event aside), the chosen one first: RFC 3264 §5.1
 *     lets either side switch among them without a new offer, so RTP in any of them is audio on this leg, and
 *     Atende may send in any of them
 */
public record NegotiatedMedia(int mediaIndex, Codec codec, int payloadType, OptionalInt telephoneEventPayloadType,
        String remoteAddress, int remotePort, OptionalInt remoteRtcpPort, Direction direction, OptionalInt ptime,
        boolean remoteHold, List<Format> formats) {

    /** Shortest and longest packetization times Atende sends at when asked (60 ms: {@code MediaLeg.MAX_SAMPLES}). */
    public static final int MIN_PTIME = 10;
    public static final int MAX_PTIME = 60;

    /** One audio payload format agreed on a leg. */
    public record Format(int payloadType, Codec codec) {
        public Format {
            Objects.requireNonNull(codec, "codec");
            if (payloadType < 0 || payloadType > 127) {
                throw new IllegalArgumentException("payload type out of range: " + payloadType);
            }
        }
    }

    public NegotiatedMedia {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(telephoneEventPayloadType, "telephoneEventPayloadType");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(remoteRtcpPort, "remoteRtcpPort");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(ptime, "ptime");
        formats = List.copyOf(formats);
        if (formats.isEmpty() || !formats.get(0).equals(new Format(payloadType, codec))) {
            throw new IllegalArgumentException("formats must start with the chosen one: " + formats);
        }
    }

    /** A stream with one audio format, the chosen one. */
    public NegotiatedMedia(int mediaIndex, Codec codec, int payloadType, OptionalInt telephoneEventPayloadType,
            String remoteAddress, int remotePort, OptionalInt remoteRtcpPort, Direction direction, OptionalInt ptime,
            boolean remoteHold) {
        this(mediaIndex, codec, payloadType, telephoneEventPayloadType, remoteAddress, remotePort, remoteRtcpPort,
                direction, ptime, remoteHold, List.of(new Format(payloadType, codec)));
    }

    /** The codecs of {@link #formats}, in order. */
    public List<Codec> codecs() {
        return formats.stream().map(Format::codec).distinct().toList();
    }

    /**
     * The packetization time Atende sends at on this leg: the remote's {@code a=ptime} when it is one we can
     * honour ({@value #MIN_PTIME}..{@value #MAX_PTIME} ms), else none (packets go out as they come).
     */
    public OptionalInt sendPtime() {
        return ptime.isPresent() && ptime.getAsInt() >= MIN_PTIME && ptime.getAsInt() <= MAX_PTIME ? ptime
                : OptionalInt.empty();
    }
}
