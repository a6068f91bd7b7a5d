package org.atende.ivr;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Substitutes {@code {caller}}, {@code {dialled}} and {@code {var.NAME}} in look-up URLs and bodies and in
 * {@code set} values. A variable without a value becomes empty; any other {@code {…}} is left as written.
 */
public final class Templates {

    private Templates() {
    }

    /** Plain substitution (for {@code set} values). */
    public static String resolve(String template, Map<String, String> variables) {
        return resolve(template, variables, UnaryOperator.identity());
    }

    /** For URLs: every substituted value is percent-encoded (UTF-8, space as {@code %20}). */
    public static String resolveUrl(String template, Map<String, String> variables) {
        return resolve(template, variables,
                v -> URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** For POST bodies, which are JSON in practice: values are escaped as inside a JSON string. */
    public static String resolveJson(String template, Map<String, String> variables) {
        return resolve(template, variables, Templates::jsonEscape);
    }

    static String resolve(String template, Map<String, String> variables, UnaryOperator<String> encode) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            String key = template.substring(open + 1, close);
            String name = key.equals("caller") || key.equals("dialled") ? key
                    : key.startsWith("var.") ? key.substring(4) : null;
            if (name == null) {
                out.append('{'); // not a placeholder (a JSON body's own brace): look again after it
                i = open + 1;
            } else {
                out.append(encode.apply(variables.getOrDefault(name, "")));
                i = close + 1;
            }
        }
        return out.toString();
    }

    private static String jsonEscape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
