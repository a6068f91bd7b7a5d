package org.atende.media.sdp;

import java.util.List;
import java.util.Objects;

/**
 * What Atende offers or accepts on one call leg: our RTP address and port and the codecs in preference order
 * (e.g. PCMU, PCMA, telephone-event).
 *
 * @param telephoneEventPayloadType payload type we use for telephone-event in our own offers (96..127)
 * @param ptime packetization time we ask for in our offers, in ms (0 = do not send a=ptime)
 */
public record LocalMedia(String address, int rtpPort, List<Codec> codecs, int telephoneEventPayloadType, int ptime) {

    public static final int DEFAULT_TELEPHONE_EVENT_PT = 101;

    public LocalMedia {
        Objects.requireNonNull(address, "address");
        codecs = List.copyOf(codecs);
        if (rtpPort <= 0 || rtpPort > 65535) {
            throw new IllegalArgumentException("rtpPort must be 1..65535: " + rtpPort);
        }
        if (codecs.stream().noneMatch(c -> !c.isTelephoneEvent())) {
            throw new IllegalArgumentException("at least one audio codec besides telephone-event is needed");
        }
        if (telephoneEventPayloadType < 96 || telephoneEventPayloadType > 127) {
            throw new IllegalArgumentException("telephone-event payload type must be 96..127");
        }
        if (ptime < 0) {
            throw new IllegalArgumentException("ptime must be >= 0");
        }
    }

    /** PCMU, PCMA and telephone-event (offered on 101), 20 ms. */
    public static LocalMedia telephony(String address, int rtpPort) {
        return new LocalMedia(address, rtpPort, List.of(Codec.PCMU, Codec.PCMA, Codec.TELEPHONE_EVENT),
                DEFAULT_TELEPHONE_EVENT_PT, 20);
    }

    public boolean supportsTelephoneEvent() {
        return codecs.stream().anyMatch(Codec::isTelephoneEvent);
    }
}
