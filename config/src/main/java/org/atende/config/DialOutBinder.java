package org.atende.config;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.atende.config.DialOutConfig.Limits;

/** Binds {@code dial_out:} to a {@link DialOutConfig}; every key may be left out. */
final class DialOutBinder {

    private final LoadContext ctx;
    private final Set<String> extensions;
    private final Set<String> dialTrunks;

    /**
     * @param extensions every configured extension number
     * @param dialTrunks the trunks that can place calls
     */
    DialOutBinder(LoadContext ctx, Set<String> extensions, Set<String> dialTrunks) {
        this.ctx = ctx;
        this.extensions = extensions;
        this.dialTrunks = dialTrunks;
    }

    Optional<DialOutConfig> bind(YamlMap d) {
        DialOutConfig defaults = DialOutConfig.DEFAULTS;
        int before = ctx.problemCount();
        Optional<String> trunk = d.get("trunk").flatMap(v -> v.nonEmpty().flatMap(s -> FlowBinder.known(v, s,
                dialTrunks, "a trunk that places calls (with outbound.proxy or a registration)",
                "no trunk places calls")));
        Set<NumberClass> allow = d.get("allow").map(this::classes).orElse(defaults.allow());
        int maxCalls = d.integer("max_calls", defaults.maxCalls(), 1, 100_000);
        int minutes = d.integer("minutes_per_day", defaults.minutesPerDay(), 1, 10_000_000);
        int extensionCalls = d.integer("extension_max_calls", defaults.extension().maxCalls(), 1, 1_000);
        int extensionMinutes = d.integer("extension_minutes_per_day", defaults.extension().minutesPerDay(), 1,
                1_000_000);
        Limits extensionDefaults = new Limits(allow, extensionCalls, extensionMinutes);
        Map<String, Limits> exceptions = new HashMap<>();
        d.get("extensions").flatMap(YamlValue::map).ifPresent(m -> m.entries().forEach((number, value) -> {
            if (!extensions.contains(number)) {
                value.problem("\"" + number + "\" is not a configured extension");
                return;
            }
            value.map().ifPresent(e -> exceptions.put(number, new Limits(
                    e.get("allow").map(this::classes).orElse(allow),
                    e.integer("max_calls", extensionCalls, 1, 1_000),
                    e.integer("minutes_per_day", extensionMinutes, 1, 1_000_000))));
        }));
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, d, () -> new DialOutConfig(trunk, allow, maxCalls, minutes, extensionDefaults,
                exceptions));
    }

    /** A list of number classes ({@code [national, mobile]}); an unknown word is reported. */
    private Set<NumberClass> classes(YamlValue v) {
        Set<NumberClass> out = EnumSet.noneOf(NumberClass.class);
        v.list().ifPresent(items -> items.forEach(item -> item.nonEmpty().ifPresent(s -> NumberClass.ofWord(s.text())
                .ifPresentOrElse(out::add, () -> item.problem(s.display() + " is not a kind of number (national,"
                        + " mobile, toll_free, premium, international, emergency)")))));
        return out;
    }
}
