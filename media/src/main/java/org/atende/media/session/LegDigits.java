package org.atende.media.session;

import org.atende.media.dtmf.GoertzelDtmfDetector;
import org.atende.media.dtmf.rfc4733.TelephoneEventReceiver;

/**
 * A leg's key presses, from its three sources (RFC 4733 telephone-events, in-band tones, SIP INFO), reported to
 * the leg's listener.
 *
 * <p>The detectors sit in the leg's {@link ReceivePath}; this class makes them and takes what they hear. A key
 * press is reported when it ends, and not once the leg is closed. Not thread-safe: owned by the leg's loop.
 */
final class LegDigits {

    private final MediaLeg leg;
    private final ReceivePath receive;

    LegDigits(MediaLeg leg, ReceivePath receive) {
        this.leg = leg;
        this.receive = receive;
    }

    /** Decodes key presses from telephone-events of payload type {@code pt} (-1: none was negotiated). */
    void telephoneEvents(int pt) {
        receive.telephoneEvents(pt < 0 ? null : new TelephoneEventReceiver(pt,
                (digit, duration) -> report(digit, (int) (duration / 8), DigitSource.RFC4733)));
    }

    /** Turns in-band (Goertzel) detection on or off. */
    void detectInband(boolean on) {
        if (on && !receive.detectsInbandDigits()) {
            receive.inbandDetector(new GoertzelDtmfDetector((digit, start, samples) ->
                    report(digit, (int) (samples / 8), DigitSource.INBAND)));
        } else if (!on) {
            receive.inbandDetector(null);
        }
    }

    boolean detectsInband() {
        return receive.detectsInbandDigits();
    }

    /** One key press from {@code source}, to the leg's listener. */
    void report(char digit, int durationMs, DigitSource source) {
        MediaLeg.Listener listener = leg.listener();
        if (listener != null && !leg.closed()) {
            listener.onDigit(leg, digit, durationMs, source);
        }
    }
}
