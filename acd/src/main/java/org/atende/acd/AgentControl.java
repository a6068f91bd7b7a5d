package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.AgentResult.Outcome;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;

/**
 * The agents' own operations: log in (at any extension: hot desking), log out, pause with a reason, unpause,
 * change skills, and what happens when a queue call and its wrap-up end (a pending pause or log-out is carried
 * out). An offer ringing when the agent pauses or logs out is withdrawn; a call being talked on or wrapped up is
 * never cut: the change waits for it ({@link PendingChange}). Every log-out, however it comes, is told to a
 * {@link LoggedOut} (a queue nobody is logged in to may send its callers away).
 */
final class AgentControl {

    /** Hears of each agent who logged out, after the change. */
    interface LoggedOut {
        void loggedOut(Agent a, Instant now, List<AcdCommand> out);
    }

    private final AgentRoster roster;
    private final QueueCalls calls;
    private final Offers offers;
    private final LoggedOut loggedOut;

    AgentControl(AgentRoster roster, QueueCalls calls, Offers offers, LoggedOut loggedOut) {
        this.roster = roster;
        this.calls = calls;
        this.offers = offers;
        this.loggedOut = loggedOut;
    }

    /** {@code agent} logs in at {@code extension}; logging in elsewhere moves them. */
    Outcome login(Agent a, String extension, Instant now, String cause, List<AcdCommand> out) {
        if (a.fixed) {
            return Outcome.STATIC_MEMBER;
        }
        if (extension.equals(a.extension) && a.state() != AgentState.LOGGED_OUT) {
            return Outcome.UNCHANGED;
        }
        if (a.working()) {
            return Outcome.BUSY; // on a call at the old extension: it is not cut, nor moved
        }
        Agent there = roster.at(extension);
        if (there != null && there != a) {
            if (there.fixed || there.working() || there.state() == AgentState.RESERVED) {
                return Outcome.EXTENSION_TAKEN;
            }
            // a desk shared by shifts: the one who forgot to log out is logged out
            roster.unseat(there);
            there.logout(now);
            changed(there, "replaced at " + extension + " by agent " + a.id, out);
        } else {
            there = null;
        }
        if (a.state() == AgentState.RESERVED) {
            offers.withdraw(a, calls.waiting(a.call), out);
        }
        roster.seat(a, extension);
        a.login(extension, now);
        changed(a, cause, out);
        if (there != null) {
            loggedOut.loggedOut(there, now, out); // told once the one replacing them is in: they may serve it
        }
        return Outcome.DONE;
    }

    Outcome logout(Agent a, Instant now, String cause, List<AcdCommand> out) {
        if (a.fixed) {
            return Outcome.STATIC_MEMBER;
        }
        if (a.state() == AgentState.LOGGED_OUT) {
            return Outcome.UNCHANGED;
        }
        if (a.working()) {
            a.pending = PendingChange.LOGOUT;
            a.pendingReason = null;
            changed(a, cause, out);
            return Outcome.PENDING;
        }
        if (a.state() == AgentState.RESERVED) {
            offers.withdraw(a, calls.waiting(a.call), out);
        }
        roster.unseat(a);
        a.logout(now);
        changed(a, cause, out);
        loggedOut.loggedOut(a, now, out);
        return Outcome.DONE;
    }

    Outcome pause(Agent a, PauseReason reason, Instant now, String cause, List<AcdCommand> out) {
        switch (a.state()) {
            case LOGGED_OUT -> {
                return Outcome.NOT_LOGGED_IN;
            }
            case PAUSED -> {
                if (a.reason().equals(reason)) {
                    return Outcome.UNCHANGED;
                }
                a.pause(reason, now); // the time so far is booked under the old reason
            }
            case ON_CALL, WRAP_UP -> {
                a.pending = PendingChange.PAUSE;
                a.pendingReason = reason;
                changed(a, cause, out);
                return Outcome.PENDING;
            }
            case RESERVED -> {
                offers.withdraw(a, calls.waiting(a.call), out);
                a.pause(reason, now);
            }
            case AVAILABLE -> a.pause(reason, now);
        }
        changed(a, cause, out);
        return Outcome.DONE;
    }

    Outcome unpause(Agent a, Instant now, String cause, List<AcdCommand> out) {
        if (a.state() == AgentState.LOGGED_OUT) {
            return Outcome.NOT_LOGGED_IN;
        }
        if (a.pending == PendingChange.PAUSE) {
            a.pending = PendingChange.NONE;
            a.pendingReason = null;
            changed(a, cause, out);
            return Outcome.DONE;
        }
        if (a.state() != AgentState.PAUSED) {
            return Outcome.UNCHANGED;
        }
        a.unpause(now);
        changed(a, cause, out);
        return Outcome.DONE;
    }

    /**
     * {@code a} missed an offer of a call from {@code queue} (null: the call is gone): after the queue's
     * {@code max_no_answer} misses in a row they are paused with reason {@code no_answer}; otherwise they rest for
     * the ring timeout before the next offer.
     */
    void missed(Agent a, QueueConfig queue, String why, Instant now, List<AcdCommand> out) {
        a.today.missed(now);
        a.missedInARow++;
        int limit = queue != null ? queue.maxNoAnswer() : QueueConfig.DEFAULT_MAX_NO_ANSWER;
        if (limit > 0 && a.missedInARow >= limit) {
            int missed = a.missedInARow;
            a.pause(PauseReason.NO_ANSWER, now);
            changed(a, missed + " offers missed in a row (last: " + why + ")", out);
            return;
        }
        Duration rest = queue != null ? queue.ringTimeout() : QueueConfig.DEFAULT_RING_TIMEOUT;
        a.rest(now.plus(rest));
        out.add(new AcdCommand.StartTimer(new AcdTimer(AcdTimer.Kind.REST, a.id), rest));
    }

    Outcome skills(Agent a, Map<String, Integer> skills) {
        if (a.fixed) {
            return Outcome.STATIC_MEMBER; // its skills are per queue, in the configuration
        }
        a.skills(skills);
        return Outcome.DONE;
    }

    /** One of the operations above on an agent, giving commands. */
    interface Operation {
        Outcome apply(Agent a, List<AcdCommand> out);
    }

    /** Runs {@code op} on {@code a} (null: no such agent), then {@code dispatch}es what it freed up. */
    AgentResult operate(Agent a, Operation op, java.util.function.Consumer<List<AcdCommand>> dispatch) {
        if (a == null) {
            return new AgentResult(Outcome.UNKNOWN_AGENT, List.of());
        }
        List<AcdCommand> out = new java.util.ArrayList<>();
        Outcome outcome = op.apply(a, out);
        dispatch.accept(out);
        return new AgentResult(outcome, out);
    }

    /** The agent's queue call and its wrap-up are over: available, or the pause or log-out they asked for. */
    void workDone(Agent a, Instant now, List<AcdCommand> out) {
        PendingChange pending = a.pending;
        a.pending = PendingChange.NONE;
        switch (pending) {
            case PAUSE -> {
                a.pause(a.pendingReason, now);
                a.pendingReason = null;
                changed(a, "asked for during the call", out);
            }
            case LOGOUT -> {
                roster.unseat(a);
                a.logout(now);
                changed(a, "asked for during the call", out);
                loggedOut.loggedOut(a, now, out);
            }
            case NONE -> a.availableFrom(now);
        }
    }

    /**
     * {@code a} answered an offer that had been withdrawn when they paused or logged out (their 200 OK crossed the
     * CANCEL): they talk on it now, and the pause or log-out waits for the call to end.
     */
    void answeredAfterLeaving(Agent a) {
        if (a.state() == AgentState.PAUSED) {
            a.pending = PendingChange.PAUSE;
            a.pendingReason = a.reason();
        } else if (a.state() == AgentState.LOGGED_OUT) {
            a.pending = PendingChange.LOGOUT;
            a.extension = a.lastExtension;
            if (roster.at(a.extension) == null) {
                roster.seat(a, a.extension);
            }
        }
    }

    static void changed(Agent a, String cause, List<AcdCommand> out) {
        out.add(new AcdCommand.AgentChanged(a.id, a.state(), a.state() == AgentState.PAUSED ? a.reason().name()
                : a.pending == PendingChange.PAUSE ? a.pendingReason.name() : null, a.extension, a.pending, cause));
    }
}
