package org.atende.acd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Step;

/**
 * What a queue's relaxation steps ({@link Step}) do to a waiting call: lower the levels it needs, drop skills or
 * its language, widen the agents who may take it to other queues' members. A step only ever asks less: an agent
 * who could take the call before it still can after it ({@code RelaxationProperties}). Overflow steps are not
 * relaxations; {@link CallSteps} sends the call away for them.
 */
final class Relaxation {

    private Relaxation() {
    }

    /**
     * {@code r} after {@code step}: each skill in {@code accept} needed at a higher level is needed at the
     * accepted one; the skills in {@code drop} are no longer needed (the language too, when it is one of them);
     * the language is no longer needed after {@code drop: [language]} (a skill of the same name asked for
     * explicitly still is). Priority is kept.
     */
    static Requirements relax(Requirements r, Step step) {
        if (step.accept().isEmpty() && step.drop().isEmpty() && !step.dropLanguage()) {
            return r; // it only widens
        }
        Map<String, Integer> skills = new LinkedHashMap<>(r.skills());
        Optional<String> language = r.language();
        step.accept().forEach((skill, level) -> skills.computeIfPresent(skill, (k, need) -> Math.min(need, level)));
        for (String skill : step.drop()) {
            skills.remove(skill);
            if (language.isPresent() && language.get().equals(skill)) {
                language = Optional.empty();
            }
        }
        if (step.dropLanguage()) {
            language = Optional.empty();
        }
        return new Requirements(skills, r.priority(), language);
    }

    /** {@code w} after {@code step}: what it needs relaxed, and the queues named in {@code widen} reached. */
    static void relax(WaitingCall w, Step step, Map<String, AcdQueue> queues) {
        w.relaxTo(relax(w.asks(), step));
        for (String name : step.widen()) {
            AcdQueue q = queues.get(name);
            if (q != null && q != w.queue && !w.widened.contains(q)) {
                w.widen(q);
            }
        }
    }

    /** What {@code r} asks once every step that relaxes has applied: the least a call in the queue will ask. */
    static Requirements loosest(Requirements r, List<Step> steps) {
        Requirements least = r;
        for (Step step : steps) {
            if (step.overflow().isEmpty()) {
                least = relax(least, step);
            }
        }
        return least;
    }

    /** {@code home} and every queue its steps widen to, home first: whose members may ever take its calls. */
    static List<AcdQueue> reach(AcdQueue home, Map<String, AcdQueue> queues) {
        List<AcdQueue> reach = new ArrayList<>();
        reach.add(home);
        for (QueueConfig.Step step : home.config.steps()) {
            for (String name : step.widen()) {
                AcdQueue q = queues.get(name);
                if (q != null && !reach.contains(q)) {
                    reach.add(q);
                }
            }
        }
        return reach;
    }
}
