package org.atende.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.atende.config.flow.Node;

/** The nodes with a section of their own: {@code schedule:}, {@code lookup:} and {@code branch:}. */
final class NodeDetails {

    static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    static final List<String> METHODS = List.of("GET", "POST");
    static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(2);
    static final Duration MIN_LOOKUP_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_LOOKUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d|24:00");
    private static final Pattern URL = Pattern.compile("(?i)https?://[^\\s/?#{}]+.*");

    private final LoadContext ctx;
    private final NodeBinder nodes;

    NodeDetails(LoadContext ctx, NodeBinder nodes) {
        this.ctx = ctx;
        this.nodes = nodes;
    }

    Optional<Node> schedule(String name, YamlMap n) {
        Optional<YamlMap> s = n.required("schedule").flatMap(YamlValue::map);
        Optional<ZoneId> zone = s.flatMap(m -> m.required("zone")).flatMap(this::zone);
        List<Node.Schedule.Hours> hours = new ArrayList<>();
        List<Node.Schedule.Dated> exceptions = new ArrayList<>();
        s.ifPresent(m -> {
            m.required("hours").flatMap(YamlValue::list).ifPresent(items -> {
                if (items.isEmpty()) {
                    m.get("hours").orElseThrow().problem("needs at least one entry (days, from, to)");
                }
                items.forEach(i -> i.map().flatMap(h -> hours(h, Optional.empty())).ifPresent(hours::add));
            });
            Map<LocalDate, Integer> dates = new HashMap<>();
            m.get("exceptions").flatMap(YamlValue::list).ifPresent(items -> items.forEach(i -> i.map()
                    .flatMap(e -> dated(e, dates)).ifPresent(exceptions::add)));
        });
        Optional<String> open = nodes.requiredReference(n, "open");
        Optional<String> closed = nodes.requiredReference(n, "closed");
        return nodes.build(n, () -> new Node.Schedule(name, zone.orElseThrow(), hours, exceptions, open.orElseThrow(),
                closed.orElseThrow()));
    }

    private Optional<ZoneId> zone(YamlValue v) {
        return v.nonEmpty().flatMap(s -> {
            try {
                return Optional.of(ZoneId.of(s.text().strip()));
            } catch (DateTimeException e) {
                v.problem(s.display() + " is not a time zone (like America/Sao_Paulo)");
                return Optional.empty();
            }
        });
    }

    /** Opening hours; on a dated exception ({@code date} given) the days are that date's day. */
    private Optional<Node.Schedule.Hours> hours(YamlMap h, Optional<LocalDate> date) {
        int before = ctx.problemCount();
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (date.isPresent()) {
            days.add(date.get().getDayOfWeek());
        } else {
            h.required("days").flatMap(YamlValue::list).ifPresent(items -> {
                if (items.isEmpty()) {
                    h.get("days").orElseThrow().problem("needs at least one day (" + String.join(", ", DAYS) + ")");
                }
                items.forEach(i -> i.nonEmpty().flatMap(s -> FlowBinder.oneOf(i, s, DAYS, "a day"))
                        .ifPresent(d -> days.add(DayOfWeek.of(DAYS.indexOf(d) + 1))));
            });
        }
        Optional<LocalTime> from = h.required("from").flatMap(this::time);
        Optional<LocalTime> to = h.required("to").flatMap(this::time);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            h.get("to").orElseThrow().problem("must be later than from (" + h.get("from").orElseThrow().scalar()
                    .orElseThrow().display() + ")");
        }
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, h, () -> new Node.Schedule.Hours(days, from.get(), to.get()));
    }

    /** {@code HH:MM}, 00:00 to 24:00 (the end of the day). */
    private Optional<LocalTime> time(YamlValue v) {
        return v.nonEmpty().flatMap(s -> {
            String t = s.text().strip();
            if (!TIME.matcher(t).matches()) {
                v.problem(s.display() + " is not a time (HH:MM, 00:00 to 24:00)");
                return Optional.empty();
            }
            return Optional.of(t.equals("24:00") ? LocalTime.MAX : LocalTime.parse(t));
        });
    }

    private Optional<Node.Schedule.Dated> dated(YamlMap e, Map<LocalDate, Integer> dates) {
        int before = ctx.problemCount();
        Optional<LocalDate> date = e.required("date").flatMap(v -> v.nonEmpty().flatMap(s -> {
            try {
                LocalDate d = LocalDate.parse(s.text().strip());
                Integer first = dates.putIfAbsent(d, v.line());
                if (first != null) {
                    v.problem(s.display() + " is listed twice (also at line " + first + ")");
                }
                return Optional.of(d);
            } catch (DateTimeParseException ex) {
                v.problem(s.display() + " is not a date (YYYY-MM-DD)");
                return Optional.empty();
            }
        }));
        List<Node.Schedule.Hours> hours = new ArrayList<>();
        date.ifPresent(d -> e.get("hours").flatMap(YamlValue::list).ifPresent(items -> items.forEach(i -> i.map()
                .flatMap(h -> hours(h, date)).ifPresent(hours::add))));
        String note = e.get("note").flatMap(YamlValue::scalar).map(YamlValue.Scalar::text).orElse("");
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, e, () -> new Node.Schedule.Dated(date.get(), hours, note));
    }

    Optional<Node> lookup(String name, YamlMap n) {
        Optional<YamlMap> l = n.required("lookup").flatMap(YamlValue::map);
        Optional<String> url = l.flatMap(m -> m.required("url")).flatMap(v -> FlowBinder.template(v).filter(u -> {
            if (!URL.matcher(u.strip()).matches()) {
                v.problem(YamlValue.quote(u) + " is not an http:// or https:// URL");
                return false;
            }
            return true;
        }));
        Optional<String> method = l.map(m -> m.get("method").map(v -> v.nonEmpty().flatMap(s -> {
            String word = s.text().strip().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(word)) {
                v.problem(s.display() + " is not a method (GET or POST)");
                return Optional.<String>empty();
            }
            return Optional.of(word);
        })).orElse(Optional.of("GET"))).flatMap(o -> o);
        Optional<YamlValue> bodyValue = l.flatMap(m -> m.get("body"));
        Optional<String> body = bodyValue.flatMap(FlowBinder::body);
        if (bodyValue.isPresent() && method.isPresent() && !method.get().equals("POST")) {
            bodyValue.get().problem("applies only with method: POST");
        }
        Duration timeout = l.map(m -> m.duration("timeout", DEFAULT_LOOKUP_TIMEOUT, MIN_LOOKUP_TIMEOUT))
                .orElse(DEFAULT_LOOKUP_TIMEOUT);
        if (timeout.compareTo(MAX_LOOKUP_TIMEOUT) > 0) {
            l.orElseThrow().get("timeout").orElseThrow().problem("is longer than "
                    + Durations.format(MAX_LOOKUP_TIMEOUT) + " (the caller waits in silence)");
        }
        int retries = l.map(m -> m.integer("retries", 0, 0, 5)).orElse(0);
        Map<String, String> fields = new LinkedHashMap<>();
        l.flatMap(m -> m.get("fields")).flatMap(YamlValue::map).ifPresent(f -> f.entries().forEach((key, v) -> {
            Optional<String> variable = FlowBinder.variableName(v, key, YamlValue.quote(key));
            Optional<String> pointer = v.nonEmpty().flatMap(s -> {
                if (!s.text().startsWith("/")) {
                    v.problem(s.display() + " is not a JSON Pointer (like /customer/name)");
                    return Optional.empty();
                }
                return Optional.of(s.text());
            });
            if (variable.isPresent() && pointer.isPresent()) {
                fields.put(variable.get(), pointer.get());
            }
        }));
        Optional<String> next = nodes.requiredReference(n, "next");
        Optional<String> onFailure = nodes.failureReference(n);
        return nodes.build(n, () -> new Node.Lookup(name, method.orElseThrow(), url.orElseThrow().strip(), body,
                timeout, retries, fields, next.orElseThrow(), onFailure.orElseThrow()));
    }

    Optional<Node> branch(String name, YamlMap n) {
        List<Node.Condition> conditions = new ArrayList<>();
        n.required("branch").flatMap(YamlValue::list).ifPresent(items -> {
            if (items.isEmpty()) {
                n.get("branch").orElseThrow().problem("needs at least one condition (if, an operator, then)");
            }
            items.forEach(i -> i.map().flatMap(this::condition).ifPresent(conditions::add));
        });
        Optional<String> otherwise = nodes.requiredReference(n, "otherwise");
        return nodes.build(n, () -> new Node.Branch(name, conditions, otherwise.orElseThrow()));
    }

    private Optional<Node.Condition> condition(YamlMap c) {
        int before = ctx.problemCount();
        Optional<String> variable = c.required("if").flatMap(FlowBinder::variable);
        Optional<String> then = nodes.requiredReference(c, "then");
        List<String> ops = Node.Condition.OPS.stream().filter(c::has).toList();
        if (ops.size() != 1) {
            if (ops.size() > 1) {
                ctx.problem(c.line(), c.path(), "has both " + ops.get(0) + " and " + ops.get(1)
                        + "; a condition tests one thing");
            } else if (!c.hadUnknownKeys()) {
                ctx.problem(c.line(), c.path(), "needs one of " + String.join(", ", Node.Condition.OPS));
            }
            return Optional.empty();
        }
        Optional<List<String>> values = operand(c, ops.get(0));
        if (ctx.problemCount() != before || values.isEmpty()) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, c, () -> new Node.Condition(variable.get(), ops.get(0), values.get(),
                then.get()));
    }

    private Optional<List<String>> operand(YamlMap c, String op) {
        Optional<YamlValue> v = c.required(op);
        return switch (op) {
            case "eq", "ne" -> v.flatMap(YamlValue::scalar).map(s -> List.of(s.text()));
            case "in" -> v.flatMap(x -> x.isList()
                    ? x.list().map(items -> items.stream().map(YamlValue::scalar).flatMap(Optional::stream)
                            .map(YamlValue.Scalar::text).toList())
                    : x.scalar().map(s -> List.of(s.text())));
            case "matches" -> v.flatMap(NodeBinder::regex).map(p -> List.of(p.pattern()));
            default -> v.flatMap(YamlValue::bool).flatMap(b -> {
                if (!b) {
                    v.get().problem("write " + op + ": true");
                    return Optional.empty();
                }
                return Optional.of(List.<String>of());
            });
        };
    }
}
