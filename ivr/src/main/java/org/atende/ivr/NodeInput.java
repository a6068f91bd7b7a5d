package org.atende.ivr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;

/**
 * What the current menu or collect node makes of the caller's keys: a menu's option, a collect's digits, its value
 * and the confirmation of it, the attempts used and the retries, until the node needs the caller again or is done.
 * Each answer is the node's next {@link Step}, which {@link FlowSession} carries out (the states are its own).
 * Keys are taken from the {@link TypeAhead} as long as some wait; used keys, rejected input, giving up and the
 * value set are logged to the journey. Not thread-safe: owned by the session's thread.
 */
final class NodeInput {

    /** What the node needs next. */
    sealed interface Step {
    }

    /** The node is done: the call goes on to {@code node}. */
    record Leave(String node) implements Step {
    }

    /** Ask (again): play {@code prompts}, interruptible, then wait for a key; with no prompts, just wait. */
    record Ask(List<Prompt> prompts) implements Step {
    }

    /** A collect waits {@code timeout} for its next digit. */
    record Wait(Duration timeout) implements Step {
    }

    /** A collect asks to confirm its value: play {@code prompts} (interruptible), speaking {@code values}. */
    record Confirm(List<Prompt> prompts, Map<String, String> values) implements Step {
    }

    private final SessionIo io;
    private final TypeAhead typeAhead;
    private final CallVariables variables;
    private final StringBuilder digits = new StringBuilder();
    private int attempts;
    private String pendingValue;

    NodeInput(SessionIo io, TypeAhead typeAhead, CallVariables variables) {
        this.io = io;
        this.typeAhead = typeAhead;
        this.variables = variables;
    }

    /** A new node: no attempt used, no digit, nothing to confirm. */
    void reset() {
        attempts = 0;
        digits.setLength(0);
        pendingValue = null;
    }

    /** The menu or collect {@code n} asks with {@code prompts}; with keys waiting it skips them and takes keys. */
    Step ask(Node n, List<Prompt> prompts) {
        return typeAhead.isEmpty() ? new Ask(prompts) : take(n);
    }

    /** The menu or collect {@code n} takes the waiting keys (at least one). */
    Step take(Node n) {
        if (n instanceof Node.Menu m) {
            String target = m.options().get(typeAhead.take(m.name()));
            return target != null ? new Leave(target) : menuFailed(m, "invalid");
        }
        Node.Collect c = (Node.Collect) n;
        return collected(c, collect(c));
    }

    /** The menu or collect {@code n} waited for a key in vain. */
    Step timedOut(Node n) {
        if (n instanceof Node.Menu m) {
            return menuFailed(m, "no input");
        }
        Node.Collect c = (Node.Collect) n;
        if (digits.length() == 0) {
            return collectFailed(c, "no input");
        } else if (digits.length() >= c.minDigits()) {
            return collectComplete(c);
        } else {
            return collectFailed(c, "too short");
        }
    }

    /** The key waiting answers {@code c}'s confirmation: 1 accepts the value. */
    Step confirmation(Node.Collect c) {
        if (typeAhead.take(c.name()) == '1') {
            return accept(c, pendingValue);
        }
        return collectFailed(c, "not confirmed");
    }

    /** {@code c}'s confirmation got no key in time. */
    Step notConfirmed(Node.Collect c) {
        return collectFailed(c, "not confirmed");
    }

    // ---- menu

    private Step menuFailed(Node.Menu m, String reason) {
        io.log(new Journey.InputRejected(io.now(), m.name(), reason));
        if (++attempts > m.retries()) {
            return giveUp(m.name(), m.onFailure());
        }
        return ask(m, concat(reason.equals("invalid") ? m.invalid() : m.noInput(), m.prompts()));
    }

    private Step giveUp(String name, String onFailure) {
        io.log(new Journey.Decided(io.now(), name, "failure after " + attempts + " attempts"));
        return new Leave(onFailure);
    }

    // ---- collect

    /** Where {@code c} stands after taking the waiting keys, up to its terminator or its max digits. */
    private enum Collected { COMPLETE, NO_INPUT, TOO_SHORT, MORE }

    private Collected collect(Node.Collect c) {
        while (!typeAhead.isEmpty()) {
            char d = typeAhead.take(c.name());
            if (c.terminator().isPresent() && c.terminator().get() == d) {
                if (digits.length() >= c.minDigits()) {
                    return Collected.COMPLETE;
                }
                return digits.length() == 0 ? Collected.NO_INPUT : Collected.TOO_SHORT;
            }
            digits.append(d);
            if (digits.length() == c.maxDigits()) {
                return Collected.COMPLETE;
            }
        }
        return Collected.MORE;
    }

    private Step collected(Node.Collect c, Collected where) {
        return switch (where) {
            case COMPLETE -> collectComplete(c);
            case NO_INPUT -> collectFailed(c, "no input");
            case TOO_SHORT -> collectFailed(c, "too short");
            case MORE -> new Wait(digits.length() == 0 ? c.firstDigitTimeout() : c.interDigitTimeout());
        };
    }

    private Step collectComplete(Node.Collect c) {
        String value = digits.toString();
        digits.setLength(0);
        if (!DigitRules.isValid(c.rule(), value)) {
            return collectFailed(c, "rule");
        } else if (c.confirm().isEmpty()) {
            return accept(c, value);
        }
        pendingValue = value;
        return typeAhead.isEmpty() ? new Confirm(c.confirm(), variables.with(c.variable(), value)) : confirmation(c);
    }

    private Step accept(Node.Collect c, String value) {
        variables.set(c.variable(), value);
        return new Leave(c.next());
    }

    /**
     * Invalid, too short, no input and a refused confirmation all count as attempts, so a collect always ends in
     * {@code next} or {@code onFailure}.
     */
    private Step collectFailed(Node.Collect c, String reason) {
        io.log(new Journey.InputRejected(io.now(), c.name(), reason));
        digits.setLength(0);
        pendingValue = null;
        if (++attempts > c.retries()) {
            return giveUp(c.name(), c.onFailure());
        }
        return ask(c, concat(c.invalid(), c.prompts()));
    }

    private static List<Prompt> concat(List<Prompt> a, List<Prompt> b) {
        List<Prompt> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
