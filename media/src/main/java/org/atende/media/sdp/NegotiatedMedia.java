package org.atende.media.sdp;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The agreed audio stream of a leg, from Atende's point of view.
 *
 * @param mediaIndex index of the agreed m= line in the offer/answer
 * @param codec the agreed codec (the first offered one we support)
 * @param payloadType the payload type for that codec in RTP on this leg
 * @param telephoneEventPayloadType the telephone-event payload type, if both sides have it
 * @param remoteAddress where to send RTP (may be the hold address 0.0.0.0)
 * @param remotePort the remote RTP port
 * @param remoteRtcpPort the remote RTCP port from a=rtcp if given
 * @param direction what Atende may do: {@code sends()} → we may send RTP, {@code receives()} → we expect RTP
 * @param ptime the packetization time the remote asked for, if any
 * @param remoteHold the remote put the stream on hold (sendonly/inactive or c=0.0.0.0)
 */
public record NegotiatedMedia(int mediaIndex, Codec codec, int payloadType, OptionalInt telephoneEventPayloadType,
        String remoteAddress, int remotePort, OptionalInt remoteRtcpPort, Direction direction, OptionalInt ptime,
        boolean remoteHold) {

    public NegotiatedMedia {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(telephoneEventPayloadType, "telephoneEventPayloadType");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(remoteRtcpPort, "remoteRtcpPort");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(ptime, "ptime");
    }
}
