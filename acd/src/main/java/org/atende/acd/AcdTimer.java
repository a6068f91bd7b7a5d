package org.atende.acd;

import java.util.Objects;

/**
 * A timer the ACD asked for: the owner schedules it and hands it back to {@link Acd#timerFired} when it fires.
 * A timer that fires after its reason has gone is ignored, so cancelling is an optimisation, not a duty.
 *
 * @param kind what it is for
 * @param key  the call id (MAX_WAIT, STEP, CALLBACK_RETRY) or the agent's id (WRAP_UP, REST)
 */
public record AcdTimer(Kind kind, String key) {

    public enum Kind {
        /** A caller has waited the queue's max_wait. */
        MAX_WAIT,
        /** A caller has waited long enough for the queue's next relaxation step (one timer at a time per call). */
        STEP,
        /** An agent's wrap-up after a queue call is over. */
        WRAP_UP,
        /** An agent who did not take an offer may be offered calls again. */
        REST,
        /** A callback whose attempt reached nobody waits again (key: the call id). */
        CALLBACK_RETRY
    }

    public AcdTimer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }
}
