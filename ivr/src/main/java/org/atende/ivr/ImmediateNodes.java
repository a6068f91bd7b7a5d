package org.atende.ivr;

import java.util.Map;
import java.util.TreeMap;

import org.atende.config.flow.Node;

/**
 * The nodes decided at once, without the caller: a schedule (open or closed now), a branch (the first condition
 * that holds, else otherwise) and a set (variables from templates). Each logs what it decided and names the next
 * node. Not thread-safe: owned by the session's thread.
 */
final class ImmediateNodes {

    private final SessionIo io;
    private final CallVariables variables;

    ImmediateNodes(SessionIo io, CallVariables variables) {
        this.io = io;
        this.variables = variables;
    }

    /** {@code s}, entered as {@code name}: its open or closed node, by the clock. */
    String schedule(String name, Node.Schedule s) {
        boolean open = BusinessHours.isOpen(s, io.now());
        io.log(new Journey.Decided(io.now(), name, open ? "open" : "closed"));
        return open ? s.open() : s.closed();
    }

    String branch(Node.Branch b) {
        for (Node.Condition c : b.conditions()) {
            if (Conditions.holds(c, variables.asMap())) {
                io.log(new Journey.Decided(io.now(), b.name(), c.variable() + " " + c.op() + " " + c.values()));
                return c.next();
            }
        }
        io.log(new Journey.Decided(io.now(), b.name(), "otherwise"));
        return b.otherwise();
    }

    /** Sets {@code a}'s variables in name order, each template resolved before any is set. */
    String assign(Node.Assign a) {
        Map<String, String> resolved = new TreeMap<>();
        a.values().forEach((k, v) -> resolved.put(k, Templates.resolve(v, variables.asMap())));
        resolved.forEach(variables::set);
        return a.next();
    }
}
