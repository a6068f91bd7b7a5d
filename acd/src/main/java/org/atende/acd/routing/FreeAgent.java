package org.atende.acd.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * A member of the queue who is free and may take the call: idle, on no other call, not resting, with the skills
 * asked for (or any member, for a call no member has the skills for).
 *
 * @param agent     the agent's id (a static member's is its extension)
 * @param position  the member's place in the queue's members, 0 for the first written
 * @param skills    the member's skill levels in this queue
 * @param idleSince since when the agent is idle (a missed offer does not restart it)
 * @param answered  how many queue calls the agent answered since start
 * @param talked    how long the agent talked on queue calls since start (their wrap-up not counted)
 */
public record FreeAgent(String agent, int position, Map<String, Integer> skills, Instant idleSince,
                        long answered, Duration talked) {

    /** The agent idle the longest first. */
    public static final Comparator<FreeAgent> LONGEST_IDLE = Comparator.comparing(FreeAgent::idleSince);

    public FreeAgent {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(skills, "skills");
        Objects.requireNonNull(idleSince, "idleSince");
        Objects.requireNonNull(talked, "talked");
    }
}
