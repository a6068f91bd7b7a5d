package org.atende.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration of one Atende node, as loaded from one YAML file.
 *
 * @param demo       demo mode: weak passwords allowed, loopback-only binds enforced
 * @param server     listeners, domain, realm, SIP timers, registrar limits
 * @param extensions the SIP endpoints (phones) that register and call
 * @param trunks     carrier trunks that deliver calls to the numbers
 * @param numbers    DID/DNIS numbers and where each call to them goes
 * @param logging    log level and SIP trace switch
 * @param flows      IVR flows by name
 * @param queues     ACD queues by name
 * @param security   trusted addresses, password-guessing guards, per-source rate limits
 * @param dialOut    extensions' calls to external numbers, and the toll-fraud guards on every call out
 * @param agents     the contact center's agents, pause reasons and feature codes
 */
public record AtendeConfig(
        boolean demo,
        ServerConfig server,
        List<ExtensionConfig> extensions,
        List<TrunkConfig> trunks,
        List<NumberConfig> numbers,
        LoggingConfig logging,
        java.util.Map<String, org.atende.config.flow.FlowConfig> flows,
        java.util.Map<String, QueueConfig> queues,
        SecurityConfig security,
        DialOutConfig dialOut,
        AgentsConfig agents) {

    public AtendeConfig {
        agents = agents == null ? AgentsConfig.NONE : agents;
        security = security == null ? SecurityConfig.DEFAULTS : security;
        dialOut = dialOut == null ? DialOutConfig.DEFAULTS : dialOut;
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(logging, "logging");
        extensions = List.copyOf(extensions);
        trunks = List.copyOf(trunks);
        numbers = List.copyOf(numbers);
        flows = flows == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(flows));
        queues = queues == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(queues));
    }

    public AtendeConfig(boolean demo, ServerConfig server, List<ExtensionConfig> extensions, List<TrunkConfig> trunks,
                        List<NumberConfig> numbers, LoggingConfig logging,
                        java.util.Map<String, org.atende.config.flow.FlowConfig> flows,
                        java.util.Map<String, QueueConfig> queues) {
        this(demo, server, extensions, trunks, numbers, logging, flows, queues, null, null, null);
    }

    public AtendeConfig(boolean demo, ServerConfig server, List<ExtensionConfig> extensions, List<TrunkConfig> trunks,
                        List<NumberConfig> numbers, LoggingConfig logging,
                        java.util.Map<String, org.atende.config.flow.FlowConfig> flows,
                        java.util.Map<String, QueueConfig> queues, SecurityConfig security, DialOutConfig dialOut) {
        this(demo, server, extensions, trunks, numbers, logging, flows, queues, security, dialOut, null);
    }

    public AtendeConfig(boolean demo, ServerConfig server, List<ExtensionConfig> extensions, List<TrunkConfig> trunks,
                        List<NumberConfig> numbers, LoggingConfig logging,
                        java.util.Map<String, org.atende.config.flow.FlowConfig> flows) {
        this(demo, server, extensions, trunks, numbers, logging, flows, null, null, null, null);
    }

    public AtendeConfig(boolean demo, ServerConfig server, List<ExtensionConfig> extensions, List<TrunkConfig> trunks,
                        List<NumberConfig> numbers, LoggingConfig logging) {
        this(demo, server, extensions, trunks, numbers, logging, null, null, null, null, null);
    }

    /** The flow named {@code name}, if configured. */
    public Optional<org.atende.config.flow.FlowConfig> flow(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    /** The queue named {@code name}, if configured. */
    public Optional<QueueConfig> queue(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    public Optional<ExtensionConfig> extension(String number) {
        return extensions.stream().filter(e -> e.number().equals(number)).findFirst();
    }

    /** The number entry a dialled number (in any accepted form) maps to. */
    public Optional<NumberConfig> number(String dialled) {
        String normalized = PhoneNumbers.normalize(dialled, server.countryCode());
        return numbers.stream().filter(n -> n.normalized().equals(normalized)).findFirst();
    }
}
