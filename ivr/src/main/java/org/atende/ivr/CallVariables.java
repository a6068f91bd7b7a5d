package org.atende.ivr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flow session's call variables (initial, set, collected, looked up), in the order first set; each value set is
 * logged to the journey. Not thread-safe: owned by the session's thread.
 */
final class CallVariables {

    private final SessionIo io;
    private final Map<String, String> values;
    private final Map<String, String> view;

    CallVariables(Map<String, String> initial, SessionIo io) {
        this.io = io;
        this.values = new LinkedHashMap<>(initial);
        this.view = Collections.unmodifiableMap(values);
    }

    void set(String name, String value) {
        values.put(name, value);
        io.log(new Journey.VariableSet(io.now(), name, value));
    }

    /** The variables now, read-only and live. */
    Map<String, String> asMap() {
        return view;
    }

    /** A copy of the variables with {@code name} set to {@code value}, not logged (what a confirmation speaks). */
    Map<String, String> with(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put(name, value);
        return all;
    }
}
