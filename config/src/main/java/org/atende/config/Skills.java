package org.atende.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Skill lists as flows write them in the {@code skills} variable: {@code "suporte:3, es:2"}, a name alone meaning
 * level 1. Names are case-insensitive (kept lower-case); levels run from 1 to {@link #MAX_LEVEL}.
 */
public final class Skills {

    public static final int MAX_LEVEL = 10;
    /** A skill name: letters, digits, '_', '-', up to 63. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final Pattern ENTRY = Pattern.compile("\\s*([A-Za-z0-9][A-Za-z0-9_-]{0,62})\\s*(?::\\s*(\\d{1,2}))?\\s*");

    private Skills() {
    }

    /**
     * The skills and minimum levels in {@code text}; empty when any entry is not {@code name} or {@code name:level}
     * with a level of 1-10, or a name is repeated. A blank text is no skills at all.
     */
    public static Optional<Map<String, Integer>> parse(String text) {
        Map<String, Integer> result = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return Optional.of(result);
        }
        for (String entry : text.split(",", -1)) {
            var m = ENTRY.matcher(entry);
            if (!m.matches()) {
                return Optional.empty();
            }
            int level = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            if (level < 1 || level > MAX_LEVEL
                    || result.put(m.group(1).toLowerCase(Locale.ROOT), level) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(result);
    }
}
