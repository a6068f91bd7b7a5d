package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.atende.acd.Acd.AgentState;
import org.atende.config.PauseReason;

/**
 * {@link AcdSimulator}'s model of one agent (a static member or an agent who logs in): state and pause reason,
 * extension, pending change, the call rung for or talked on, idle and rest times, misses in a row, the figures the
 * strategies read, and the day ({@link Day}), booked as the model changes state: every change goes through
 * {@link #enter}.
 */
final class AgentModel {

    final String id;
    final String name;
    final boolean fixed;
    /** The agent's own wrap-up, instead of the queue's. */
    final Optional<Duration> wrapUp;
    AgentState state;
    /** The pause reason; null unless paused. */
    PauseReason reason;
    Instant since;
    /** Where the agent is logged in; null when logged out. */
    String extension;
    /** Where the agent was logged in last. */
    String lastExtension;
    PendingChange pending = PendingChange.NONE;
    PauseReason pendingReason;
    /** The call rung for or talked on. */
    String call;
    Instant idleSince;
    /** Set by a missed offer; cleared when the REST timer fires after it, by a pause or a log-in. */
    Instant restUntil;
    int missedInARow;
    /** The call whose offer a call outside the queues crossed (it began while the agent rang): may be declined. */
    String declinable;
    /** Queue calls answered and time talked since start, and since when on the call now. */
    long answered;
    Duration talked = Duration.ZERO;
    Instant talkingSince;
    /** The wrap-up the agent is in (how long its timer is). */
    Duration wrapUpFor;
    final Day day;

    AgentModel(String id, String name, boolean fixed, Optional<Duration> wrapUp, Instant start) {
        this.id = id;
        this.name = name;
        this.fixed = fixed;
        this.wrapUp = wrapUp;
        this.state = fixed ? AgentState.AVAILABLE : AgentState.LOGGED_OUT;
        this.since = start;
        this.idleSince = start;
        this.extension = fixed ? id : null;
        this.lastExtension = extension;
        this.day = new Day(start);
    }

    /** The agent leaves its state for {@code next} (paused for {@code why}) at {@code now}. */
    void enter(AgentState next, PauseReason why, Instant now) {
        day.book(state, reason, now);
        state = next;
        reason = next == AgentState.PAUSED ? why : null;
        since = now;
    }

    void enter(AgentState next, Instant now) {
        enter(next, null, now);
    }

    /** On a queue call or wrapping up one. */
    boolean working() {
        return state == AgentState.ON_CALL || state == AgentState.WRAP_UP;
    }

    /** Whether the agent rings for {@code callId} now. */
    boolean ringsFor(String callId) {
        return state == AgentState.RESERVED && callId.equals(call);
    }

    /** Back to available after an offer that went nowhere (the idle time goes on). */
    void idle(Instant now) {
        enter(AgentState.AVAILABLE, now);
        call = null;
        declinable = null;
    }

    /** Rings for {@code callId}. */
    void ring(String callId, Instant now) {
        today(now).offered++;
        enter(AgentState.RESERVED, now);
        call = callId;
        declinable = null;
    }

    /** Talks on {@code callId} from now. */
    void answer(String callId, Instant now) {
        today(now).answered++;
        enter(AgentState.ON_CALL, now);
        call = callId;
        declinable = null;
        answered++;
        missedInARow = 0;
        talkingSince = now;
    }

    /** The call talked on ended: its time counts as talked, on the day it ends. */
    void hangUp(Instant now) {
        Duration d = Duration.between(talkingSince, now);
        talked = talked.plus(d);
        Day today = today(now);
        today.talked = today.talked.plus(d);
        talkingSince = null;
    }

    void pause(PauseReason why, Instant now) {
        enter(AgentState.PAUSED, why, now);
        call = null;
        declinable = null;
        restUntil = null;
    }

    void logout(Instant now) {
        enter(AgentState.LOGGED_OUT, now);
        extension = null;
        call = null;
        declinable = null;
        pending = PendingChange.NONE;
        pendingReason = null;
    }

    /** The day of {@code now}, its time booked up to now: to count an event in. */
    Day today(Instant now) {
        day.book(state, reason, now);
        return day;
    }

    /** What the ACD should say when this agent changes (its cause aside). */
    AcdCommand.AgentChanged change() {
        return new AcdCommand.AgentChanged(id, state, state == AgentState.PAUSED ? reason.name()
                : pending == PendingChange.PAUSE ? pendingReason.name() : null, extension, pending, null);
    }

    @Override
    public String toString() {
        return id + " " + state + (reason != null ? " (" + reason.name() + ")" : "")
                + (extension != null ? " at " + extension : "") + (call != null ? " with " + call : "")
                + (pending != PendingChange.NONE ? " pending " + pending : "");
    }

    /**
     * The agent's day in UTC (the test clock's zone): time per state and pause reason, booked up to
     * {@link #bookedTo} and split at midnight, and the counts of the events of the day. A new day starts at zero.
     */
    static final class Day {
        LocalDate date;
        final Map<AgentState, Duration> inState = new EnumMap<>(AgentState.class);
        final Map<String, Duration> pausedBy = new HashMap<>();
        Duration productivePause = Duration.ZERO;
        long offered;
        long answered;
        long missed;
        Duration talked = Duration.ZERO;
        private Instant bookedTo;

        Day(Instant start) {
            this.date = LocalDate.ofInstant(start, ZoneOffset.UTC);
            this.bookedTo = start;
            clear();
        }

        /** Books the time from the last booking to {@code now} in {@code state}, day by day. */
        void book(AgentState state, PauseReason reason, Instant now) {
            while (bookedTo.isBefore(now)) {
                LocalDate d = LocalDate.ofInstant(bookedTo, ZoneOffset.UTC);
                rollTo(d);
                Instant midnight = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant end = now.isBefore(midnight) ? now : midnight;
                Duration spent = Duration.between(bookedTo, end);
                inState.merge(state, spent, Duration::plus);
                if (state == AgentState.PAUSED) {
                    pausedBy.merge(reason.name(), spent, Duration::plus);
                    if (reason.productive()) {
                        productivePause = productivePause.plus(spent);
                    }
                }
                bookedTo = end;
            }
            rollTo(LocalDate.ofInstant(now, ZoneOffset.UTC));
        }

        private void rollTo(LocalDate d) {
            if (d.isAfter(date)) {
                date = d;
                clear();
            }
        }

        private void clear() {
            for (AgentState s : AgentState.values()) {
                inState.put(s, Duration.ZERO);
            }
            pausedBy.clear();
            productivePause = Duration.ZERO;
            offered = answered = missed = 0;
            talked = Duration.ZERO;
        }
    }
}
