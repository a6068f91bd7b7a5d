package org.atende.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.atende.config.TrunkConfig.TrunkRegistration;
import org.atende.config.flow.FlowConfig;

/**
 * Binds a YAML tree to an {@link AtendeConfig}: each section to its records, then the references between
 * sections (numbers → extensions and flows, trunks → numbers, flows → extensions, trunks and flows; the flows
 * themselves in {@link FlowBinder}). Reports every problem to the {@link LoadContext}; the
 * result is meaningful only when no problem was reported.
 */
final class ConfigBinder {

    private static final List<String> NAT_MODES = java.util.Arrays.stream(ExtensionConfig.Nat.values())
            .map(ExtensionConfig.Nat::word).toList();
    private static final Pattern EXTENSION_NUMBER = Pattern.compile("\\d{2,15}");
    private static final Pattern TRUNK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern PHONE_NUMBER = Pattern.compile("\\+?\\d{2,20}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SIP_URI = Pattern.compile("(?i)sips?:[^\\s<>\"]+");
    /** An outbound proxy: sip: only (no TLS yet), an optional UDP or TCP transport parameter. */
    private static final Pattern PROXY_URI = Pattern.compile("(?i)(sip:[^\\s<>\";]+(;transport=(udp|tcp|tls))?|sips:[^\\s<>\";]+(;transport=tls)?)");
    private static final Duration DEFAULT_REGISTRATION_EXPIRES = Duration.ofSeconds(3600);
    private static final Duration MIN_REGISTRATION_EXPIRES = Duration.ofSeconds(60);
    private static final Duration MAX_REGISTRATION_EXPIRES = Duration.ofDays(1);

    /** Where a name was first defined, for duplicate messages. */
    private record Seen(String path, int line) {
        String where() {
            return path + " (line " + line + ")";
        }
    }

    private final LoadContext ctx;
    /** Every extension number written, valid or not, so a bad one does not also make its references dangle. */
    private final Map<String, Seen> extensionNumbers = new HashMap<>();
    /** Every normalised number written under {@code numbers:}. */
    private final Map<String, Seen> numbers = new HashMap<>();
    private final Map<String, Seen> trunkNames = new HashMap<>();
    private final Map<Cidr, Seen> allowed = new HashMap<>();
    /** Trunks that can place calls (an outbound proxy or a registrar), for {@code route.external}. */
    private final java.util.Set<String> dialTrunks = new java.util.HashSet<>();
    /** {@code extensions[].default_agent} values, checked once the agents are bound. */
    private final List<AgentReference> defaultAgents = new ArrayList<>();

    private record AgentReference(YamlValue where, String agent) {
    }

    /** Every flow name written under {@code flows:}, for {@code numbers[].flow} and {@code route.flow}. */
    private java.util.Set<String> flowNames = java.util.Set.of();

    ConfigBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    Optional<AtendeConfig> bind(YamlValue root) {
        Optional<YamlMap> rootMap = root.map();
        if (rootMap.isEmpty()) {
            return Optional.empty();
        }
        YamlMap m = rootMap.get();
        boolean demo = m.bool("demo", false);
        ServerBinder serverBinder = new ServerBinder(ctx, demo);
        Optional<ServerConfig> server = m.required("server").flatMap(YamlValue::map).flatMap(serverBinder::bind);
        String countryCode = serverBinder.countryCode();
        List<ExtensionConfig> extensions = list(m, "extensions", e -> extension(e, demo));
        Optional<YamlMap> flowsMap = m.get("flows").flatMap(YamlValue::map);
        flowNames = flowsMap.map(f -> f.entries().keySet()).orElse(java.util.Set.of());
        List<NumberConfig> numberList = list(m, "numbers", n -> number(n, countryCode));
        List<TrunkConfig> trunks = list(m, "trunks", t -> trunk(t, countryCode));
        Optional<YamlMap> queuesMap = m.get("queues").flatMap(YamlValue::map);
        java.util.Set<String> queueNames = queuesMap.map(q -> q.entries().keySet()).orElse(java.util.Set.of());
        FlowBinder flowBinder = new FlowBinder(ctx, flowNames, extensionNumbers.keySet(), trunkNames.keySet(),
                dialTrunks, queueNames);
        Map<String, FlowConfig> flows = flowsMap.map(flowBinder::bind).orElse(Map.of());
        QueueBinder queueBinder = new QueueBinder(ctx, flowBinder);
        Map<String, QueueConfig> queues = queuesMap.map(queueBinder::bind).orElse(Map.of());
        LoggingConfig logging = m.get("logging").flatMap(YamlValue::map).map(LoggingBinder::bind)
                .orElse(LoggingConfig.DEFAULTS);
        Optional<SecurityConfig> security = m.get("security").flatMap(YamlValue::map)
                .map(s -> new SecurityBinder(ctx).bind(s))
                .orElse(Optional.of(SecurityConfig.DEFAULTS));
        Optional<DialOutConfig> dialOut = m.get("dial_out").flatMap(YamlValue::map)
                .map(d -> new DialOutBinder(ctx, extensionNumbers.keySet(), dialTrunks).bind(d))
                .orElse(Optional.of(DialOutConfig.DEFAULTS));
        Optional<AgentsConfig> agents = new AgentBinder(ctx, demo, queueNames, flowBinder).bind(m);
        agents.ifPresent(a -> {
            java.util.Set<String> ids = AgentBinder.ids(a.agents());
            for (AgentReference r : defaultAgents) {
                if (!ids.contains(r.agent())) {
                    r.where().problem(YamlValue.quote(r.agent()) + " is not a configured agent");
                }
            }
            checkAcceptedSkills(queueBinder.acceptedSkills(), queueBinder.memberSkills(), a);
            queuesMap.ifPresent(qm -> queues.forEach((name, q) -> {
                boolean served = !q.members().isEmpty()
                        || a.agents().stream().anyMatch(agent -> agent.queues().containsKey(name));
                if (!served) {
                    YamlValue where = qm.entries().get(name);
                    where.problem("queue " + name + " has no members and no agent serves it (list members:"
                            + " extensions, or name the queue in an agent's queues:)");
                }
            }));
        });
        if (server.isEmpty() || security.isEmpty() || dialOut.isEmpty() || agents.isEmpty()
                || ctx.problemCount() > 0) {
            return Optional.empty();
        }
        return build(ctx, m, () -> new AtendeConfig(demo, server.get(), extensions, trunks, numberList, logging,
                flows, queues, security.get(), dialOut.get(), agents.get()));
    }

    /** A step's {@code accept} names a skill some static member or agent has (a typo would relax nothing). */
    private static void checkAcceptedSkills(List<StepBinder.SkillReference> accepted,
                                            java.util.Set<String> memberSkills, AgentsConfig agents) {
        java.util.Set<String> known = new java.util.TreeSet<>(memberSkills);
        agents.agents().forEach(a -> known.addAll(a.skills().keySet()));
        for (StepBinder.SkillReference r : accepted) {
            if (!known.contains(r.skill())) {
                String hint = YamlMap.closest(r.skill(), known).map(n -> "did you mean " + n + "?")
                        .orElse(known.isEmpty() ? "no member or agent has skills" : "known: "
                                + String.join(", ", known));
                r.where().problem("skill " + r.skill() + " is not a skill of any member or agent (" + hint + ")");
            }
        }
    }

    private <T> List<T> list(YamlMap m, String key, Function<YamlMap, Optional<T>> element) {
        List<T> result = new ArrayList<>();
        m.get(key).flatMap(YamlValue::list).ifPresent(items -> {
            for (YamlValue item : items) {
                item.map().flatMap(element).ifPresent(result::add);
            }
        });
        return result;
    }

    private Optional<ExtensionConfig> extension(YamlMap e, boolean demo) {
        int before = ctx.problemCount();
        Optional<YamlValue> numberValue = e.required("number");
        Optional<String> number = numberValue.flatMap(YamlValue::nonEmpty).map(s -> {
            String n = s.text().strip();
            if (!EXTENSION_NUMBER.matcher(n).matches()) {
                numberValue.get().problem(s.display() + " is not an extension number (2 to 15 digits)");
            }
            Seen first = extensionNumbers.putIfAbsent(n, new Seen(e.path(), e.line()));
            if (first != null) {
                numberValue.get().problem(s.display() + " is already the number of " + first.where());
            }
            return n;
        });
        Optional<YamlValue> passwordValue = e.required("password");
        Optional<String> password = passwordValue.flatMap(YamlValue::string);
        if (password.isPresent() && !demo) {
            List<String> weaknesses = Passwords.weaknesses(password.get(), number.orElse(null));
            if (!weaknesses.isEmpty()) {
                passwordValue.get().problem("weak password: " + String.join("; ", weaknesses)
                        + " (weak passwords are accepted only with demo: true)");
            }
        }
        Optional<String> displayName = e.get("display_name").flatMap(ServerBinder::headerText);
        int maxContacts = e.integer("max_contacts", ExtensionConfig.DEFAULT_MAX_CONTACTS, 1, 20);
        boolean directMedia = e.bool("direct_media", false);
        boolean record = e.bool("record", false);
        if (directMedia && record) {
            e.get("direct_media").orElseThrow().problem("cannot be combined with record: true (the audio of a"
                    + " direct-media call never passes through Atende, so it cannot be recorded)");
        }
        boolean srtp = e.bool("srtp", false);
        ExtensionConfig.Nat nat = e.get("nat").flatMap(v -> v.nonEmpty()
                        .flatMap(s -> FlowBinder.oneOf(v, s, NAT_MODES, "a NAT mode")))
                .map(w -> ExtensionConfig.Nat.valueOf(w.toUpperCase(Locale.ROOT)))
                .orElse(ExtensionConfig.Nat.AUTO);
        Optional<Duration> qualify = qualify(e, ExtensionConfig.DEFAULT_QUALIFY);
        Optional<String> defaultAgent = e.get("default_agent").flatMap(v -> v.string().map(String::strip)
                .map(a -> {
                    defaultAgents.add(new AgentReference(v, a));
                    return a;
                }));
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return build(ctx, e, () -> new ExtensionConfig(number.orElseThrow(), password.orElseThrow(),
                displayName.orElse(number.get()), maxContacts, directMedia, record, srtp, nat, qualify,
                defaultAgent));
    }

    private Optional<NumberConfig> number(YamlMap n, String countryCode) {
        int before = ctx.problemCount();
        Optional<YamlValue> numberValue = n.required("number");
        Optional<YamlValue.Scalar> written = numberValue.flatMap(YamlValue::nonEmpty);
        Optional<String> normalized = written.map(s -> {
            String norm = PhoneNumbers.normalize(s.text().strip(), countryCode);
            if (!PHONE_NUMBER.matcher(norm).matches()) {
                numberValue.get().problem(s.display() + " is not a phone number");
            }
            Seen first = numbers.putIfAbsent(norm, new Seen(n.path(), n.line()));
            if (first != null) {
                numberValue.get().problem(s.display() + " is the same number (" + norm + ") as " + first.where());
            }
            return norm;
        });
        Optional<YamlValue> extensionValue = n.get("extension");
        Optional<String> extension = extensionValue.flatMap(YamlValue::nonEmpty).map(s -> {
            String ext = s.text().strip();
            if (!extensionNumbers.containsKey(ext)) {
                extensionValue.get().problem(s.display() + " is not a configured extension");
            }
            return ext;
        });
        Optional<YamlValue> applicationValue = n.get("application");
        Optional<String> application = applicationValue.flatMap(v -> v.nonEmpty().map(s -> application(v, s)));
        Optional<YamlValue> flowValue = n.get("flow");
        Optional<String> flow = flowValue.flatMap(v -> v.nonEmpty().flatMap(s -> FlowBinder.known(v, s, flowNames,
                "a flow", "no flows are configured under flows:")));
        List<String> targets = new ArrayList<>();
        extensionValue.ifPresent(v -> targets.add("extension"));
        applicationValue.ifPresent(v -> targets.add("application"));
        flowValue.ifPresent(v -> targets.add("flow"));
        if (targets.isEmpty()) {
            ctx.problem(n.line(), n.path(), "needs one of extension (the extension that answers), application ("
                    + String.join(", ", NumberConfig.APPLICATIONS) + ") or flow (an IVR flow under flows:)");
        } else if (targets.size() > 1) {
            String both = targets.size() == 2 ? "both " + targets.get(0) + " and " + targets.get(1)
                    : "extension, application and flow";
            ctx.problem(n.line(), n.path(), "has " + both
                    + "; a number leads to exactly one of extension, application or flow");
        }
        boolean record = n.bool("record", false);
        Optional<org.atende.config.flow.Survey> survey = n.get("survey").flatMap(YamlValue::map)
                .flatMap(s -> new SurveyBinder(ctx, new PromptBinder(ctx)).bind(s));
        if (n.has("survey") && !n.has("flow") && targets.size() == 1) {
            n.get("survey").orElseThrow().problem("applies only with flow (the survey runs on the flow's call)");
        }
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return build(ctx, n, () -> new NumberConfig(written.orElseThrow().text().strip(), normalized.orElseThrow(),
                extension.orElse(null), application.orElse(null), flow.orElse(null), record, survey));
    }

    /** One of {@link NumberConfig#APPLICATIONS}, any case; anything else is reported (and kept, to go on). */
    private static String application(YamlValue v, YamlValue.Scalar s) {
        String app = s.text().strip().toLowerCase(Locale.ROOT);
        if (!NumberConfig.APPLICATIONS.contains(app)) {
            String hint = YamlMap.closest(app, NumberConfig.APPLICATIONS).map(a -> "did you mean " + a + "?")
                    .orElse("known: " + String.join(", ", NumberConfig.APPLICATIONS));
            v.problem(s.display() + " is not an application (" + hint + ")");
        }
        return app;
    }

    private Optional<TrunkConfig> trunk(YamlMap t, String countryCode) {
        int before = ctx.problemCount();
        Optional<YamlValue> nameValue = t.required("name");
        Optional<String> name = nameValue.flatMap(YamlValue::nonEmpty).map(s -> {
            String nm = s.text().strip();
            if (!TRUNK_NAME.matcher(nm).matches()) {
                nameValue.get().problem(s.display()
                        + " is not a trunk name (letters, digits, '_', '.', '-'; up to 63 characters)");
            }
            Seen first = trunkNames.putIfAbsent(nm, new Seen(t.path(), t.line()));
            if (first != null) {
                nameValue.get().problem(s.display() + " is already the name of " + first.where());
            }
            return nm;
        });
        List<Cidr> allow = new ArrayList<>();
        Optional<List<YamlValue>> allowItems = t.get("allow").flatMap(YamlValue::list);
        allowItems.ifPresent(items -> items.forEach(item -> item.nonEmpty().ifPresent(s -> {
            Optional<Cidr> cidr = Cidr.tryParse(s.text());
            if (cidr.isEmpty()) {
                item.problem(s.display() + " is not an address or CIDR");
                return;
            }
            Seen first = allowed.putIfAbsent(cidr.get(), new Seen(item.path(), item.line()));
            if (first != null && first.path().startsWith(t.path() + ".")) {
                item.problem(s.display() + " is listed twice (also at line " + first.line() + ")");
            } else if (first != null) {
                item.problem(s.display() + " is already allowed by " + first.where()
                        + "; a source address must identify one trunk");
            }
            allow.add(cidr.get());
        })));
        boolean trusted = t.bool("trusted", false);
        List<String> delivered = new ArrayList<>();
        t.get("numbers").flatMap(YamlValue::list).ifPresent(items -> items.forEach(item -> item.nonEmpty()
                .ifPresent(s -> {
                    String norm = PhoneNumbers.normalize(s.text().strip(), countryCode);
                    if (!numbers.containsKey(norm)) {
                        item.problem(s.display() + " is not one of the numbers (add it under numbers:)");
                    } else if (delivered.contains(norm)) {
                        item.problem(s.display() + " is listed twice");
                    }
                    delivered.add(norm);
                })));
        Optional<TrunkRegistration> registration = t.get("registration").flatMap(YamlValue::map)
                .flatMap(this::registration);
        Optional<TrunkConfig.TrunkOutbound> outbound = t.get("outbound").flatMap(YamlValue::map)
                .flatMap(o -> outbound(o, registration));
        if (t.has("outbound") || t.has("registration")) {
            name.ifPresent(dialTrunks::add); // even when written wrongly: that was reported here, not at the route
        }
        // written but not a list has been reported already; do not add "needs allow" on top
        boolean allowWritten = t.get("allow").isPresent() && allowItems.map(items -> !items.isEmpty()).orElse(true);
        if (!allowWritten && t.get("registration").isEmpty()) {
            ctx.problem(t.line(), t.path(),
                    "a trunk needs allow (the carrier's source addresses) or registration (or both)");
        }
        Optional<Duration> qualify = qualify(t, Optional.empty());
        if (qualify.isPresent() && !t.has("outbound") && !t.has("registration")) {
            t.get("qualify").orElseThrow().problem("needs outbound.proxy or registration (where the OPTIONS go)");
        }
        int maxCalls = t.integer("max_calls", 0, 1, 100_000);
        int callsPerSecond = t.integer("calls_per_second", 0, 1, 10_000);
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return build(ctx, t, () -> new TrunkConfig(name.orElseThrow(), allow, trusted, delivered, registration,
                outbound, qualify, maxCalls, callsPerSecond));
    }

    /**
     * {@code extensions[].qualify}, {@code trunks[].qualify}: a duration from 1s to 1h, or {@code off}; absent gives
     * {@code absent}. A value written wrongly is reported (and {@code absent} returned, to go on).
     */
    private static Optional<Duration> qualify(YamlMap m, Optional<Duration> absent) {
        Optional<YamlValue> value = m.get("qualify");
        if (value.isEmpty()) {
            return absent;
        }
        Optional<YamlValue.Scalar> scalar = value.get().nonEmpty();
        if (scalar.isPresent() && scalar.get().text().strip().equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        if (scalar.isPresent() && Durations.parse(scalar.get().text()).isEmpty()) {
            value.get().problem(scalar.get().display() + " is not a duration (1s..1h) nor off");
            return absent;
        }
        Optional<Duration> d = value.get().duration(ExtensionConfig.MIN_QUALIFY);
        if (d.isPresent() && d.get().compareTo(ExtensionConfig.MAX_QUALIFY) > 0) {
            value.get().problem(scalar.get().display() + " is longer than "
                    + Durations.format(ExtensionConfig.MAX_QUALIFY));
            return absent;
        }
        return d.isPresent() ? d : absent;
    }

    /** {@code trunks[].outbound}: where and as whom Atende places calls through the trunk. */
    private Optional<TrunkConfig.TrunkOutbound> outbound(YamlMap o, Optional<TrunkRegistration> registration) {
        int before = ctx.problemCount();
        Optional<String> proxy = o.get("proxy").flatMap(v -> v.nonEmpty().flatMap(s -> {
            String uri = s.text().strip();
            if (!PROXY_URI.matcher(uri).matches()) {
                v.problem(s.display() + " is not a sip: URI with an optional ;transport=udp, tcp or tls, nor a sips: URI"
                        + " (like sip:sip.carrier.example:5060)");
                return Optional.empty();
            }
            return Optional.of(uri);
        }));
        if (o.get("proxy").isEmpty() && registration.isEmpty()) {
            ctx.problem(o.line(), o.path(), "needs proxy (where the calls go) when the trunk does not register");
        }
        Optional<String> callerId = o.get("caller_id").flatMap(v -> v.nonEmpty().flatMap(s -> {
            String digits = s.text().strip().replaceAll("[\\s().-]", "");
            if (!PHONE_NUMBER.matcher(digits).matches()) {
                v.problem(s.display() + " is not a phone number");
                return Optional.empty();
            }
            return Optional.of(digits);
        }));
        Optional<String> username = o.get("username").flatMap(YamlValue::nonEmpty).map(s -> s.text().strip());
        Optional<String> password = o.get("password").flatMap(YamlValue::nonEmpty).map(YamlValue.Scalar::text);
        if (o.has("username") != o.has("password")) {
            ctx.problem(o.line(), o.path(), "username and password go together");
        }
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        String target = proxy.orElseGet(() -> registration.orElseThrow().registrar());
        Optional<String> user = username.or(() -> registration.map(TrunkRegistration::username));
        Optional<String> secret = password.or(() -> registration.map(TrunkRegistration::password));
        return build(ctx, o, () -> new TrunkConfig.TrunkOutbound(target, callerId, user, secret));
    }

    private Optional<TrunkRegistration> registration(YamlMap r) {
        int before = ctx.problemCount();
        Optional<YamlValue> registrarValue = r.required("registrar");
        Optional<String> registrar = registrarValue.flatMap(YamlValue::nonEmpty).map(s -> {
            String uri = s.text().strip();
            if (!SIP_URI.matcher(uri).matches()) {
                registrarValue.get().problem(s.display() + " is not a SIP URI (like sip:sip.carrier.example:5060)");
            }
            return uri;
        });
        Optional<String> username = r.requiredString("username");
        Optional<String> password = r.requiredString("password");
        Duration expires = r.duration("expires", DEFAULT_REGISTRATION_EXPIRES, MIN_REGISTRATION_EXPIRES);
        if (expires.compareTo(MAX_REGISTRATION_EXPIRES) > 0) {
            r.get("expires").orElseThrow().problem("is longer than " + Durations.format(MAX_REGISTRATION_EXPIRES));
        } else if (expires.toMillis() % 1000 != 0) {
            r.get("expires").orElseThrow().problem("must be whole seconds");
        }
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        return build(ctx, r, () -> new TrunkRegistration(registrar.orElseThrow(), username.orElseThrow(),
                password.orElseThrow(), (int) expires.toSeconds()));
    }

    /**
     * Runs a record constructor; the compact constructors' own checks are a safety net behind the binders',
     * so a failure becomes a problem at the element rather than an escaping exception.
     */
    static <T> Optional<T> build(LoadContext ctx, YamlMap where, Supplier<T> constructor) {
        try {
            return Optional.of(constructor.get());
        } catch (IllegalArgumentException e) {
            ctx.problem(where.line(), where.path(), e.getMessage());
            return Optional.empty();
        }
    }
}
