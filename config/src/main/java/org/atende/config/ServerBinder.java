package org.atende.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.atende.config.ListenConfig.SipTransportName;

/** Binds the {@code server:} section to a {@link ServerConfig}, reporting every problem in it. */
final class ServerBinder {

    static final String DEFAULT_COUNTRY_CODE = "55";
    static final String DEFAULT_ADDRESS = "127.0.0.1";
    static final int DEFAULT_PORT = 5060;
    static final int DEFAULT_MAX_MESSAGE_SIZE = 65535;
    static final String DEFAULT_DATA_DIR = "./data";
    static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private static final Pattern COUNTRY_CODE = Pattern.compile("[1-9]\\d{0,2}");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[\\d.]+");
    private static final Duration ONE_MS = Duration.ofMillis(1);
    private static final Duration ONE_S = Duration.ofSeconds(1);

    /** A listener already seen, for duplicate checks (and RTP ports that would collide with it). */
    record Bound(SipTransportName transport, InetAddress address, int port, String path, int line) {
        boolean conflictsWith(Bound o) {
            return transport.stream() == o.transport.stream() && port == o.port && sharesAddressWith(o.address);
        }

        /** Whether a socket on {@code other} would receive what this one receives (same address, or a wildcard). */
        boolean sharesAddressWith(InetAddress other) {
            return address.equals(other) || (address.getClass() == other.getClass()
                    && (address.isAnyLocalAddress() || other.isAnyLocalAddress()));
        }
    }

    private final LoadContext ctx;
    private final boolean demo;
    private final List<Bound> bound = new ArrayList<>();
    private String countryCode = DEFAULT_COUNTRY_CODE;

    ServerBinder(LoadContext ctx, boolean demo) {
        this.ctx = ctx;
        this.demo = demo;
    }

    /** The country code read (or the default), usable even when the section had problems. */
    String countryCode() {
        return countryCode;
    }

    Optional<ServerConfig> bind(YamlMap s) {
        int before = ctx.problemCount();
        Optional<String> domain = s.required("domain").flatMap(v -> host(v, "a host name or IP address"));
        String realm = s.get("realm").flatMap(ServerBinder::headerText).orElse(domain.orElse(""));
        s.get("country_code").flatMap(YamlValue::nonEmpty).ifPresent(v -> {
            String cc = v.text().strip();
            if (COUNTRY_CODE.matcher(cc).matches()) {
                countryCode = cc;
            } else {
                s.get("country_code").orElseThrow()
                        .problem(v.display() + " is not a country calling code (1 to 3 digits, like \"55\")");
            }
        });
        List<ListenConfig> listen = new ArrayList<>();
        int beforeListen = ctx.problemCount();
        s.required("listen").flatMap(YamlValue::list).ifPresent(items -> {
            if (items.isEmpty()) {
                s.get("listen").orElseThrow().problem("needs at least one listener");
            }
            for (YamlValue item : items) {
                item.map().flatMap(this::listen).ifPresent(listen::add);
            }
        });
        // media defaults come from the first listener, which is known only when every listener bound
        Optional<ListenConfig> firstListener = ctx.problemCount() == beforeListen && !listen.isEmpty()
                ? Optional.of(listen.get(0)) : Optional.empty();
        int maxMessageSize = s.integer("max_message_size", DEFAULT_MAX_MESSAGE_SIZE, 1024, 1_048_576);
        Path dataDir = s.get("data_dir").flatMap(ServerBinder::path).orElse(Path.of(DEFAULT_DATA_DIR));
        TimerConfig timers = s.get("timers").flatMap(YamlValue::map).map(this::timers).orElse(TimerConfig.RFC3261);
        RegistrarConfig registrar = s.get("registrar").flatMap(YamlValue::map).map(this::registrar)
                .orElse(RegistrarConfig.DEFAULTS);
        Duration shutdownGrace = s.duration("shutdown_grace", DEFAULT_SHUTDOWN_GRACE, Duration.ZERO);
        DnsConfig dns = s.get("dns").flatMap(YamlValue::map).map(this::dns).orElse(DnsConfig.DEFAULTS);
        Optional<YamlValue> mediaValue = s.get("media");
        MediaBinder mediaBinder = new MediaBinder(ctx, demo, bound, firstListener, dataDir);
        Optional<MediaConfig> media = mediaValue.isPresent()
                ? mediaValue.get().map().flatMap(mediaBinder::bind)
                : mediaBinder.bind(YamlMap.absent(s.child("media"), s.line(), ctx));
        SessionTimerConfig sessionTimers = s.get("session_timers").flatMap(YamlValue::map).map(this::sessionTimers)
                .orElse(SessionTimerConfig.DEFAULTS);
        TlsClientConfig tls = s.get("tls").flatMap(YamlValue::map).map(this::tlsClient).orElse(TlsClientConfig.DEFAULTS);
        if (ctx.problemCount() != before || media.isEmpty()) {
            return Optional.empty();
        }
        return build(s, () -> new ServerConfig(domain.orElseThrow(), realm, countryCode, listen, maxMessageSize,
                dataDir, timers, registrar, shutdownGrace, media.get(), tls, dns, sessionTimers));
    }

    private DnsConfig dns(YamlMap d) {
        List<InetSocketAddress> servers = new ArrayList<>();
        d.get("servers").flatMap(YamlValue::list).ifPresent(items -> items.forEach(item -> item.nonEmpty()
                .ifPresent(v -> dnsServer(v.text().strip()).ifPresentOrElse(server -> {
                    if (servers.contains(server)) {
                        item.problem(v.display() + " is listed twice");
                    } else {
                        servers.add(server);
                    }
                }, () -> item.problem(v.display() + " is not a DNS server (an IP address, optionally with :port;"
                        + " not a host name)")))));
        Duration timeout = d.duration("timeout", DnsConfig.DEFAULT_TIMEOUT, DnsConfig.MIN_TIMEOUT);
        if (timeout.compareTo(DnsConfig.MAX_TIMEOUT) > 0) {
            problemAt(d, "timeout", "is longer than " + Durations.format(DnsConfig.MAX_TIMEOUT));
            timeout = DnsConfig.DEFAULT_TIMEOUT;
        }
        return new DnsConfig(servers, timeout);
    }

    /** {@code 192.0.2.53}, {@code 192.0.2.53:5353}, {@code 2001:db8::53}, {@code [2001:db8::53]:5353}. */
    static Optional<InetSocketAddress> dnsServer(String text) {
        String host = text;
        int port = DnsConfig.DEFAULT_PORT;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                Optional<Integer> p = port(rest.substring(1));
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                port = p.get();
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            Optional<Integer> p = port(text.substring(text.indexOf(':') + 1));
            if (p.isEmpty()) {
                return Optional.empty();
            }
            port = p.get();
        }
        int chosenPort = port;
        return Cidr.parseAddress(host).map(a -> new InetSocketAddress(a, chosenPort));
    }

    private static Optional<Integer> port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int p = Integer.parseInt(text);
        return p >= 1 && p <= 65535 ? Optional.of(p) : Optional.empty();
    }

    private Optional<ListenConfig> listen(YamlMap l) {
        int before = ctx.problemCount();
        SipTransportName transport = l.get("transport").flatMap(v -> v.nonEmpty().flatMap(t -> {
            Optional<SipTransportName> parsed = SipTransportName.parse(t.text());
            if (parsed.isEmpty()) {
                v.problem(t.display() + " is not a transport (udp, tcp or tls)");
            }
            return parsed;
        })).orElse(SipTransportName.UDP);
        Optional<YamlValue> addressValue = l.get("address");
        String address = addressValue.flatMap(YamlValue::nonEmpty).map(a -> a.text().strip()).orElse(DEFAULT_ADDRESS);
        Optional<InetAddress> ip = Cidr.parseAddress(address);
        YamlValue addressOrItem = addressValue.orElse(null);
        if (ip.isEmpty()) {
            if (addressOrItem != null) {
                addressOrItem.problem(YamlValue.quote(address)
                        + " is not an IP address (a listener binds an address, not a host name)");
            }
        } else if (demo && !ip.get().isLoopbackAddress()) {
            ctx.problem(addressOrItem == null ? l.line() : addressOrItem.line(), l.child("address"),
                    demoLoopbackOnly(address));
        }
        int port = l.integer("port", DEFAULT_PORT, 1, 65535);
        String advertise = l.get("advertise").flatMap(v -> host(v, "a host name or IP address")).orElse(address);
        Path certificate = tlsFile(l, transport, "certificate");
        Path privateKey = tlsFile(l, transport, "private_key");
        if (ctx.problemCount() != before) {
            return Optional.empty();
        }
        Bound b = new Bound(transport, ip.orElseThrow(), port, l.path(), l.line());
        for (Bound other : bound) {
            if (b.conflictsWith(other)) {
                ctx.problem(l.line(), l.path(), transport.yamlName() + " " + address + ":" + port
                        + " overlaps " + other.path() + " (line " + other.line() + ")");
                return Optional.empty();
            }
        }
        bound.add(b);
        return build(l, () -> new ListenConfig(transport, address, port, advertise, certificate, privateKey));
    }

    /**
     * A TLS listener's {@code key} (certificate or private key): required, a path relative to the configuration
     * file's folder; on a UDP or TCP listener it is a mistake. The files are read when the listener binds (a missing
     * or unreadable one stops the start, naming it), so that the reference file can show the keys.
     */
    private Path tlsFile(YamlMap l, SipTransportName transport, String key) {
        Optional<YamlValue> value = l.get(key);
        if (transport != SipTransportName.TLS) {
            value.ifPresent(v -> v.problem("only a tls listener has a " + key));
            return null;
        }
        if (value.isEmpty()) {
            ctx.problem(l.line(), l.child(key), "a tls listener needs a " + key + " (a PEM file)");
            return null;
        }
        return value.flatMap(ServerBinder::path).map(p -> ctx.baseDir().resolve(p)).orElse(null);
    }

    private SessionTimerConfig sessionTimers(YamlMap t) {
        SessionTimerConfig d = SessionTimerConfig.DEFAULTS;
        boolean enabled = t.bool("enabled", d.enabled());
        Duration minSe = t.duration("min_se", d.minSe(), ONE_S);
        Duration expires = t.duration("expires", d.expires(), ONE_S);
        if (expires.compareTo(minSe) < 0) {
            problemAt(t, "expires", "must not be shorter than min_se (" + Durations.format(minSe) + ")");
            return d;
        }
        return new SessionTimerConfig(enabled, expires, minSe);
    }

    private TlsClientConfig tlsClient(YamlMap t) {
        Optional<Path> ca = t.get("ca_certificates").flatMap(v -> ServerBinder.path(v).flatMap(p -> {
            Path file = ctx.baseDir().resolve(p);
            if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
                v.problem(YamlValue.quote(file.toString()) + " is not a readable file");
                return Optional.empty();
            }
            return Optional.of(file);
        }));
        return new TlsClientConfig(ca, t.bool("verify_server", true));
    }

    private TimerConfig timers(YamlMap t) {
        TimerConfig d = TimerConfig.RFC3261;
        Duration t1 = t.duration("t1", d.t1(), ONE_MS);
        Duration t2 = t.duration("t2", d.t2(), ONE_MS);
        Duration t4 = t.duration("t4", d.t4(), ONE_MS);
        if (t2.compareTo(t1) < 0) {
            problemAt(t, "t2", "must not be shorter than t1 (" + Durations.format(t1) + ")");
            return d;
        }
        return new TimerConfig(t1, t2, t4);
    }

    private RegistrarConfig registrar(YamlMap r) {
        RegistrarConfig d = RegistrarConfig.DEFAULTS;
        Duration min = r.duration("min_expires", d.minExpires(), ONE_S);
        Duration max = r.duration("max_expires", d.maxExpires(), ONE_S);
        Duration dflt = r.duration("default_expires", d.defaultExpires(), ONE_S);
        Duration nonce = r.duration("nonce_lifetime", d.nonceLifetime(), ONE_S);
        boolean ok = true;
        List<String> algorithms = new java.util.ArrayList<>();
        Optional<List<YamlValue>> items = r.get("digest_algorithms").flatMap(YamlValue::list);
        items.ifPresent(list -> list.forEach(item -> item.nonEmpty().ifPresent(v -> {
            String name = v.text().strip().toUpperCase(java.util.Locale.ROOT);
            if (!RegistrarConfig.ALGORITHMS.contains(name)) {
                item.problem(v.display() + " is not a digest algorithm (use SHA-256 or MD5)");
            } else if (algorithms.contains(name)) {
                item.problem(v.display() + " is listed twice");
            } else {
                algorithms.add(name);
            }
        })));
        if (items.isPresent() && items.get().isEmpty()) {
            problemAt(r, "digest_algorithms", "must name at least one algorithm (SHA-256, MD5)");
            ok = false;
        }
        if (algorithms.isEmpty()) {
            algorithms.addAll(d.digestAlgorithms());
        }
        if (max.compareTo(min) < 0) {
            problemAt(r, "max_expires", "must not be shorter than min_expires (" + Durations.format(min) + ")");
            ok = false;
        }
        if (dflt.compareTo(min) < 0 || dflt.compareTo(max) > 0) {
            problemAt(r, "default_expires", "must lie between min_expires (" + Durations.format(min)
                    + ") and max_expires (" + Durations.format(max) + ")");
            ok = false;
        }
        return ok ? new RegistrarConfig(min, max, dflt, nonce, algorithms) : d;
    }

    /** A problem about a key, at its line when written or at its map's line when defaulted. */
    private void problemAt(YamlMap map, String key, String message) {
        ctx.problem(map.get(key).map(YamlValue::line).orElse(map.line()), map.child(key), message);
    }

    private <T> Optional<T> build(YamlMap where, Supplier<T> constructor) {
        return ConfigBinder.build(ctx, where, constructor);
    }

    /** Why demo mode refuses to bind {@code address} (a listener's or RTP's). */
    static String demoLoopbackOnly(String address) {
        return "demo mode listens on loopback addresses only (127.0.0.1, ::1), not " + YamlValue.quote(address)
                + "; set demo: false (and strong passwords) to listen on the network";
    }

    /** A host name or IP literal (used for domain and advertise). */
    static Optional<String> host(YamlValue v, String what) {
        return v.nonEmpty().flatMap(s -> {
            String h = s.text().strip();
            if (isHostOrAddress(h)) {
                return Optional.of(h);
            }
            v.problem(s.display() + " is not " + what);
            return Optional.empty();
        });
    }

    static boolean isHostOrAddress(String s) {
        if (Cidr.parseAddress(s).isPresent()) {
            return true;
        }
        // digits and dots only would be an IPv4 address, and it is not a valid one
        return HOST.matcher(s).matches() && !DIGITS_AND_DOTS.matcher(s).matches();
    }

    /** Text that goes into a SIP header's quoted string: no quotes, backslashes or control characters. */
    static Optional<String> headerText(YamlValue v) {
        return v.nonEmpty().flatMap(s -> {
            if (s.text().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '"' || c == '\\')) {
                v.problem("must not contain quotes, backslashes or control characters");
                return Optional.empty();
            }
            return Optional.of(s.text());
        });
    }

    static Optional<Path> path(YamlValue v) {
        return v.nonEmpty().flatMap(s -> {
            try {
                return Optional.of(Path.of(s.text()));
            } catch (InvalidPathException e) {
                v.problem(s.display() + " is not a file path (" + e.getReason() + ")");
                return Optional.empty();
            }
        });
    }
}
