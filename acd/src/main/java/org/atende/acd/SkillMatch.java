package org.atende.acd;

import java.util.Map;

/** How a queue member's skills meet what a call needs (how well is best skill's to weigh). */
final class SkillMatch {

    private SkillMatch() {
    }

    /** Whether {@code skills} hold every skill in {@code needed} at its level or above. */
    static boolean hasSkills(Map<String, Integer> skills, Map<String, Integer> needed) {
        for (Map.Entry<String, Integer> e : needed.entrySet()) {
            if (skills.getOrDefault(e.getKey(), 0) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
