package org.atende.acd;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.atende.acd.Acd.AgentState;

/**
 * What a supervisor sees of an agent.
 *
 * @param reason    the pause reason's name, when paused
 * @param extension where the agent is logged in
 * @param pending   a pause or log-out waiting for the call and its wrap-up to end
 * @param pendingReason the reason of a pending pause
 * @param since     since when the agent is in {@code state}
 * @param call      the call the agent rings for or talks on
 * @param missedInARow offers missed since the last one answered
 * @param skills    the agent's skills (a static member's are per queue: empty here)
 * @param today     the day's figures
 */
public record AgentStatus(String id, String name, boolean fixed, AgentState state, Optional<String> reason,
                          Optional<String> extension, PendingChange pending, Optional<String> pendingReason,
                          Instant since, Optional<String> call, int missedInARow, Map<String, Integer> skills,
                          AgentDayStats today) {

    public AgentStatus {
        skills = Map.copyOf(skills);
    }
}
