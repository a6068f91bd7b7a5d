package org.atende.acd.estimate;

import java.time.Duration;
import java.util.Objects;

/** What an agent of the queue who is not free is doing, as far as it tells when they will be free again. */
public sealed interface BusyAgent {

    /**
     * On a queue call answered {@code elapsed} ago, with {@code wrapUp} to follow it: the agent is free again after
     * the rest of the talk and the wrap-up. The rest of the talk is read from the handle times of calls that lasted
     * at least as long.
     */
    record Talking(Duration elapsed, Duration wrapUp) implements BusyAgent {
        public Talking {
            requireNotNegative(elapsed, "elapsed");
            requireNotNegative(wrapUp, "wrapUp");
        }
    }

    /** Free again in {@code remaining}: at the end of a wrap-up, or of the rest after a missed offer. */
    record FreeIn(Duration remaining) implements BusyAgent {
        public FreeIn {
            requireNotNegative(remaining, "remaining");
        }
    }

    /**
     * Busy in a way that does not say for how long: on a call outside the queues, ringing for another queue's call,
     * or on a call whose start is not known. Counted as an agent seen at a random
     * moment of a call: free again after the rest of a call of the history's lengths (the stationary excess).
     */
    record Unknown() implements BusyAgent {
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + d);
        }
    }
}
