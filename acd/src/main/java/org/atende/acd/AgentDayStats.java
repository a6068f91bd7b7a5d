package org.atende.acd;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.atende.acd.Acd.AgentState;

/**
 * One agent's figures for one day (in the ACD clock's zone) up to the moment they were read.
 *
 * @param day              the calendar day
 * @param inState          time in each state today (every state present, zero when never in it)
 * @param pausedBy         time paused today by reason name
 * @param productivePause  the part of the paused time under reasons that count as productive
 * @param offered          queue calls that rang the agent
 * @param answered         queue calls the agent took
 * @param missed           offers the agent did not take (no answer, refused, failed)
 * @param talked           time talked on queue calls that ended today
 */
public record AgentDayStats(LocalDate day, Map<AgentState, Duration> inState, Map<String, Duration> pausedBy,
                            Duration productivePause, long offered, long answered, long missed, Duration talked) {

    public AgentDayStats {
        inState = Map.copyOf(inState);
        pausedBy = Map.copyOf(pausedBy);
    }

    /** Time logged in: every state but logged out. */
    public Duration loggedIn() {
        return inState.entrySet().stream().filter(e -> e.getKey() != AgentState.LOGGED_OUT)
                .map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * Unproductive time ("tempo improdutivo"): paused under a reason that does not count as productive. Idle
     * time waiting for a call is available, not unproductive.
     */
    public Duration unproductive() {
        return inState.get(AgentState.PAUSED).minus(productivePause);
    }

    /** Occupancy: the share of the time logged in and not paused spent ringing, talking or wrapping up. */
    public double occupancy() {
        Duration working = inState.get(AgentState.RESERVED).plus(inState.get(AgentState.ON_CALL))
                .plus(inState.get(AgentState.WRAP_UP));
        Duration staffed = working.plus(inState.get(AgentState.AVAILABLE));
        return staffed.isZero() ? 0 : (double) working.toMillis() / staffed.toMillis();
    }
}
