package org.atende.acd;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.config.AgentConfig;
import org.atende.config.QueueConfig;

/**
 * Every agent by id, in the order the configuration first names them (the queues' static members, then the
 * {@code agents:}); who is logged in at which extension; and how many calls outside the queues each extension is
 * on (an agent is offered nothing while their extension is on one).
 */
final class AgentRoster {

    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Agent> byExtension = new HashMap<>();
    private final Map<String, Integer> otherCalls = new HashMap<>();

    AgentRoster(Collection<QueueConfig> queues, Collection<AgentConfig> configs, ZoneId zone, Instant now) {
        for (QueueConfig config : queues) {
            for (QueueConfig.Member m : config.members()) {
                agents.computeIfAbsent(m.extension(), e -> {
                    Agent a = new Agent(e, e, true, Map.of(), Optional.empty(), zone, now);
                    byExtension.put(e, a);
                    return a;
                });
            }
        }
        for (AgentConfig c : configs) {
            if (agents.containsKey(c.id())) {
                throw new IllegalArgumentException("agent " + c.id() + " is also a queue's static member");
            }
            agents.put(c.id(), new Agent(c.id(), c.name(), false, c.skills(), c.wrapUp(), zone, now));
        }
    }

    /** The agent {@code id}, or null. */
    Agent get(String id) {
        return agents.get(id);
    }

    /** The agent logged in at {@code extension}, or null. */
    Agent at(String extension) {
        return byExtension.get(extension);
    }

    Collection<Agent> all() {
        return agents.values();
    }

    /** {@code a} is logged in at {@code extension} now (and no longer where it was). */
    void seat(Agent a, String extension) {
        if (a.extension != null) {
            byExtension.remove(a.extension, a);
        }
        byExtension.put(extension, a);
    }

    /** {@code a} logged out. */
    void unseat(Agent a) {
        if (a.extension != null) {
            byExtension.remove(a.extension, a);
        }
    }

    /** Counts a call outside the queues starting ({@code busy}) or ending at {@code extension}. */
    boolean otherCall(String extension, boolean busy) {
        int n = otherCalls.getOrDefault(extension, 0);
        if (busy) {
            otherCalls.put(extension, n + 1);
            return true;
        }
        if (n == 0) {
            return false;
        }
        if (n == 1) {
            otherCalls.remove(extension);
        } else {
            otherCalls.put(extension, n - 1);
        }
        return true;
    }

    int otherCalls(String extension) {
        return extension == null ? 0 : otherCalls.getOrDefault(extension, 0);
    }

    /** The agents who may be offered a call at {@code now}: available, not resting, their extension on no call. */
    List<Agent> free(Instant now) {
        List<Agent> free = new ArrayList<>();
        for (Agent a : agents.values()) {
            if (a.available(now) && otherCalls(a.extension) == 0) {
                free.add(a);
            }
        }
        return free;
    }
}
