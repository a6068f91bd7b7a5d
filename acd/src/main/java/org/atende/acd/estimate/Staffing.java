package org.atende.acd.estimate;

import java.util.Collections;
import java.util.List;

/**
 * The agents staffed for a queue (logged in and serving it, busy or not) as the estimate sees them: how many are
 * free to take a call now, and what each of the others is doing.
 *
 * @param free how many can take a call now; an agent ringing for a call ahead of the caller counts as free, since
 *             that call is as good as served
 * @param busy the others, one entry each
 */
public record Staffing(int free, List<BusyAgent> busy) {

    public Staffing {
        if (free < 0) {
            throw new IllegalArgumentException("negative free agents: " + free);
        }
        busy = List.copyOf(busy);
    }

    /** {@code staffed} agents of whom {@code free} are free, nothing known of what the others are doing. */
    public static Staffing of(int staffed, int free) {
        if (free > staffed) {
            throw new IllegalArgumentException(free + " free of " + staffed + " staffed");
        }
        return new Staffing(free, Collections.nCopies(staffed - free, new BusyAgent.Unknown()));
    }

    /** The agents staffed: free and busy. */
    public int staffed() {
        return free + busy.size();
    }
}
