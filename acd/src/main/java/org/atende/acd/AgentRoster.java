package org.atende.acd;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.atende.acd.Acd.AgentState;
import org.atende.config.AgentConfig;
import org.atende.config.QueueConfig;

/**
 * Every agent by id, in the order the configuration first names them (the queues' static members, then the
 * {@code agents:}); who is logged in at which extension; and how many calls outside the queues each extension is
 * on (an agent is offered nothing while their extension is on one).
 *
 * <p>Also who may be offered a call, so that a decision looks at the few agents concerned and not at every one:
 * each queue's free members (available, their extension on no other call; a rest is checked when they are picked,
 * as it ends with the clock), and the agents who may have become free since the last dispatch (woken), those whose
 * rest ended included. Both are kept in one place, {@link #changed}, which every {@link Agent} calls after a change
 * of state, rest or skills, and this roster after a change of the calls outside the queues.
 */
final class AgentRoster implements Agent.Watcher {

    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Agent> byExtension = new HashMap<>();
    private final Map<String, Integer> otherCalls = new HashMap<>();
    /** Each queue's members with their agents. */
    private final Map<AcdQueue, List<Member>> members = new IdentityHashMap<>();
    /** Each queue's free members, resting ones included. */
    private final Map<AcdQueue, Set<Agent>> free = new IdentityHashMap<>();
    private int freeCount;
    /** Free agents who may have become free since the last dispatch (state, rest, skills, extension). */
    private List<Agent> woken = new ArrayList<>();
    private List<Agent> spare = new ArrayList<>();
    /** The rests under way, by their end: the clock alone ends a rest, and the agent may be offered calls again. */
    private final PriorityQueue<Rest> rests = new PriorityQueue<>(Comparator.comparing(Rest::until));

    /** The agents of {@code queues} (their static members) and {@code configs}; each knows the queues it serves. */
    AgentRoster(Collection<AcdQueue> queues, Collection<AgentConfig> configs, ZoneId zone, Instant now) {
        for (AcdQueue q : queues) {
            for (QueueConfig.Member m : q.config.members()) {
                agents.computeIfAbsent(m.extension(), e -> {
                    Agent a = new Agent(e, e, true, Map.of(), Optional.empty(), zone, now, this);
                    byExtension.put(e, a);
                    return a;
                });
            }
        }
        for (AgentConfig c : configs) {
            if (agents.containsKey(c.id())) {
                throw new IllegalArgumentException("agent " + c.id() + " is also a queue's static member");
            }
            agents.put(c.id(), new Agent(c.id(), c.name(), false, c.skills(), c.wrapUp(), zone, now, this));
        }
        for (AcdQueue q : queues) {
            free.put(q, new LinkedHashSet<>());
            List<Member> in = new ArrayList<>();
            for (AcdQueue.Membership m : q.members.values()) {
                Agent a = agents.get(m.agent());
                if (a != null) {
                    a.queues.add(q);
                    in.add(new Member(a, m));
                }
            }
            members.put(q, List.copyOf(in));
        }
        agents.values().forEach(this::changed);
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

    /** The members of {@code q}, each with its agent, in no particular order. */
    List<Member> membersOf(AcdQueue q) {
        return members.get(q);
    }

    /** {@code a} is logged in at {@code extension} now (and no longer where it was). */
    void seat(Agent a, String extension) {
        if (a.extension != null) {
            byExtension.remove(a.extension, a);
        }
        byExtension.put(extension, a);
        changed(a);
    }

    /** {@code a} logged out. */
    void unseat(Agent a) {
        if (a.extension != null) {
            byExtension.remove(a.extension, a);
        }
        changed(a);
    }

    /** Counts a call outside the queues starting ({@code busy}) or ending at {@code extension}. */
    boolean otherCall(String extension, boolean busy) {
        int n = otherCalls.getOrDefault(extension, 0);
        if (busy) {
            otherCalls.put(extension, n + 1);
        } else if (n == 0) {
            return false;
        } else if (n == 1) {
            otherCalls.remove(extension);
        } else {
            otherCalls.put(extension, n - 1);
        }
        Agent a = byExtension.get(extension);
        if (a != null) {
            changed(a);
        }
        return true;
    }

    int otherCalls(String extension) {
        return extension == null ? 0 : otherCalls.getOrDefault(extension, 0);
    }

    // ---- who may be offered a call ----

    /**
     * {@code a} changed (its state, rest, skills, extension or the calls outside the queues there): it joins or
     * leaves its queues' free members, and when free it is woken, to be looked at by the next dispatch.
     */
    @Override
    public void changed(Agent a) {
        boolean nowFree = a.state() == AgentState.AVAILABLE && otherCalls(a.extension) == 0;
        if (nowFree != a.free) {
            a.free = nowFree;
            freeCount += nowFree ? 1 : -1;
            for (AcdQueue q : a.queues) {
                if (nowFree) {
                    free.get(q).add(a);
                } else {
                    free.get(q).remove(a);
                }
            }
        }
        if (nowFree) {
            wake(a);
            if (a.restingUntil() != null) {
                rests.add(new Rest(a.restingUntil(), a));
            }
        }
    }

    /**
     * The free members of {@code q}: available, their extension on no other call, in no particular order; some
     * may be resting ({@link Agent#available}).
     */
    Set<Agent> freeIn(AcdQueue q) {
        return free.get(q);
    }

    /** Whether any agent is free (some may be resting). */
    boolean anyFree() {
        return freeCount > 0;
    }

    /** The rests that ended by {@code now} wake their agents (the clock alone ends a rest, the timer may follow). */
    void restsEnded(Instant now) {
        while (!rests.isEmpty() && !rests.peek().until().isAfter(now)) {
            Rest r = rests.poll();
            if (r.agent().free && r.until().equals(r.agent().restingUntil())) {
                wake(r.agent());
            }
        }
    }

    /** The agents woken since the last call, each once; the roster starts a new list. */
    List<Agent> takeWoken() {
        List<Agent> taken = woken;
        woken = spare;
        woken.clear();
        spare = taken;
        for (Agent a : taken) {
            a.woken = false;
        }
        return taken;
    }

    private void wake(Agent a) {
        if (!a.woken) {
            a.woken = true;
            woken.add(a);
        }
    }

    private record Rest(Instant until, Agent agent) {
    }

    /** A member of a queue and its agent. */
    record Member(Agent agent, AcdQueue.Membership membership) {
    }
}
