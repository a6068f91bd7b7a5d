package org.atende.ivr;

import java.util.Map;
import java.util.Objects;

/**
 * What happened on the call, as told to an IVR session by the engine (on the call's event loop). Events carry the
 * id of the playback, timer or look-up they answer, so a session can ignore stale ones (a timer it already
 * cancelled, a playback it already replaced).
 */
public sealed interface IvrEvent {

    /** A {@link IvrCommand.Play} ran to its end (not sent after a {@link IvrCommand.StopPlayback}, but harmless if it is). */
    record PromptFinished(long playbackId) implements IvrEvent {
    }

    /** The caller pressed a key ({@code 0-9 * # A-D}); {@code durationMs} is how long it was held. */
    record DigitReceived(char digit, long durationMs) implements IvrEvent {
    }

    /** A {@link IvrCommand.StartTimer} elapsed. */
    record TimerFired(long timerId) implements IvrEvent {
    }

    /** A {@link IvrCommand.Lookup} succeeded; {@code values} maps variable names to the values the reply gave. */
    record LookupSucceeded(long lookupId, Map<String, String> values, long latencyMs) implements IvrEvent {
        public LookupSucceeded {
            values = Map.copyOf(values);
        }
    }

    /** A {@link IvrCommand.Lookup} failed after its retries (timeout, HTTP error, bad JSON…). */
    record LookupFailed(long lookupId, String reason, long latencyMs) implements IvrEvent {
        public LookupFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The caller went away; the session ends without further commands. */
    record CallerHungUp() implements IvrEvent {
    }
}
