package org.atende.acd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.PauseReason;
import org.atende.config.QueueConfig;

/**
 * What {@link AcdSimulator} runs: the queues (their static members), the agents who log in and name queues with
 * penalties, the pause reasons, the extensions where agents log in and calls outside the queues happen (the static
 * members' and some desks), and when the day starts.
 */
record AcdWorld(List<QueueConfig> queues, AgentsConfig agents, List<String> extensions, Instant start) {

    AcdWorld {
        queues = List.copyOf(queues);
        extensions = List.copyOf(extensions);
    }

    /**
     * One member of a queue as the ACD ranks it.
     *
     * @param id       the agent's id (a static member's is its extension)
     * @param position static members in the order written, then agents in the order written
     * @param penalty  0 for a static member
     * @param skills   the member's skills in this queue (a static member's there, an agent's own)
     */
    record Member(String id, int position, int penalty, Map<String, Integer> skills) {
    }

    /** {@code queue}'s members, static ones first. */
    List<Member> members(QueueConfig queue) {
        List<Member> members = new ArrayList<>();
        for (QueueConfig.Member m : queue.members()) {
            members.add(new Member(m.extension(), members.size(), 0, m.skills()));
        }
        for (AgentConfig a : agents.agents()) {
            Integer penalty = a.queues().get(queue.name());
            if (penalty != null) {
                members.add(new Member(a.id(), members.size(), penalty, a.skills()));
            }
        }
        return members;
    }

    /** Every pause reason an agent may ask for by name: the configured ones and the built-in ones. */
    List<PauseReason> reasons() {
        List<PauseReason> all = new ArrayList<>(agents.pauseReasons().values());
        all.add(PauseReason.GENERIC);
        all.add(PauseReason.NO_ANSWER);
        return all;
    }

    /** Who serves a queue: its static members only, agents only, or both. */
    enum Staff { STATIC, AGENTS, BOTH }

    /**
     * An agent as generated: penalties per queue index (empty: not a member), fixed up by {@link #of} so that a
     * queue staffed by agents has one and a queue of static members only has none.
     */
    record AgentDraft(Map<String, Integer> skills, List<Optional<Integer>> penalties,
                      Optional<java.time.Duration> wrapUp) {
    }

    /** Builds the world: agents {@code 2001}… and, after the static members' extensions, one desk per agent. */
    static AcdWorld of(List<QueueConfig> queues, List<Staff> staff, List<String> phones, List<AgentDraft> drafts,
                       Map<String, PauseReason> reasons, Instant start) {
        List<List<Optional<Integer>>> penalties = new ArrayList<>();
        for (AgentDraft d : drafts) {
            penalties.add(new ArrayList<>(d.penalties()));
        }
        for (int q = 0; q < queues.size(); q++) {
            if (staff.get(q) == Staff.STATIC || drafts.isEmpty()) {
                for (List<Optional<Integer>> p : penalties) {
                    p.set(q, Optional.empty());
                }
            } else {
                int qi = q;
                if (penalties.stream().allMatch(p -> p.get(qi).isEmpty())) {
                    penalties.get(q % drafts.size()).set(q, Optional.of(0));
                }
            }
        }
        List<AgentConfig> agents = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Map<String, Integer> in = new LinkedHashMap<>();
            for (int q = 0; q < queues.size(); q++) {
                int qi = q;
                penalties.get(i).get(q).ifPresent(p -> in.put(queues.get(qi).name(), p));
            }
            String id = String.valueOf(2001 + i);
            agents.add(new AgentConfig(id, "Agent " + id, "7391", drafts.get(i).skills(), in, drafts.get(i).wrapUp(),
                    Optional.empty()));
        }
        List<String> extensions = new ArrayList<>(phones);
        for (int i = 0; i < drafts.size(); i++) {
            extensions.add(String.valueOf(1101 + i));
        }
        return new AcdWorld(queues, new AgentsConfig(agents, reasons, org.atende.config.FeatureCodes.DEFAULTS),
                extensions, start);
    }
}
