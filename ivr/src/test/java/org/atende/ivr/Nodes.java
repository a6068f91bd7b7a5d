package org.atende.ivr;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;

/** Short constructors for test flows. */
final class Nodes {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T13:00:00Z"), ZoneOffset.UTC);
    static final Map<String, String> CALL = Map.of("caller", "11999990000", "dialled", "08001234567");

    private Nodes() {
    }

    static Prompt file(String name) {
        return new Prompt.File(Path.of(name + ".wav"));
    }

    static FlowConfig flow(String name, Node... nodes) {
        Map<String, Node> byName = new LinkedHashMap<>();
        for (Node n : nodes) {
            byName.put(n.name(), n);
        }
        return new FlowConfig(name, nodes[0].name(), byName, Optional.empty());
    }

    static FlowSession session(Node... nodes) {
        return new FlowSession(flow("main", nodes), CLOCK, CALL, n -> Optional.empty());
    }

    /** A session on a flow that starts at {@code start} rather than at the first node. */
    static FlowSession sessionAt(String start, Node... nodes) {
        return new FlowSession(new FlowConfig("main", start, flow("main", nodes).nodes(), Optional.empty()), CLOCK,
                CALL, n -> Optional.empty());
    }

    static Node.Play play(String name, boolean interruptible, String next) {
        return new Node.Play(name, List.of(file(name)), interruptible, next);
    }

    static Node.Menu menu(String name, Map<Character, String> options, int retries, String onFailure) {
        return new Node.Menu(name, List.of(file(name)), options, Duration.ofSeconds(5), retries,
                List.of(file("invalid")), List.of(file("noinput")), onFailure);
    }

    static Node.Collect collect(String name, int min, int max, Node.Rule rule, String variable, boolean confirm,
            int retries, String next, String onFailure) {
        return new Node.Collect(name, List.of(file(name)), min, max, Optional.of('#'), Duration.ofSeconds(5),
                Duration.ofSeconds(3), rule, variable,
                confirm ? List.of(file("you-typed"), new Prompt.SayDigits(variable), file("press-1")) : List.of(),
                retries, List.of(file("invalid")), next, onFailure);
    }

    static Node.Route queue(String name, String queue) {
        return new Node.Route(name, new Node.Target.Queue(queue));
    }

    static Node.Hangup hangup(String name) {
        return new Node.Hangup(name, List.of(file("bye")));
    }
}
