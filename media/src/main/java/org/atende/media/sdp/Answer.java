package org.atende.media.sdp;

/** Outcome of {@link OfferAnswer#answer}: an answer to send, or no acceptable audio (the engine answers 488). */
public sealed interface Answer {

    record Accepted(SessionDescription sdp, NegotiatedMedia media) implements Answer {
    }

    /** No audio stream with a codec in common; {@code reason} is for logs and a Warning header. */
    record NoCommonCodec(String reason) implements Answer {
    }
}
