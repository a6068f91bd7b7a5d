package org.atende.media.session;

/** How a key press reached Atende. */
public enum DigitSource {
    /** RTP telephone-event (RFC 4733). */
    RFC4733,
    /** SIP INFO with application/dtmf-relay. */
    SIP_INFO,
    /** Tones in the audio, found by the Goertzel detector. */
    INBAND
}
