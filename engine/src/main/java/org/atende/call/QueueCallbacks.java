package org.atende.call;

import java.time.Clock;
import java.util.Map;
import org.atende.acd.AcdCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACD's callback decisions carried out on the ACD thread: one log line each (never more of the number than its
 * last digits), and the pending callbacks mirrored in the {@link CallbackStore} so that they survive a restart:
 * put when taken, put again with its attempts when one failed, removed when answered or given up.
 */
final class QueueCallbacks {

    private static final Logger log = LoggerFactory.getLogger(QueueService.class);

    private final Clock clock;
    /** Null until the engine's start gives it (tests without a data directory keep none). */
    private CallbackStore store;
    /** The write of each callback taken, until asked for ({@link #saved}). */
    private final Map<String, java.util.concurrent.CompletableFuture<Void>> writes = new java.util.HashMap<>();

    QueueCallbacks(Clock clock) {
        this.clock = clock;
    }

    void keepIn(CallbackStore store) {
        this.store = store;
    }

    /** One of the callback commands, with the members by call id. */
    void apply(AcdCommand command, Map<String, QueueService.Member> members) {
        if (command instanceof AcdCommand.CallbackQueued q) {
            log.info("call {}: callback to …{} taken in queue {}, at position {}", q.callId(), last(q.number()),
                    q.queue(), q.position());
            java.util.concurrent.CompletableFuture<Void> write = save(members.get(q.callId()), 0, null);
            if (write != null) {
                writes.put(q.callId(), write);
            }
        } else if (command instanceof AcdCommand.CallbackRefused r) {
            log.info("call {}: callback refused by queue {}: {}", r.callId(), r.queue(), r.reason());
        } else if (command instanceof AcdCommand.CallbackRetry r) {
            log.info("callback {} in queue {}: attempt {} failed ({}); next in {} s", r.callId(), r.queue(),
                    r.attempts(), r.reason(), r.after().toSeconds());
            save(members.get(r.callId()), r.attempts(), clock.instant().plus(r.after()));
        } else if (command instanceof AcdCommand.CallbackFailed f) {
            log.warn("callback {} in queue {} given up after {} attempt(s): {}", f.callId(), f.queue(), f.attempts(),
                    f.reason());
            members.remove(f.callId());
            forget(f.callId());
        }
    }

    /** The customer answered: the callback is no longer pending. */
    void answered(String callId) {
        forget(callId);
    }

    /** The write of the callback {@code callId} just taken (completes at once when there is none, or no store). */
    java.util.concurrent.CompletableFuture<Void> saved(String callId) {
        java.util.concurrent.CompletableFuture<Void> write = writes.remove(callId);
        return write == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : write;
    }

    private java.util.concurrent.CompletableFuture<Void> save(QueueService.Member member, int attempts,
                                                              java.time.Instant notBefore) {
        if (store == null || !(member instanceof CallbackMember m)) {
            return null;
        }
        CallbackMember.Callback c = m.callback();
        return store.put(new CallbackStore.Pending(c.callId(), c.queue(), c.number(), c.dialled(), c.variables(),
                c.requestedAt(), attempts, notBefore));
    }

    private void forget(String callId) {
        if (store != null) {
            store.remove(callId);
        }
    }

    private static String last(String number) {
        return number.length() <= 4 ? number : number.substring(number.length() - 4);
    }
}
