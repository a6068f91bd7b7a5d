package org.atende.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The contact center's people: the agents ({@code agents:}), why they may pause ({@code pause_reasons:}) and the
 * feature codes they dial ({@code features:}).
 *
 * @param agents       in the order written
 * @param pauseReasons configured reasons by name, in the order written (the built-in ones are not listed)
 * @param features     the feature codes
 */
public record AgentsConfig(List<AgentConfig> agents, Map<String, PauseReason> pauseReasons, FeatureCodes features) {

    public static final AgentsConfig NONE = new AgentsConfig(List.of(), Map.of(), FeatureCodes.DEFAULTS);

    public AgentsConfig {
        agents = List.copyOf(agents);
        pauseReasons = Collections.unmodifiableMap(new LinkedHashMap<>(pauseReasons));
        Objects.requireNonNull(features, "features");
    }

    public Optional<AgentConfig> agent(String id) {
        return agents.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** A configured or built-in reason by name. */
    public Optional<PauseReason> reason(String name) {
        if (PauseReason.GENERIC.name().equals(name)) {
            return Optional.of(PauseReason.GENERIC);
        }
        if (PauseReason.NO_ANSWER.name().equals(name)) {
            return Optional.of(PauseReason.NO_ANSWER);
        }
        return Optional.ofNullable(pauseReasons.get(name));
    }

    /** The configured reason an agent chooses by keying {@code code}. */
    public Optional<PauseReason> reasonByCode(String code) {
        return pauseReasons.values().stream().filter(r -> r.code().filter(code::equals).isPresent()).findFirst();
    }
}
