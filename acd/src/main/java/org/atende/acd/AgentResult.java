package org.atende.acd;

import java.util.List;

/**
 * What an agent operation (log in, log out, pause, unpause) did, and the commands it gave.
 *
 * @param outcome  done, waiting for the call to end, or why not
 * @param commands for the engine to carry out, as every ACD event's
 */
public record AgentResult(Outcome outcome, List<AcdCommand> commands) {

    public enum Outcome {
        /** Done now. */
        DONE,
        /** Asked for during a call: done once the call and its wrap-up end. */
        PENDING,
        /** Already so (logged in there, paused for that reason, not paused): nothing changed. */
        UNCHANGED,
        /** No such agent. */
        UNKNOWN_AGENT,
        /** The agent is not logged in. */
        NOT_LOGGED_IN,
        /** The agent is on a call or wrapping up elsewhere and cannot move now. */
        BUSY,
        /** Another agent is logged in at that extension and on a call there. */
        EXTENSION_TAKEN,
        /** A queue's static member: always logged in at its extension. */
        STATIC_MEMBER
    }

    public AgentResult {
        commands = List.copyOf(commands);
    }

    public boolean succeeded() {
        return outcome == Outcome.DONE || outcome == Outcome.PENDING || outcome == Outcome.UNCHANGED;
    }
}
