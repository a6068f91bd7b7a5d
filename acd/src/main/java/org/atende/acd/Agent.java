package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.routing.FreeAgent;
import org.atende.config.PauseReason;

/**
 * One agent as the ACD sees them: a person with an id, logged in at an extension or not, in one
 * {@link AgentState} (paused for a {@link PauseReason}), with a pause or log-out asked for during a call
 * ({@link PendingChange}) carried out when the call and its wrap-up end. Also: the call they ring for or talk on, since
 * when they are idle, until when they rest after a missed offer, their offers missed in a row, how many queue calls
 * they answered and how long they talked since start (for the strategies that share the work), and their day
 * ({@link AgentDay}).
 *
 * <p>Every change of state goes through {@link #enter}, which books the time spent in the state left: the day's
 * times add up to the time elapsed. Every change that may make the agent free to be offered a call, or no longer
 * (the state, a rest, the skills), is told to the {@link Watcher}: the roster keeps its index of free members
 * with it.
 *
 * <p>A static member (a queue's {@code members:} extension) is an agent whose id is its extension, logged in there
 * for good: it may pause, not log out.
 */
final class Agent {

    /** Hears of each change that may make the agent free to be offered a call, or no longer; after the change. */
    interface Watcher {
        void changed(Agent a);
    }

    final String id;
    final String name;
    final boolean fixed;
    private AgentState state;
    private PauseReason reason;
    private Instant stateSince;
    PendingChange pending = PendingChange.NONE;
    /** The reason of a pending pause. */
    PauseReason pendingReason;
    /** Where the agent is logged in; null when logged out. */
    String extension;
    /** Where the agent was logged in last (a late answer to an offer withdrawn at log-out rings there). */
    String lastExtension;
    /** The agent's skills (static members have theirs per queue). */
    private Map<String, Integer> skills;
    /** The agent's own wrap-up, instead of the queue's. */
    final Optional<Duration> wrapUp;
    /** The call being offered or talked on. */
    String call;
    Instant idleSince;
    /** Not offered calls before this, after missing an offer; null when not resting. */
    private Instant restingUntil;
    /** Offers missed since the last one answered. */
    int missedInARow;
    /** Queue calls answered since start. */
    long answered;
    /** Time talked on queue calls since start, the call now talked on not yet counted. */
    Duration talked = Duration.ZERO;
    /** When the agent's wrap-up ends; meaningful only in {@link AgentState#WRAP_UP}. */
    Instant wrapUpEnds;
    /** Since when the agent talks on {@link #call}; null when not talking. */
    Instant talkingSince;
    final AgentDay today;
    /** The queues the agent is a member of, in the order configured. */
    final List<AcdQueue> queues = new ArrayList<>();
    private final Watcher watcher;
    /** In the free members of its queues ({@link AgentRoster} keeps it). */
    boolean free;
    /** Among the agents who may have become free since the last dispatch ({@link AgentRoster} keeps it). */
    boolean woken;

    Agent(String id, String name, boolean fixed, Map<String, Integer> skills, Optional<Duration> wrapUp,
          ZoneId zone, Instant now, Watcher watcher) {
        this.id = id;
        this.watcher = watcher;
        this.name = name;
        this.fixed = fixed;
        this.skills = new HashMap<>(skills);
        this.wrapUp = wrapUp;
        this.today = new AgentDay(zone, now);
        this.stateSince = now;
        this.idleSince = now;
        if (fixed) {
            this.extension = id;
            this.lastExtension = id;
            this.state = AgentState.AVAILABLE;
        } else {
            this.state = AgentState.LOGGED_OUT;
        }
    }

    AgentState state() {
        return state;
    }

    /** The pause reason; null unless paused. */
    PauseReason reason() {
        return reason;
    }

    Instant stateSince() {
        return stateSince;
    }

    /** Leaves the current state for {@code next} at {@code now}, booking the time spent in the one left. */
    void enter(AgentState next, PauseReason why, Instant now) {
        today.spent(state, reason, stateSince, now);
        state = next;
        reason = next == AgentState.PAUSED ? why : null;
        stateSince = now;
        watcher.changed(this);
    }

    /** Logged in at {@code at}: available, and idle from now. */
    void login(String at, Instant now) {
        extension = at;
        lastExtension = at;
        call = null;
        restingUntil = null;
        missedInARow = 0;
        idleSince = now;
        enter(AgentState.AVAILABLE, null, now);
    }

    void logout(Instant now) {
        extension = null;
        call = null;
        pending = PendingChange.NONE;
        pendingReason = null;
        enter(AgentState.LOGGED_OUT, null, now);
    }

    void pause(PauseReason why, Instant now) {
        call = null;
        restingUntil = null;
        enter(AgentState.PAUSED, why, now);
    }

    /** Back from a pause: available, idle from now. */
    void unpause(Instant now) {
        idleSince = now;
        missedInARow = 0;
        enter(AgentState.AVAILABLE, null, now);
    }

    /** Offered {@code callId}: the agent's phones ring for it. */
    void ring(String callId, Instant now) {
        call = callId;
        today.offered(now);
        enter(AgentState.RESERVED, null, now);
    }

    /** Answered {@code callId} at {@code now}: the agent talks on it, one more call answered. */
    void onCall(String callId, Instant now) {
        call = callId;
        answered++;
        missedInARow = 0;
        talkingSince = now;
        today.answered(now);
        enter(AgentState.ON_CALL, null, now);
    }

    /** The call talked on ended at {@code now}: its time counts as talked. Wrap-up or idle follows. */
    void hungUp(Instant now) {
        if (talkingSince != null) {
            Duration d = Duration.between(talkingSince, now);
            talked = talked.plus(d);
            today.talked(d, now);
            talkingSince = null;
        }
    }

    /** Back to available after an offer that went nowhere: the idle time keeps counting from before the offer. */
    void offerEnded(Instant now) {
        call = null;
        enter(AgentState.AVAILABLE, null, now);
    }

    /** The queue call is over: the agent wraps up, offered nothing until the wrap-up timer. */
    void wrapUp(Instant now) {
        call = null;
        enter(AgentState.WRAP_UP, null, now);
    }

    /** Available again after a queue call (and its wrap-up): the idle time counts from {@code now}. */
    void availableFrom(Instant now) {
        call = null;
        idleSince = now;
        enter(AgentState.AVAILABLE, null, now);
    }

    Map<String, Integer> skills() {
        return skills;
    }

    /** The agent's skills are {@code skills} from now on. */
    void skills(Map<String, Integer> skills) {
        this.skills = new HashMap<>(skills);
        watcher.changed(this);
    }

    /** Until when the agent rests after a missed offer; null when not resting. */
    Instant restingUntil() {
        return restingUntil;
    }

    /** Missed an offer: offered no call before {@code until}. */
    void rest(Instant until) {
        restingUntil = until;
        watcher.changed(this);
    }

    /** The rest is over (its timer fired). */
    void stopResting() {
        restingUntil = null;
        watcher.changed(this);
    }

    /** Whether this agent's phones ring for {@code callId} now. */
    boolean ringsFor(String callId) {
        return state == AgentState.RESERVED && callId.equals(call);
    }

    /** On a queue call or wrapping up one: a pause or log-out asked for now waits for both to end. */
    boolean working() {
        return state == AgentState.ON_CALL || state == AgentState.WRAP_UP;
    }

    /** How a strategy sees this agent, the member at {@code position} of a queue, with its {@code skills} there. */
    FreeAgent asFree(int position, Map<String, Integer> skills) {
        return new FreeAgent(id, position, skills, idleSince, answered, talked);
    }

    /** Available and not resting: the agent may be offered a call at {@code now} (its extension free). */
    boolean available(Instant now) {
        return state == AgentState.AVAILABLE && (restingUntil == null || !now.isBefore(restingUntil));
    }

    /** What a supervisor sees of this agent at {@code now}. */
    AgentStatus status(Instant now) {
        return new AgentStatus(id, name, fixed, state, Optional.ofNullable(reason).map(PauseReason::name),
                Optional.ofNullable(extension), pending, Optional.ofNullable(pendingReason).map(PauseReason::name),
                stateSince, Optional.ofNullable(call), missedInARow, fixed ? Map.of() : skills, day(now));
    }

    /** Today's figures at {@code now}. */
    AgentDayStats day(Instant now) {
        return today.snapshot(state, reason, stateSince, now);
    }
}
