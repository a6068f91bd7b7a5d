package org.atende.ivr;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The keys a caller pressed that no menu, collect or confirmation has used yet, taken in the order pressed; and
 * how many nodes the call entered since a key was last pressed or used (the idle-loop limit counts them). Presses
 * and uses are logged to the journey. Not thread-safe: owned by the session's thread.
 */
final class TypeAhead {

    private final SessionIo io;
    private final Deque<Character> keys = new ArrayDeque<>();
    private int nodesWithoutInput;

    TypeAhead(SessionIo io) {
        this.io = io;
    }

    /** The caller pressed a key: it waits for the next node that takes keys. */
    void pressed(IvrEvent.DigitReceived d) {
        io.log(new Journey.DigitPressed(io.now(), d.digit(), d.durationMs()));
        nodesWithoutInput = 0;
        keys.addLast(d.digit());
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The first key waiting, used by {@code node}. */
    char take(String node) {
        char d = keys.removeFirst();
        nodesWithoutInput = 0;
        io.log(new Journey.DigitUsed(io.now(), node, d));
        return d;
    }

    /** Counts a node entered; returns how many were entered since a key was last pressed or used. */
    int nodeEntered() {
        return ++nodesWithoutInput;
    }
}
