package org.atende.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atende.config.flow.Node;

/**
 * Checks a flow as a graph of nodes, once each node is bound and every reference resolves: every node is
 * reachable from {@code start} (an unreachable node is a mistake, usually a misspelt {@code next}), and there is
 * no loop without a digit wait: a cycle of nodes none of which is a menu or a collect would spin forever without
 * the caller being able to do anything (play → set → branch → play).
 */
final class FlowGraph {

    private FlowGraph() {
    }

    /** Reports the problems and returns whether there were none. */
    static boolean check(LoadContext ctx, String start, Map<String, Node> nodes, Map<String, YamlValue> where) {
        int before = ctx.problemCount();
        Set<String> reached = reachable(start, nodes);
        for (String name : nodes.keySet()) {
            if (!reached.contains(name) && where.containsKey(name)) { // the operator node is the flow's own
                where.get(name).problem("is never reached: no path from start (" + start + ") leads here");
            }
        }
        Set<String> inReportedLoop = new HashSet<>();
        for (String name : nodes.keySet()) {
            if (!waitsForDigits(nodes.get(name)) && !inReportedLoop.contains(name) && where.containsKey(name)) {
                List<String> loop = loopThrough(name, nodes);
                if (!loop.isEmpty()) {
                    inReportedLoop.addAll(loop);
                    where.get(name).problem("loops without waiting for a digit: " + String.join(" -> ", loop)
                            + " -> " + name + " (the caller could never leave it; put a menu or collect in the loop)");
                }
            }
        }
        return ctx.problemCount() == before;
    }

    /** The nodes a node leads to, in the order written. */
    static Set<String> successors(Node node) {
        Set<String> next = new LinkedHashSet<>();
        if (node instanceof Node.Play p) {
            next.add(p.next());
        } else if (node instanceof Node.Menu m) {
            next.addAll(new java.util.TreeMap<>(m.options()).values());
            next.add(m.onFailure());
        } else if (node instanceof Node.Collect c) {
            next.add(c.next());
            next.add(c.onFailure());
        } else if (node instanceof Node.Schedule s) {
            next.add(s.open());
            next.add(s.closed());
        } else if (node instanceof Node.Lookup l) {
            next.add(l.next());
            next.add(l.onFailure());
        } else if (node instanceof Node.Branch b) {
            b.conditions().forEach(c -> next.add(c.next()));
            next.add(b.otherwise());
        } else if (node instanceof Node.Assign a) {
            next.add(a.next());
        }
        // Route and Hangup end the flow
        return next;
    }

    private static boolean waitsForDigits(Node node) {
        return node instanceof Node.Menu || node instanceof Node.Collect;
    }

    private static Set<String> reachable(String start, Map<String, Node> nodes) {
        Set<String> seen = new LinkedHashSet<>(List.of(start));
        Deque<String> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            for (String next : successors(nodes.get(todo.poll()))) {
                if (seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }

    /**
     * The shortest cycle from {@code from} back to itself through nodes that do not wait for digits, as the
     * list of its nodes starting with {@code from}; empty when there is none.
     */
    private static List<String> loopThrough(String from, Map<String, Node> nodes) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String at = todo.poll();
            for (String next : successors(nodes.get(at))) {
                if (next.equals(from)) {
                    List<String> loop = new ArrayList<>();
                    for (String n = at; n != null; n = parent.get(n)) {
                        loop.add(n);
                    }
                    Collections.reverse(loop);
                    return loop;
                }
                if (!waitsForDigits(nodes.get(next)) && !next.equals(from) && !parent.containsKey(next)) {
                    parent.put(next, at);
                    todo.add(next);
                }
            }
        }
        return List.of();
    }
}
