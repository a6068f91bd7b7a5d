package org.atende.media.dtmf.rfc4733;

/** Receives the digits decoded by a {@link TelephoneEventReceiver}. */
@FunctionalInterface
public interface DigitListener {

    /**
     * One key press, reported once when it ends. Runs on the thread that feeds the receiver (the media
     * session's event loop).
     *
     * @param digit '0'..'9', '*', '#', 'A'..'D'
     * @param durationInTimestampUnits the press duration in RTP timestamp units (8000 per second for 8 kHz)
     */
    void onDigit(char digit, long durationInTimestampUnits);
}
