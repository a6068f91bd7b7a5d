package org.atende.acd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.atende.config.AgentConfig;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Step;
import org.atende.config.QueueConfig.Strategy;

/**
 * Relaxation steps over random skills, requirements and steps: a step never asks more of an agent (no level
 * raised, no skill added), never makes a call ineligible for an agent who could take it before the step, and a
 * call is admitted to wait (rather than turned away for its skills) exactly when some agent could take it once
 * every step has applied.
 */
class RelaxationProperties {

    /** Few skills and queues, low levels: so that matches, misses and the language overlapping a skill happen. */
    private static final List<String> SKILLS = List.of("a", "b", "es", "pt");
    private static final String HOME = "suporte";
    private static final List<String> OTHERS = List.of("geral", "vendas");
    private static final List<String> EXTENSIONS = List.of("1001", "1002", "1003");
    private static final List<String> AGENTS = List.of("2001", "2002", "2003");
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Property
    void aStepNeverAsksMoreOfAnAgent(@ForAll("requirements") Requirements r, @ForAll("steps") Step step,
            @ForAll("skills") Map<String, Integer> agent) {
        Requirements after = Relaxation.relax(r, step);
        after.needed().forEach((skill, level) -> assertThat(r.needed()).containsKey(skill)
                .extractingByKey(skill).satisfies(before -> assertThat(level).isLessThanOrEqualTo(before)));
        assertThat(after.priority()).isEqualTo(r.priority());
        if (SkillMatch.hasSkills(agent, r.needed())) {
            assertThat(SkillMatch.hasSkills(agent, after.needed())).isTrue();
        }
    }

    @Property
    void aStepNeverMakesACallIneligibleForAnAgentWhoWasEligible(@ForAll("worlds") World world,
            @ForAll("requirements") Requirements r, @ForAll boolean relaxed) {
        WaitingCall w = new WaitingCall("c1", world.queues.get(HOME), r, relaxed, T0, 0);
        Set<String> before = world.eligible(w);
        for (Step step : world.queues.get(HOME).config.steps()) {
            Relaxation.relax(w, step, world.queues);
            Set<String> after = world.eligible(w);
            assertThat(after).as("after %s, asking %s", step.describe(), w.needed).containsAll(before);
            before = after;
        }
    }

    @Property
    void aCallWaitsExactlyWhenSomeoneCouldTakeItAfterEveryStep(@ForAll("worlds") World world,
            @ForAll("requirements") Requirements r) {
        AcdQueue home = world.queues.get(HOME);
        QueueCalls calls = new QueueCalls();
        Offers offers = new Offers(world.roster);
        Departures departures = new Departures(calls, offers);
        QueueLimits limits = new QueueLimits(world.queues, world.roster, calls, departures,
                new Callbacks(calls, offers, departures, new CallSteps(world.queues, calls, departures)));
        QueueLimits.Admission admission = limits.admit(home, "c1", r, new ArrayList<>());

        WaitingCall w = new WaitingCall("c1", home, r, false, T0, 0);
        home.config.steps().forEach(step -> Relaxation.relax(w, step, world.queues));
        assertThat(admission).isEqualTo(world.eligible(w).isEmpty() ? QueueLimits.Admission.WAITS_FOR_ANYONE
                : QueueLimits.Admission.WAITS);
    }

    // ---- generators ----

    /** The queues (home with the steps), their static members and agents, and every agent. */
    record World(Map<String, AcdQueue> queues, AgentRoster roster) {

        /** The agents who may take {@code w} now, free or not. */
        Set<String> eligible(WaitingCall w) {
            return roster.all().stream().filter(a -> OfferPlanner.mayTake(w, a) != null).map(a -> a.id)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<List<Step>> steps = steps().list().ofMaxSize(4).map(RelaxationProperties::inOrder);
        Arbitrary<List<AgentConfig>> agents = Combinators.combine(skills(), skills(), skills(), memberships(),
                memberships(), memberships()).as((s1, s2, s3, q1, q2, q3) -> List.of(
                        agent(AGENTS.get(0), s1, q1), agent(AGENTS.get(1), s2, q2), agent(AGENTS.get(2), s3, q3)));
        return Combinators.combine(members(), members(), members(), steps, agents).as((home, geral, vendas, s, a) -> {
            List<QueueConfig> configs = List.of(queue(HOME, home).withSteps(s), queue(OTHERS.get(0), geral),
                    queue(OTHERS.get(1), vendas));
            Map<String, AcdQueue> queues = new LinkedHashMap<>();
            configs.forEach(q -> queues.put(q.name(), new AcdQueue(q, a)));
            return new World(queues, new AgentRoster(queues.values(), a, ZoneOffset.UTC, T0));
        });
    }

    @Provide
    Arbitrary<Requirements> requirements() {
        return Combinators.combine(skills(), Arbitraries.integers().between(0, 100),
                Arbitraries.of(SKILLS).optional(0.5)).as(Requirements::new);
    }

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<Map<String, Integer>> accept = Arbitraries.maps(Arbitraries.of(SKILLS),
                Arbitraries.integers().between(1, 10)).ofMaxSize(2);
        Arbitrary<Set<String>> drop = Arbitraries.of(SKILLS).set().ofMaxSize(2);
        Arbitrary<List<String>> widen = Arbitraries.of(OTHERS).set().ofMaxSize(2).map(List::copyOf);
        return Combinators.combine(Arbitraries.integers().between(1, 300), accept, drop, Arbitraries.of(true, false),
                widen).as((after, a, d, language, wd) -> new Step(Duration.ofSeconds(after), a, d,
                        language || a.isEmpty() && d.isEmpty() && wd.isEmpty(), wd, Optional.empty()));
    }

    @Provide
    Arbitrary<Map<String, Integer>> skills() {
        return Arbitraries.maps(Arbitraries.of(SKILLS), Arbitraries.integers().between(1, 10)).ofMaxSize(3);
    }

    /** Static members of one queue: some of the extensions, each with skills there. */
    private Arbitrary<List<Member>> members() {
        return Arbitraries.maps(Arbitraries.of(EXTENSIONS), skills()).ofMaxSize(3)
                .map(m -> new TreeMap<>(m).entrySet().stream().map(e -> new Member(e.getKey(), e.getValue()))
                        .toList());
    }

    /** The queues an agent serves, with penalties. */
    private static Arbitrary<Map<String, Integer>> memberships() {
        List<String> all = new ArrayList<>(OTHERS);
        all.add(HOME);
        return Arbitraries.maps(Arbitraries.of(all), Arbitraries.integers().between(0, 2)).ofMaxSize(3);
    }

    /** The steps with their waits made increasing, as a queue's steps are. */
    private static List<Step> inOrder(List<Step> steps) {
        List<Step> result = new ArrayList<>();
        Duration after = Duration.ZERO;
        for (Step s : steps) {
            after = after.plus(s.after());
            result.add(new Step(after, s.accept(), s.drop(), s.dropLanguage(), s.widen(), s.overflow()));
        }
        return result;
    }

    private static QueueConfig queue(String name, List<Member> members) {
        return new QueueConfig(name, members, Strategy.LINEAR, Duration.ofSeconds(15), Optional.empty(),
                Optional.empty(), Duration.ZERO, List.of(), Optional.empty(), Optional.empty(), 3);
    }

    private static AgentConfig agent(String id, Map<String, Integer> skills, Map<String, Integer> queues) {
        return new AgentConfig(id, "Agent " + id, "7391", skills, queues, Optional.empty(), Optional.empty());
    }
}
