package org.atende.config.flow;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** One step of a flow. Every node names the node(s) it leads to; {@link Route} and {@link Hangup} end the flow. */
public sealed interface Node {

    String name();

    /** Plays prompts, then goes on to {@code next}; a key press stops an interruptible play early (kept for the next node). */
    record Play(String name, List<Prompt> prompts, boolean interruptible, String next) implements Node {
        public Play {
            prompts = List.copyOf(prompts);
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * A menu: plays {@code prompts} (always interruptible) and waits {@code timeout} for one key; a key in
     * {@code options} leads to its node. A wrong key plays {@code invalid}, no key plays {@code noInput}, and
     * both repeat the menu up to {@code retries} times; then {@code onFailure} (never a silent hang-up).
     */
    record Menu(String name, List<Prompt> prompts, Map<Character, String> options, Duration timeout, int retries,
            List<Prompt> invalid, List<Prompt> noInput, String onFailure) implements Node {
        public Menu {
            prompts = List.copyOf(prompts);
            options = Map.copyOf(options);
            invalid = List.copyOf(invalid);
            noInput = List.copyOf(noInput);
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(onFailure, "onFailure");
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative");
            }
        }
    }

    /**
     * Reads digits into {@code variable}: {@code minDigits}..{@code maxDigits}, ended early by
     * {@code terminator} (or at {@code maxDigits}), with a first-digit and an inter-digit timeout; the value must
     * pass {@code rule}. With {@code confirm} the caller hears the value and presses 1 to confirm, anything
     * else to type again. Failures (invalid, too short, timeout) replay {@code invalid} up to {@code retries}
     * times, then {@code onFailure}.
     */
    record Collect(String name, List<Prompt> prompts, int minDigits, int maxDigits, Optional<Character> terminator,
            Duration firstDigitTimeout, Duration interDigitTimeout, Rule rule, String variable,
            List<Prompt> confirm, int retries, List<Prompt> invalid, String next, String onFailure) implements Node {
        public Collect {
            prompts = List.copyOf(prompts);
            confirm = List.copyOf(confirm);
            invalid = List.copyOf(invalid);
            if (minDigits < 1 || maxDigits < minDigits || maxDigits > 64) {
                throw new IllegalArgumentException("digits must satisfy 1 <= min <= max <= 64");
            }
            Objects.requireNonNull(terminator, "terminator");
            Objects.requireNonNull(firstDigitTimeout, "firstDigitTimeout");
            Objects.requireNonNull(interDigitTimeout, "interDigitTimeout");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(variable, "variable");
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(onFailure, "onFailure");
        }
    }

    /** A validation rule for collected digits. */
    sealed interface Rule {
        /** Any digits. */
        record Digits() implements Rule {
        }

        /** A Brazilian CPF (11 digits, both check digits right, not all the same digit). */
        record Cpf() implements Rule {
        }

        /** A Brazilian CNPJ (14 digits, both check digits right). */
        record Cnpj() implements Rule {
        }

        /** A Brazilian phone number: 10 or 11 digits with area code (DDD 11..99). */
        record Phone() implements Rule {
        }

        /** A regular expression the whole value must match. */
        record Regex(Pattern pattern) implements Rule {
            public Regex {
                Objects.requireNonNull(pattern, "pattern");
            }
        }
    }

    /**
     * Business hours: {@code open} when the current time in {@code zone} falls in one of {@code hours} and no
     * exception closes that date (an exception with hours opens only then); otherwise {@code closed}.
     */
    record Schedule(String name, ZoneId zone, List<Hours> hours, List<Dated> exceptions, String open,
            String closed) implements Node {
        public Schedule {
            Objects.requireNonNull(zone, "zone");
            hours = List.copyOf(hours);
            exceptions = List.copyOf(exceptions);
            Objects.requireNonNull(open, "open");
            Objects.requireNonNull(closed, "closed");
        }

        /** Opening hours on some days of the week, [from, to). */
        public record Hours(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
            public Hours {
                days = Set.copyOf(days);
                if (!from.isBefore(to)) {
                    throw new IllegalArgumentException("opening hours must start before they end");
                }
            }
        }

        /** A dated holiday (closed all day, {@code hours} empty) or special opening ({@code hours} given). */
        public record Dated(LocalDate date, List<Hours> hours, String note) {
            public Dated {
                Objects.requireNonNull(date, "date");
                hours = List.copyOf(hours);
            }
        }
    }

    /**
     * A CRM look-up: {@code method} (GET or POST) to {@code url} (a template: {@code {caller}}, {@code {dialled}},
     * {@code {var.NAME}} are substituted, URL-encoded), with {@code body} for POST; each attempt times out after
     * {@code timeout}, failures are retried {@code retries} times; the JSON reply's fields (JSON Pointer, e.g.
     * {@code /customer/tier}) become variables. Success → {@code next}, failure → {@code onFailure}.
     */
    record Lookup(String name, String method, String url, Optional<String> body, Duration timeout, int retries,
            Map<String, String> fields, String next, String onFailure) implements Node {
        public Lookup {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(timeout, "timeout");
            fields = Map.copyOf(fields);
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(onFailure, "onFailure");
        }
    }

    /** The first condition that holds decides the next node; none → {@code otherwise}. */
    record Branch(String name, List<Condition> conditions, String otherwise) implements Node {
        public Branch {
            conditions = List.copyOf(conditions);
            Objects.requireNonNull(otherwise, "otherwise");
        }
    }

    /**
     * A test on a variable ({@code caller}, {@code dialled} and every set/collected/looked-up variable):
     * {@code eq}/{@code ne} a value, {@code in} a list, {@code present}/{@code absent}, {@code matches} a regex.
     */
    record Condition(String variable, String op, List<String> values, String next) {
        public static final List<String> OPS = List.of("eq", "ne", "in", "present", "absent", "matches");

        public Condition {
            Objects.requireNonNull(variable, "variable");
            if (!OPS.contains(op)) {
                throw new IllegalArgumentException("unknown operator " + op);
            }
            values = List.copyOf(values);
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * {@code set} in YAML: sets variables (values are templates like the look-up URL's), including the routing data the ACD uses:
     * {@code skills} (e.g. "suporte:3,es:2"), {@code priority}, {@code language}.
     */
    record Assign(String name, Map<String, String> values, String next) implements Node {
        public Assign {
            values = Map.copyOf(values);
            Objects.requireNonNull(next, "next");
        }
    }

    /** Ends the flow by sending the caller somewhere (the call's variables go along). */
    record Route(String name, Target target) implements Node {
        public Route {
            Objects.requireNonNull(target, "target");
        }
    }

    /** Where a route goes. */
    sealed interface Target {
        record Queue(String queue) implements Target {
        }

        record Extension(String extension) implements Target {
        }

        record Flow(String flow) implements Target {
        }

        /** An external number through a trunk. */
        record External(String number, String trunk) implements Target {
        }
    }

    /** Ends the call, after an optional goodbye. */
    record Hangup(String name, List<Prompt> prompts) implements Node {
        public Hangup {
            prompts = List.copyOf(prompts);
        }
    }
}
