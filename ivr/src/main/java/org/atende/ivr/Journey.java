package org.atende.ivr;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.atende.config.flow.Node.Target;

/**
 * What happened in one IVR (or survey) session, step by step, for the call record: nodes entered, keys pressed
 * (with time and duration) and which node used them, rejected input, decisions, variables set, look-ups with
 * their latency, and how it ended.
 *
 * @param steps in the order they happened
 */
public record Journey(List<Step> steps) {

    public Journey {
        steps = List.copyOf(steps);
    }

    /** How the session ended, if it has. */
    public Optional<Ended> ending() {
        return steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Ended e) ? Optional.empty() : Optional.of(e);
    }

    /** One step; every step carries the clock's instant. */
    public sealed interface Step {
        Instant at();
    }

    /** The session moved to a node ({@code flow} is "survey" for survey questions, named by their variable). */
    public record NodeEntered(Instant at, String flow, String node) implements Step {
    }

    /** The caller pressed a key. */
    public record DigitPressed(Instant at, char digit, long durationMs) implements Step {
    }

    /** A menu, collect or survey question consumed a key (keys are consumed in the order pressed). */
    public record DigitUsed(Instant at, String node, char digit) implements Step {
    }

    /** Input a node did not accept: {@code invalid}, {@code no input}, {@code too short}, {@code rule}, {@code not confirmed}. */
    public record InputRejected(Instant at, String node, String reason) implements Step {
    }

    /** A schedule or branch decision, or a collect/menu giving up ({@code onFailure}). */
    public record Decided(Instant at, String node, String outcome) implements Step {
    }

    /** A variable got a value. */
    public record VariableSet(Instant at, String name, String value) implements Step {
    }

    /** A look-up's outcome: {@code detail} is the failure reason, or empty on success. */
    public record LookupFinished(Instant at, String node, boolean succeeded, String detail, long latencyMs)
            implements Step {
    }

    /** How the session ended; {@code target} is set when routed. */
    public record Ended(Instant at, Outcome outcome, String detail, Optional<Target> target) implements Step {
        public Ended {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(target, "target");
        }
    }

    /** The ways a session ends. */
    public enum Outcome {
        /** A route node sent the caller on. */
        ROUTED,
        /** A hangup node (or the end of a survey) hung up. */
        HUNG_UP,
        /** The caller hung up first. */
        CALLER_HUNG_UP,
        /** A safety limit or a broken reference ended the call (idle loop, flow hops, unknown flow). */
        FAILED
    }
}
