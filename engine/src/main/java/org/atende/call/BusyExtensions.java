package org.atende.call;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The extensions one call keeps busy for the ACD: its caller when an extension, its callee outside a queue. No
 * queue call rings them meanwhile. An extension is marked before its contacts are looked up, so before its phones
 * ring: a queue offer checks it at ring time, on the same owner. Runs on the call's event loop only.
 */
final class BusyExtensions {

    private final CallHost host;
    private final Set<String> extensions = new HashSet<>();

    BusyExtensions(CallHost host) {
        this.host = host;
    }

    /** {@code extension} is on this call (not a queue call); nothing to mark when no queue is configured. */
    void mark(String extension) {
        if (host.queues() != null && extensions.add(extension)) {
            host.otherCall(extension, true);
        }
    }

    /** {@code extension} left this call (the agent hung up first and a survey follows). */
    void release(String extension) {
        if (extensions.remove(extension)) {
            host.otherCall(extension, false);
        }
    }

    /** The call ended. */
    void releaseAll() {
        List.copyOf(extensions).forEach(this::release);
    }
}
