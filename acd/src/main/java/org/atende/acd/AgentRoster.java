package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atende.config.QueueConfig;

/**
 * The agents of every queue, by extension, in the order the configuration first names them (an agent serving
 * several queues is one agent), and which of them are free to be offered a call.
 */
final class AgentRoster {

    private final Map<String, Agent> agents = new LinkedHashMap<>();

    AgentRoster(Collection<QueueConfig> configs, Instant now) {
        for (QueueConfig config : configs) {
            for (QueueConfig.Member m : config.members()) {
                agents.computeIfAbsent(m.extension(), e -> new Agent(e, now));
            }
        }
    }

    /** The agent at {@code extension}, or null when it serves no queue. */
    Agent get(String extension) {
        return agents.get(extension);
    }

    /** The agents who may be offered a call at {@code now} (see {@link Agent#available}), in roster order. */
    List<Agent> free(Instant now) {
        List<Agent> free = new ArrayList<>();
        for (Agent a : agents.values()) {
            if (a.available(now)) {
                free.add(a);
            }
        }
        return free;
    }
}
