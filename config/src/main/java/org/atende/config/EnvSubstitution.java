package org.atende.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in scalar values; {@code $${} is a literal {@code ${}. The default
 * is used when the variable is unset or empty, as in the shell. Messages name variables, never their values.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * @param value    the text with every reference replaced (meaningless when {@code problems} is not empty)
     * @param replaced whether any variable reference was replaced
     * @param problems what went wrong, one message each (unset variables, malformed references)
     */
    record Result(String value, boolean replaced, List<String> problems) {
    }

    private EnvSubstitution() {
    }

    static Result apply(String text, Map<String, String> env) {
        if (text.indexOf('$') < 0) {
            return new Result(text, false, List.of());
        }
        StringBuilder out = new StringBuilder(text.length());
        List<String> problems = new ArrayList<>();
        boolean replaced = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add("unterminated ${ (write $${ for a literal ${)");
                    break;
                }
                String reference = text.substring(i + 2, end);
                int colon = reference.indexOf(":-");
                String name = colon < 0 ? reference : reference.substring(0, colon);
                String fallback = colon < 0 ? null : reference.substring(colon + 2);
                if (!NAME.matcher(name).matches()) {
                    problems.add("${" + reference + "} is not a variable reference (a name of letters, digits and _,"
                            + " optionally followed by :-default)");
                } else if (fallback != null && fallback.contains("${")) {
                    problems.add("nested ${ in the default of ${" + name + "} is not supported");
                } else {
                    String value = env.get(name);
                    if (value == null || (value.isEmpty() && fallback != null)) {
                        if (fallback == null) {
                            problems.add("environment variable " + name + " is not set"
                                    + " (write ${" + name + ":-default} to give a default)");
                        } else {
                            out.append(fallback);
                        }
                    } else {
                        out.append(value);
                    }
                    replaced = true;
                }
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Result(out.toString(), replaced, List.copyOf(problems));
    }
}
