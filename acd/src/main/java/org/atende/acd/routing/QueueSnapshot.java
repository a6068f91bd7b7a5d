package org.atende.acd.routing;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a strategy sees of a queue when one of its calls is to be offered.
 *
 * @param queue       the queue's name
 * @param free        the members free to take the call, in the order written (by {@link FreeAgent#position}); never
 *                    empty
 * @param lastOffered the position of the member this queue offered a call to last; empty before the first offer
 */
public record QueueSnapshot(String queue, List<FreeAgent> free, OptionalInt lastOffered) {

    public QueueSnapshot {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(lastOffered, "lastOffered");
        free = List.copyOf(free);
        if (free.isEmpty()) {
            throw new IllegalArgumentException("queue " + queue + ": nobody free to choose from");
        }
    }
}
