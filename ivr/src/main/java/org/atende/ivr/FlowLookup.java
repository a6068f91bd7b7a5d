package org.atende.ivr;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

import org.atende.config.flow.Node;

/**
 * A look-up node's round trip: the {@link IvrCommand.Lookup} with its URL and body resolved from the variables,
 * a guard timer over the look-up's whole time budget plus {@link FlowSession#LOOKUP_GRACE}, and the outcome
 * logged, a success's fields set as variables. Not thread-safe: owned by the session's thread.
 */
final class FlowLookup {

    private final SessionIo io;
    private final CallVariables variables;
    private Instant started;

    FlowLookup(SessionIo io, CallVariables variables) {
        this.io = io;
        this.variables = variables;
    }

    void start(Node.Lookup l) {
        long id = io.newLookupId();
        started = io.now();
        io.emit(new IvrCommand.Lookup(id, l.method(), Templates.resolveUrl(l.url(), variables.asMap()),
                l.body().map(b -> Templates.resolveJson(b, variables.asMap())), l.timeout(), l.retries(),
                l.fields()));
        io.startTimer(l.timeout().multipliedBy(l.retries() + 1L).plus(FlowSession.LOOKUP_GRACE));
    }

    /** How long the current look-up has taken so far. */
    long elapsedMs() {
        return Duration.between(started, io.now()).toMillis();
    }

    /** The look-up answered: the fields {@code l} asked for become variables (in name order). */
    void succeeded(Node.Lookup l, IvrEvent.LookupSucceeded s) {
        io.lookupDone();
        io.cancelTimer();
        io.log(new Journey.LookupFinished(io.now(), l.name(), true, "", s.latencyMs()));
        new TreeMap<>(s.values()).forEach((name, value) -> {
            if (l.fields().containsKey(name)) {
                variables.set(name, value);
            }
        });
    }

    /** The look-up failed, or its guard timer fired. */
    void failed(Node.Lookup l, String reason, long latencyMs) {
        io.lookupDone();
        io.cancelTimer();
        io.log(new Journey.LookupFinished(io.now(), l.name(), false, reason, latencyMs));
    }
}
