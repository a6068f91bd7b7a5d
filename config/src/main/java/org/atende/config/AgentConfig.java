package org.atende.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A contact-center agent: a person, not a phone. They log in at any registered extension (hot desking) with their
 * number and PIN, and the queues they serve ring that extension while they are logged in.
 *
 * @param id       the agent number, keyed to log in ({@code 2001})
 * @param name     shown to supervisors (the id when not written)
 * @param pin      the secret keyed after the agent number; outside demo mode at least 4 digits, not the agent
 *                 number, from the environment
 * @param skills   skill name to level (1-10)
 * @param queues   the queues served, in the order written, each with its penalty (0 first: an agent with a
 *                 higher penalty is offered a queue's call only when nobody with a lower one is free)
 * @param wrapUp   the agent's own wrap-up after a queue call, instead of the queue's
 * @param startAt  demo only: the extension the agent is logged in at when the engine starts
 */
public record AgentConfig(String id, String name, String pin, Map<String, Integer> skills,
                          Map<String, Integer> queues, Optional<Duration> wrapUp, Optional<String> startAt) {

    /** The highest penalty an agent may have in a queue. */
    public static final int MAX_PENALTY = 9;

    public AgentConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(wrapUp, "wrapUp");
        Objects.requireNonNull(startAt, "startAt");
        skills = Map.copyOf(skills);
        queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    }

    /** The PIN is a secret: never printed. */
    @Override
    public String toString() {
        return "AgentConfig[id=" + id + ", name=" + name + ", skills=" + skills + ", queues=" + queues + "]";
    }
}
