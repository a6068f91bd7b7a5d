package org.atende.acd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.atende.config.Skills;

/**
 * What a call asks of the agent who takes it, as a flow attached it: skills with minimum levels, a priority
 * (higher is served first) and a language (an agent needs the skill of that name).
 *
 * @param skills   skill name (lower case) to minimum level
 * @param priority 0-100, 0 by default
 * @param language lower case, or empty
 */
public record Requirements(Map<String, Integer> skills, int priority, Optional<String> language) {

    public static final Requirements NONE = new Requirements(Map.of(), 0, Optional.empty());

    public Requirements {
        skills = Collections.unmodifiableMap(new LinkedHashMap<>(skills));
        Objects.requireNonNull(language, "language");
        if (priority < 0 || priority > 100) {
            throw new IllegalArgumentException("priority out of 0..100: " + priority);
        }
    }

    /** Every skill an agent needs, the language included (at level 1 unless the skills ask for more). */
    public Map<String, Integer> needed() {
        if (language.isEmpty() || skills.containsKey(language.get())) {
            return skills;
        }
        Map<String, Integer> all = new LinkedHashMap<>(skills);
        all.put(language.get(), 1);
        return all;
    }

    /**
     * Reads the call variables {@code skills}, {@code priority} and {@code language}. A value that does not parse
     * is left out (the call is still queued) and named in the result's {@code problems}, for the log.
     */
    public static Parsed from(Map<String, String> variables) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> skills = Map.of();
        String skillText = variables.get("skills");
        if (skillText != null) {
            Optional<Map<String, Integer>> parsed = Skills.parse(skillText);
            if (parsed.isPresent()) {
                skills = parsed.get();
            } else {
                problems.add("skills \"" + skillText + "\" is not a skill list; ignored");
            }
        }
        int priority = 0;
        String priorityText = variables.get("priority");
        if (priorityText != null) {
            try {
                priority = Integer.parseInt(priorityText.strip());
                if (priority < 0 || priority > 100) {
                    problems.add("priority " + priority + " is out of 0..100; " + (priority < 0 ? 0 : 100) + " used");
                    priority = Math.max(0, Math.min(100, priority));
                }
            } catch (NumberFormatException e) {
                problems.add("priority \"" + priorityText + "\" is not a number; ignored");
            }
        }
        Optional<String> language = Optional.ofNullable(variables.get("language")).map(String::strip)
                .filter(l -> !l.isEmpty()).map(l -> l.toLowerCase(Locale.ROOT));
        return new Parsed(new Requirements(skills, priority, language), problems);
    }

    /** {@link #from}'s result: the requirements, and what was left out. */
    public record Parsed(Requirements requirements, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }
}
