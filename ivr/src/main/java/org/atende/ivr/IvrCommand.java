package org.atende.ivr;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.atende.config.flow.Node.Target;
import org.atende.config.flow.Prompt;

/**
 * What an IVR session asks the engine to do. Ids are unique within a session; the engine echoes them in
 * {@link IvrEvent}s. {@link RouteTo} and {@link Hangup} are always the last command of a session: the engine drops
 * whatever timer, playback or look-up the session still had.
 */
public sealed interface IvrCommand {

    /**
     * Play prompts in order. {@code values} holds the value of every variable a {@link Prompt.SayDigits} in
     * {@code prompts} speaks (snapshotted now, so the engine needs no access to the session's variables).
     * An interruptible playback is stopped by the session itself (with {@link StopPlayback}) on a key press.
     */
    record Play(long playbackId, List<Prompt> prompts, boolean interruptible, Map<String, String> values)
            implements IvrCommand {
        public Play {
            prompts = List.copyOf(prompts);
            values = Map.copyOf(values);
        }
    }

    /** Stop a playback early; no {@link IvrEvent.PromptFinished} is expected for it. */
    record StopPlayback(long playbackId) implements IvrCommand {
    }

    /** Start a one-shot timer; the engine answers with {@link IvrEvent.TimerFired}. */
    record StartTimer(long timerId, Duration after) implements IvrCommand {
        public StartTimer {
            Objects.requireNonNull(after, "after");
        }
    }

    /** Cancel a timer (a late {@link IvrEvent.TimerFired} for it is ignored anyway). */
    record CancelTimer(long timerId) implements IvrCommand {
    }

    /**
     * Run a CRM look-up off the event loop: {@code method} to {@code url} (already resolved and URL-encoded), with
     * {@code body} for POST; each attempt times out after {@code timeout}, failures are retried {@code retries}
     * times. {@code fields} maps variable names to JSON Pointers into the reply; the engine answers with
     * {@link IvrEvent.LookupSucceeded} (values by variable name) or {@link IvrEvent.LookupFailed}.
     */
    record Lookup(long lookupId, String method, String url, Optional<String> body, Duration timeout, int retries,
            Map<String, String> fields) implements IvrCommand {
        public Lookup {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(timeout, "timeout");
            fields = Map.copyOf(fields);
        }
    }

    /** The flow is done: send the caller to {@code target} with the call's variables (skills, priority, customer data…). */
    record RouteTo(Target target, Map<String, String> variables) implements IvrCommand {
        public RouteTo {
            Objects.requireNonNull(target, "target");
            variables = Map.copyOf(variables);
        }
    }

    /** The flow is done: play {@code goodbye} (possibly empty; values as in {@link Play}), then hang up. */
    record Hangup(List<Prompt> goodbye, Map<String, String> values) implements IvrCommand {
        public Hangup {
            goodbye = List.copyOf(goodbye);
            values = Map.copyOf(values);
        }
    }
}
