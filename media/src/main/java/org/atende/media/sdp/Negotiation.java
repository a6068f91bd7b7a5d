package org.atende.media.sdp;

/** Outcome of {@link OfferAnswer#negotiated}: the agreed stream, or why the answer gives none. */
public sealed interface Negotiation {

    record Agreed(NegotiatedMedia media) implements Negotiation {
    }

    record NoCommonCodec(String reason) implements Negotiation {
    }
}
