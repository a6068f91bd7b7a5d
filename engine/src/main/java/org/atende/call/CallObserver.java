package org.atende.call;

import org.atende.media.session.DigitSource;

/**
 * Listens to what happens in calls: the seam where the IVR, the queues, the CDR store and the control port
 * plug in. Callbacks run on the call's event loop and must return quickly (hand heavy work elsewhere).
 */
public interface CallObserver {

    CallObserver NONE = new CallObserver() {
    };

    /** A key press from one of the call's parties, when it ends. */
    default void onDigit(String callId, CallLeg.Side side, char digit, int durationMs, DigitSource source) {
    }

    /** The call is over; {@code record} says how it went. */
    default void onCallEnded(CallRecord record) {
    }
}
