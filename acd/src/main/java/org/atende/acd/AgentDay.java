package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atende.acd.Acd.AgentState;
import org.atende.config.PauseReason;

/**
 * One agent's day: the time in each state and pause reason, and the calls offered, answered and missed, the time
 * talked and wrapping up. The figures behind occupancy and "tempo improdutivo". A day is the calendar day in the
 * ACD clock's zone; time that crosses midnight is split, and the counts start again at zero.
 */
final class AgentDay {

    private final ZoneId zone;
    private LocalDate day;
    private final EnumMap<AgentState, Duration> inState = new EnumMap<>(AgentState.class);
    private final Map<String, Duration> paused = new LinkedHashMap<>();
    private Duration productivePause = Duration.ZERO;
    long offered;
    long answered;
    long missed;
    private Duration talked = Duration.ZERO;

    AgentDay(ZoneId zone, Instant now) {
        this.zone = zone;
        this.day = LocalDate.ofInstant(now, zone);
    }

    /** The agent was in {@code state} (paused for {@code reason}) from {@code from} to {@code to}. */
    void spent(AgentState state, PauseReason reason, Instant from, Instant to) {
        while (!from.isAfter(to)) {
            rollTo(from);
            LocalDate of = LocalDate.ofInstant(from, zone);
            Instant midnight = of.plusDays(1).atStartOfDay(zone).toInstant();
            Instant end = to.isBefore(midnight) ? to : midnight;
            if (of.equals(day)) { // not when a count already rolled the day on: that time was the day before's
                add(state, reason, Duration.between(from, end));
            }
            if (end.equals(to)) {
                return;
            }
            from = end;
        }
    }

    /** Talk time of a call, counted on the day it ends. */
    void talked(Duration d, Instant now) {
        rollTo(now);
        talked = talked.plus(d);
    }

    void offered(Instant now) {
        rollTo(now);
        offered++;
    }

    void answered(Instant now) {
        rollTo(now);
        answered++;
    }

    void missed(Instant now) {
        rollTo(now);
        missed++;
    }

    private void add(AgentState state, PauseReason reason, Duration d) {
        inState.merge(state, d, Duration::plus);
        if (state == AgentState.PAUSED && reason != null) {
            paused.merge(reason.name(), d, Duration::plus);
            if (reason.productive()) {
                productivePause = productivePause.plus(d);
            }
        }
    }

    private void rollTo(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (today.isAfter(day)) {
            day = today;
            inState.clear();
            paused.clear();
            productivePause = Duration.ZERO;
            offered = answered = missed = 0;
            talked = Duration.ZERO;
        }
    }

    /**
     * The day's figures at {@code now}, counting the time since {@code stateSince} in the agent's current
     * {@code state} (not yet spent).
     */
    AgentDayStats snapshot(AgentState state, PauseReason reason, Instant stateSince, Instant now) {
        AgentDay copy = new AgentDay(zone, day.atStartOfDay(zone).toInstant());
        copy.inState.putAll(inState);
        copy.paused.putAll(paused);
        copy.productivePause = productivePause;
        copy.offered = offered;
        copy.answered = answered;
        copy.missed = missed;
        copy.talked = talked;
        copy.spent(state, reason, stateSince, now);
        copy.rollTo(now); // at midnight sharp the day read is the new one
        Map<AgentState, Duration> states = new EnumMap<>(AgentState.class);
        for (AgentState s : AgentState.values()) {
            states.put(s, copy.inState.getOrDefault(s, Duration.ZERO));
        }
        return new AgentDayStats(copy.day, states, Map.copyOf(copy.paused), copy.productivePause, copy.offered,
                copy.answered, copy.missed, copy.talked);
    }
}
