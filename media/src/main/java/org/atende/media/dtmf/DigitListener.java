package org.atende.media.dtmf;

/**
 * Receives the digits a {@link GoertzelDtmfDetector} recognises. Callbacks run synchronously on the
 * thread that calls {@link GoertzelDtmfDetector#process}, which is the owning call's event loop.
 * Sample positions count samples given to the detector since its construction, at 8 kHz.
 */
@FunctionalInterface
public interface DigitListener {

    /**
     * A digit ended.
     *
     * @param digit one of {@code 0-9 * # A-D}
     * @param startSample position of the first sample of the block the digit was first seen in
     * @param durationSamples samples from the start to the first block without the digit
     */
    void onDigit(char digit, long startSample, long durationSamples);

    /** A digit was recognised and is still sounding; {@link #onDigit} follows when it ends. */
    default void onDigitStarted(char digit, long startSample) {
    }
}
