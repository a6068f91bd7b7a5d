package org.atende.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atende.config.ListenConfig.SipTransportName;
import org.atende.config.ServerBinder.Bound;

/**
 * Binds {@code server.media} to a {@link MediaConfig}, reporting every problem in it. The section is checked
 * even when it is not written (its defaults, taken from the first listener, can be unusable too: RTP bound to
 * 0.0.0.0 needs an address to advertise).
 */
final class MediaBinder {

    static final Duration MIN_RTP_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MAX_RTP_TIMEOUT = Duration.ofHours(1);
    static final int MIN_RTP_PORT = 1024;
    static final int MAX_RTP_PORT = 65535;

    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})\\s*-\\s*(\\d{1,5})");
    /** Other names admins write for the two G.711 laws, folded as {@link #fold} does. */
    private static final Map<String, String> CODEC_ALIASES = Map.of(
            "ulaw", "PCMU", "mulaw", "PCMU", "µlaw", "PCMU", "g711u", "PCMU", "g711ulaw", "PCMU", "g711mulaw", "PCMU",
            "alaw", "PCMA", "g711a", "PCMA", "g711alaw", "PCMA");

    private final LoadContext ctx;
    private final boolean demo;
    private final List<Bound> listeners;
    private final Optional<ListenConfig> firstListener;
    private final Path dataDir;

    /**
     * @param listeners     the SIP listeners bound so far, for RTP ports that would collide with them
     * @param firstListener the first listener, empty when the listeners had problems (then nothing is derived
     *                      from it and nothing is reported about it twice)
     */
    MediaBinder(LoadContext ctx, boolean demo, List<Bound> listeners, Optional<ListenConfig> firstListener,
                Path dataDir) {
        this.ctx = ctx;
        this.demo = demo;
        this.listeners = listeners;
        this.firstListener = firstListener;
        this.dataDir = dataDir;
    }

    /** Binds a written {@code server.media} map, or {@link YamlMap#absent} for the defaults. */
    Optional<MediaConfig> bind(YamlMap m) {
        int before = ctx.problemCount();
        Optional<YamlValue> addressValue = m.get("address");
        Optional<String> address = addressValue.isPresent()
                ? addressValue.get().nonEmpty().flatMap(s -> address(addressValue.get(), s))
                : firstListener.map(ListenConfig::address);
        Optional<InetAddress> ip = address.flatMap(Cidr::parseAddress);
        Optional<String> advertised = m.get("advertised_address").flatMap(this::advertisedAddress)
                .or(() -> ip.flatMap(i -> defaultAdvertisedAddress(m, address.get(), i)));
        Optional<int[]> ports = m.get("rtp_ports").flatMap(v -> v.nonEmpty().flatMap(s -> ports(v, s, ip)));
        int[] range = ports.orElse(new int[] {MediaConfig.DEFAULT_RTP_PORT_MIN, MediaConfig.DEFAULT_RTP_PORT_MAX});
        if (m.get("rtp_ports").isEmpty() && ip.isPresent()) {
            sipPortInRange(range, ip.get()).ifPresent(clash -> ctx.problem(m.line(), m.child("rtp_ports"),
                    "the default " + MediaConfig.DEFAULT_RTP_PORT_MIN + "-" + MediaConfig.DEFAULT_RTP_PORT_MAX
                            + " includes " + clash + "; write rtp_ports without it"));
        }
        Duration timeout = m.duration("rtp_timeout", MediaConfig.DEFAULT_RTP_TIMEOUT, MIN_RTP_TIMEOUT);
        if (timeout.compareTo(MAX_RTP_TIMEOUT) > 0) {
            m.get("rtp_timeout").orElseThrow().problem("is longer than " + Durations.format(MAX_RTP_TIMEOUT));
        }
        List<String> codecs = codecs(m);
        Path recordingsDir = m.get("recordings_dir").flatMap(ServerBinder::path)
                .orElse(dataDir.resolve("recordings"));
        // no address (or nothing to advertise) without a problem here means the listeners failed, and said so
        if (ctx.problemCount() != before || address.isEmpty() || advertised.isEmpty()) {
            return Optional.empty();
        }
        return ConfigBinder.build(ctx, m, () -> new MediaConfig(address.get(), advertised.get(), range[0],
                range[1], timeout, codecs, recordingsDir));
    }

    private Optional<String> address(YamlValue v, YamlValue.Scalar s) {
        String a = s.text().strip();
        Optional<InetAddress> ip = Cidr.parseAddress(a);
        if (ip.isEmpty()) {
            v.problem(s.display() + " is not an IP address (RTP binds an address, not a host name)");
            return Optional.empty();
        }
        if (demo && !ip.get().isLoopbackAddress()) {
            v.problem(ServerBinder.demoLoopbackOnly(a));
            return Optional.empty();
        }
        return Optional.of(a);
    }

    private Optional<String> advertisedAddress(YamlValue v) {
        return ServerBinder.host(v, "a host name or IP address").flatMap(h -> {
            if (isWildcard(h)) {
                v.problem(YamlValue.quote(h) + " is not an address phones can send RTP to");
                return Optional.empty();
            }
            return Optional.of(h);
        });
    }

    /**
     * The address itself; for a wildcard (0.0.0.0, ::) the first listener's advertise, the name phones already
     * reach this machine by. When that is a wildcard too there is nothing to put into SDP.
     */
    private Optional<String> defaultAdvertisedAddress(YamlMap m, String address, InetAddress ip) {
        if (!ip.isAnyLocalAddress()) {
            return Optional.of(address);
        }
        if (firstListener.isEmpty()) {
            return Optional.empty();
        }
        String advertise = firstListener.get().advertise();
        if (!isWildcard(advertise)) {
            return Optional.of(advertise);
        }
        ctx.problem(m.line(), m.child("advertised_address"), "is required when RTP binds every address ("
                + YamlValue.quote(address) + "): phones need a real address to send RTP to");
        return Optional.empty();
    }

    /** {@code first-last}: within 1024..65535, holding at least one even port and the odd one after it. */
    private Optional<int[]> ports(YamlValue v, YamlValue.Scalar s, Optional<InetAddress> ip) {
        Matcher matcher = PORT_RANGE.matcher(s.text().strip());
        if (!matcher.matches()) {
            v.problem(s.display() + " is not a port range (write first-last, like 10000-20000)");
            return Optional.empty();
        }
        int min = Integer.parseInt(matcher.group(1));
        int max = Integer.parseInt(matcher.group(2));
        String problem = null;
        if (min > max) {
            problem = "runs backwards (write the lower port first)";
        } else if (min < MIN_RTP_PORT) {
            problem = "starts below " + MIN_RTP_PORT + " (ports under " + MIN_RTP_PORT + " are for system services)";
        } else if (max > MAX_RTP_PORT) {
            problem = "ends above " + MAX_RTP_PORT;
        } else if (max < min + 1 + (min % 2)) {
            problem = "holds no RTP/RTCP pair (an even port for RTP and the odd port after it for RTCP)";
        }
        if (problem == null && ip.isPresent()) {
            problem = sipPortInRange(new int[] {min, max}, ip.get()).map(clash -> "includes " + clash).orElse(null);
        }
        if (problem != null) {
            v.problem(s.display() + " " + problem);
            return Optional.empty();
        }
        return Optional.of(new int[] {min, max});
    }

    /** The first UDP listener whose port lies in the range on an address RTP would share, described. */
    private Optional<String> sipPortInRange(int[] range, InetAddress rtp) {
        return listeners.stream()
                .filter(b -> b.transport() == SipTransportName.UDP && b.port() >= range[0] && b.port() <= range[1]
                        && b.sharesAddressWith(rtp))
                .findFirst()
                .map(b -> b.port() + ", where " + b.path() + " (line " + b.line() + ") receives SIP over udp");
    }

    /** Names from {@link MediaConfig#SUPPORTED_CODECS}, any case, each once, at least one. */
    private List<String> codecs(YamlMap m) {
        List<String> codecs = new ArrayList<>();
        Optional<List<YamlValue>> items = m.get("codecs").flatMap(YamlValue::list);
        items.ifPresent(list -> list.forEach(item -> item.nonEmpty().ifPresent(v -> {
            String name = v.text().strip().toUpperCase(Locale.ROOT);
            if (!MediaConfig.SUPPORTED_CODECS.contains(name)) {
                item.problem(v.display() + " is not a supported codec (" + suggestCodec(v.text().strip())
                        .map(c -> "did you mean " + c + "?")
                        .orElse(String.join(", ", MediaConfig.SUPPORTED_CODECS)) + ")");
            } else if (codecs.contains(name)) {
                item.problem(v.display() + " is listed twice");
            } else {
                codecs.add(name);
            }
        })));
        if (items.isPresent() && items.get().isEmpty()) {
            ctx.problem(m.get("codecs").orElseThrow().line(), m.child("codecs"),
                    "must name at least one codec (" + String.join(", ", MediaConfig.SUPPORTED_CODECS) + ")");
        }
        return codecs.isEmpty() ? MediaConfig.SUPPORTED_CODECS : codecs;
    }

    /** PCMU for "ulaw", "G.711u", "PCMU/8000" or "PCUM"; empty for a codec that is simply not offered. */
    private static Optional<String> suggestCodec(String written) {
        String folded = fold(written);
        String alias = CODEC_ALIASES.get(folded);
        if (alias != null) {
            return Optional.of(alias);
        }
        return YamlMap.closest(folded, MediaConfig.SUPPORTED_CODECS);
    }

    /** Lower case without '.', '-', '_', spaces or an SDP clock rate ("/8000"). */
    private static String fold(String codec) {
        return codec.toLowerCase(Locale.ROOT).replaceAll("/8000$", "").replaceAll("[.\\-_\\s]", "");
    }

    private static boolean isWildcard(String host) {
        return Cidr.parseAddress(host).map(InetAddress::isAnyLocalAddress).orElse(false);
    }
}
