package org.atende.acd.routing;

import java.util.Map;
import java.util.Objects;

/**
 * The call to be offered, as a strategy sees it.
 *
 * @param callId   the call's id
 * @param needed   the skills asked for with their least levels, the language included
 * @param priority 0-100, higher served first (decided before the strategy is asked)
 */
public record Caller(String callId, Map<String, Integer> needed, int priority) {

    public Caller {
        Objects.requireNonNull(callId, "callId");
        needed = Map.copyOf(needed);
    }
}
