package org.atende.ivr;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.atende.config.flow.Node.Condition;

/** Evaluates branch {@link Condition}s over the call's variables. Pure function. */
public final class Conditions {

    private Conditions() {
    }

    /**
     * {@code eq}/{@code ne} compare with the first value (an absent variable is never equal), {@code in} with any
     * value, {@code present} means set and not empty, {@code matches} is a whole-value regex (an absent variable
     * or a bad pattern never matches).
     */
    public static boolean holds(Condition c, Map<String, String> variables) {
        String v = variables.get(c.variable());
        String first = c.values().isEmpty() ? null : c.values().get(0);
        switch (c.op()) {
            case "eq":
                return v != null && v.equals(first);
            case "ne":
                return v == null || !v.equals(first);
            case "in":
                return v != null && c.values().contains(v);
            case "present":
                return v != null && !v.isEmpty();
            case "absent":
                return v == null || v.isEmpty();
            case "matches":
                if (v == null || first == null) {
                    return false;
                }
                try {
                    return Pattern.compile(first).matcher(v).matches();
                } catch (PatternSyntaxException e) {
                    return false;
                }
            default:
                throw new IllegalArgumentException("unknown operator " + c.op());
        }
    }
}
