package org.atende.metrics;

import java.util.Set;

/** The tag keys the catalogues may use, each naming a bounded set of values. */
public final class TagKeys {

    /** {@code udp}, {@code tcp}, {@code tls}. */
    public static final String TRANSPORT = "transport";
    /** A SIP method Atende knows, or {@code other}. */
    public static final String METHOD = "method";
    /** A configured queue's name (fixed at start). */
    public static final String QUEUE = "queue";

    /** An event loop's index, 0 to the number of loops less one (fixed at start). */
    public static final String LOOP = "loop";

    /** A rate limit: {@code register}, {@code invite}, {@code other}. */
    public static final String LIMIT = "limit";

    /** A configured trunk's name (fixed at start). */
    public static final String TRUNK = "trunk";

    /** Every key above: a catalogue entry naming another fails the catalogue test. */
    /** An agent state ({@code available}, {@code paused}, …): six values. */
    public static final String STATE = "state";

    public static final Set<String> ALLOWED = Set.of(TRANSPORT, METHOD, QUEUE, LOOP, LIMIT, TRUNK, STATE);

    private TagKeys() {
    }
}
