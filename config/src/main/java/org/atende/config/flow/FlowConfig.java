package org.atende.config.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IVR flow ({@code flows.<name>} in YAML).
 *
 * @param name the flow's name, referenced by numbers and by {@code route} nodes
 * @param start the first node
 * @param nodes every node by name, in file order
 * @param survey the post-call survey asked when the agent hangs up first, if any
 * @param silenceGap the longest the caller may hear nothing while the flow waits on a look-up; then a hold tone
 *        plays until the result
 */
public record FlowConfig(String name, String start, Map<String, Node> nodes, Optional<Survey> survey,
                         java.time.Duration silenceGap) {

    public static final java.time.Duration DEFAULT_SILENCE_GAP = java.time.Duration.ofMillis(800);
    /**
     * The route node the loader adds for a flow's {@code operator:}: where a menu, collect or look-up without its
     * own {@code on_failure} goes. No node written in YAML can have this name.
     */
    public static final String OPERATOR_NODE = "(operator)";

    public FlowConfig(String name, String start, Map<String, Node> nodes, Optional<Survey> survey) {
        this(name, start, nodes, survey, DEFAULT_SILENCE_GAP);
    }

    public FlowConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        Objects.requireNonNull(survey, "survey");
        Objects.requireNonNull(silenceGap, "silenceGap");
        if (!nodes.containsKey(start)) {
            throw new IllegalArgumentException("flow " + name + ": start node " + start + " does not exist");
        }
    }

    public Node node(String nodeName) {
        Node n = nodes.get(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("flow " + name + " has no node " + nodeName);
        }
        return n;
    }
}
