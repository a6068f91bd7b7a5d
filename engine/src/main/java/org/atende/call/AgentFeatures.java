package org.atende.call;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.AtendeConfig;
import org.atende.config.ExtensionConfig;

/**
 * What the agent feature codes share across shards: the codes, the agents and their PINs, the extensions' default
 * agents, the ACD, and the guard against PIN guessing. Thread-safe.
 *
 * <p>PIN guessing: each wrong PIN counts against the extension it was keyed at and the agent it was keyed for.
 * {@value #MAX_WRONG} wrong PINs within {@link #WINDOW} lock the extension's log-in (and the agent's, from any
 * extension) for {@link #LOCK}: a 4-digit PIN keyed three times per call would otherwise fall in hours.
 */
public final class AgentFeatures {

    static final int MAX_WRONG = 6;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);

    private final AgentsConfig agents;
    private final Map<String, String> defaultAgents = new ConcurrentHashMap<>();
    private final QueueService queues;
    private final Clock clock;
    private final Map<String, Deque<Instant>> wrong = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();

    public AgentFeatures(AtendeConfig config, QueueService queues, Clock clock) {
        this.agents = config.agents();
        this.queues = queues;
        this.clock = clock;
        for (ExtensionConfig e : config.extensions()) {
            e.defaultAgent().ifPresent(a -> defaultAgents.put(e.number(), a));
        }
    }

    AgentsConfig config() {
        return agents;
    }

    QueueService queues() {
        return queues;
    }

    Clock clock() {
        return clock;
    }

    /** The agent {@code extension} logs in without asking for a number. */
    Optional<String> defaultAgent(String extension) {
        return Optional.ofNullable(defaultAgents.get(extension));
    }

    /** The feature code {@code dialled} is, if it is one ({@code *472}: pause, reason code 2). */
    static Optional<Dialled> match(org.atende.config.FeatureCodes codes, String dialled) {
        String d = dialled.replace("%2A", "*").replace("%2a", "*");
        if (d.equals(codes.login())) {
            return Optional.of(new Dialled(AgentFeature.Code.LOGIN, ""));
        }
        if (d.equals(codes.logout())) {
            return Optional.of(new Dialled(AgentFeature.Code.LOGOUT, ""));
        }
        if (d.equals(codes.unpause())) {
            return Optional.of(new Dialled(AgentFeature.Code.UNPAUSE, ""));
        }
        if (d.startsWith(codes.pause()) && d.substring(codes.pause().length()).matches("\\d{0,2}")) {
            return Optional.of(new Dialled(AgentFeature.Code.PAUSE, d.substring(codes.pause().length())));
        }
        return Optional.empty();
    }

    /** A feature code as dialled: the code and what follows it. */
    record Dialled(AgentFeature.Code code, String argument) {
    }

    /** Whether {@code pin} is {@code agent}'s PIN: false for an unknown agent too. Compared in constant time. */
    boolean pinMatches(String agent, String pin) {
        Optional<AgentConfig> a = agents.agent(agent);
        byte[] expected = a.map(AgentConfig::pin).orElse("\u0000no agent").getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, pin.getBytes(StandardCharsets.UTF_8)) && a.isPresent();
    }

    /** Whether log-ins at {@code extension} or for {@code agent} (null: not known yet) are locked now. */
    boolean locked(String extension, String agent) {
        Instant now = clock.instant();
        return lockedNow("extension " + extension, now) || (agent != null && lockedNow("agent " + agent, now));
    }

    private boolean lockedNow(String key, Instant now) {
        Instant until = lockedUntil.get(key);
        if (until == null) {
            return false;
        }
        if (!now.isBefore(until)) {
            lockedUntil.remove(key, until);
            return false;
        }
        return true;
    }

    /** A wrong PIN keyed at {@code extension} for {@code agent}; returns whether that locked either. */
    boolean wrongPin(String extension, String agent) {
        Instant now = clock.instant();
        boolean a = count("extension " + extension, now);
        boolean b = agents.agent(agent).isPresent() && count("agent " + agent, now); // no key per typo
        return a || b;
    }

    private boolean count(String key, Instant now) {
        Deque<Instant> times = wrong.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.removeFirst();
            }
            if (times.size() >= MAX_WRONG) {
                times.clear();
                lockedUntil.put(key, now.plus(LOCK));
                return true;
            }
            return false;
        }
    }
}
