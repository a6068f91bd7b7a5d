package org.atende.ivr;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Node.Target;
import org.atende.config.flow.Prompt;
import org.atende.ivr.Journey.Outcome;

/**
 * Runs one call through an IVR flow: {@link #start()} and {@link #on(IvrEvent)} return the {@link IvrCommand}s
 * the engine must carry out. No I/O, no clock of its own: the same flow, clock and events always give the same
 * commands, which is what lets property tests drive random calls through it.
 *
 * <pre>
 *   NEW ─start→ (node) ─┬─ play ──────── PLAYING ──finished/key (interruptible)──→ next
 *                       ├─ menu/collect ─ PROMPTING ─finished/key→ WAITING ─key/timer→ next | retry | onFailure
 *                       │                 collect with confirm: CONFIRMING → AWAITING_CONFIRMATION ─1→ next
 *                       ├─ lookup ─────── LOOKING_UP ─result/guard timer→ next | onFailure
 *                       ├─ schedule, branch, set, route to flow: decided at once → next
 *                       └─ route, hangup → ENDED (RouteTo / Hangup is the last command)
 * </pre>
 *
 * <p>Keys are never lost: every key goes into a type-ahead buffer, and menus and collects take keys from it in
 * the order pressed. A key stops an interruptible prompt (and an interruptible {@code play} node) and waits for the
 * next menu or collect; keys pressed during a non-interruptible prompt or a look-up wait too. A menu, collect,
 * confirmation or interruptible play reached with keys waiting skips its prompt (the caller already answered).
 * A refused confirmation counts as a failed attempt, so a collect always ends in {@code next} or {@code onFailure}.
 *
 * <p>Safety limits, so a call never circles forever: at most {@link #MAX_FLOW_HOPS} routes to other flows, and at
 * most {@link #MAX_NODES_WITHOUT_INPUT} nodes entered without the caller's keys being used; either ends the call
 * with a {@link IvrCommand.Hangup} and {@link Outcome#FAILED}. A look-up gets a guard timer (its timeout times its
 * attempts plus {@link #LOOKUP_GRACE}) so a lost result still leads to {@code onFailure}.
 *
 * <p>Not thread-safe: owned by the call's event loop.
 */
public final class FlowSession {

    /** How many times a call may be routed into another flow. */
    public static final int MAX_FLOW_HOPS = 10;
    /** How many nodes a call may pass through without using a key before it is ended. */
    public static final int MAX_NODES_WITHOUT_INPUT = 50;
    /** Added to a look-up's own time budget before the session gives up on it. */
    public static final Duration LOOKUP_GRACE = Duration.ofSeconds(1);

    private enum State { NEW, PLAYING, PROMPTING, WAITING, CONFIRMING, AWAITING_CONFIRMATION, LOOKING_UP, ENDED }

    private final Function<String, Optional<FlowConfig>> flows;
    private final SessionIo io;
    private final Map<String, String> variables;
    private final Deque<Character> typeAhead = new ArrayDeque<>();
    private final StringBuilder digits = new StringBuilder();
    private FlowConfig flow;
    private Node node;
    private State state = State.NEW;
    private String nextNode;
    private int attempts;
    private String pendingValue;
    private Instant lookupStarted;
    private int hops;
    private int nodesWithoutInput;

    /**
     * @param flow the flow the call enters
     * @param clock for schedules and journey timestamps
     * @param variables the call's initial variables, at least {@code caller} and {@code dialled}
     * @param flows resolves {@code route: {flow: NAME}} targets; empty for an unknown flow
     */
    public FlowSession(FlowConfig flow, Clock clock, Map<String, String> variables,
            Function<String, Optional<FlowConfig>> flows) {
        this.flow = Objects.requireNonNull(flow, "flow");
        this.io = new SessionIo(Objects.requireNonNull(clock, "clock"));
        this.variables = new LinkedHashMap<>(variables);
        this.flows = Objects.requireNonNull(flows, "flows");
    }

    /** Enters the flow's start node; call once. */
    public List<IvrCommand> start() {
        if (state != State.NEW) {
            throw new IllegalStateException("session already started");
        }
        goTo(flow.start());
        run();
        return io.drain();
    }

    /** Handles one event; stale events (an id that is no longer current) and events after the end give nothing. */
    public List<IvrCommand> on(IvrEvent event) {
        if (state == State.NEW || state == State.ENDED) {
            return List.of();
        }
        if (event instanceof IvrEvent.DigitReceived d) {
            onDigit(d);
        } else if (event instanceof IvrEvent.PromptFinished p) {
            if (io.isCurrentPlayback(p.playbackId())) {
                io.playbackFinished();
                onPromptFinished();
            }
        } else if (event instanceof IvrEvent.TimerFired t) {
            if (io.isCurrentTimer(t.timerId())) {
                io.timerFired();
                onTimer();
            }
        } else if (event instanceof IvrEvent.LookupSucceeded s) {
            if (io.isCurrentLookup(s.lookupId())) {
                lookupSucceeded(s);
            }
        } else if (event instanceof IvrEvent.LookupFailed f) {
            if (io.isCurrentLookup(f.lookupId())) {
                lookupFailed(f.reason(), f.latencyMs());
            }
        } else if (event instanceof IvrEvent.CallerHungUp) {
            state = State.ENDED;
            io.log(new Journey.Ended(io.now(), Outcome.CALLER_HUNG_UP, "in " + node.name(), Optional.empty()));
            io.drain();
            return List.of();
        }
        run();
        return io.drain();
    }

    public boolean isFinished() {
        return state == State.ENDED;
    }

    /** The call's variables now (initial, set, collected, looked up). */
    public Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    /** The step log so far (complete once {@link #isFinished()}). */
    public Journey journey() {
        return io.journey();
    }

    /** The flow the call is in (changes on a route to another flow). */
    public String flowName() {
        return flow.name();
    }

    /** The node the call is at, empty before {@link #start()}. */
    public Optional<String> nodeName() {
        return Optional.ofNullable(node).map(Node::name);
    }

    // ---- events

    private void onDigit(IvrEvent.DigitReceived d) {
        io.log(new Journey.DigitPressed(io.now(), d.digit(), d.durationMs()));
        nodesWithoutInput = 0;
        typeAhead.addLast(d.digit());
        switch (state) {
            case PLAYING -> {
                Node.Play play = (Node.Play) node;
                if (play.interruptible()) {
                    goTo(play.next());
                }
            }
            case PROMPTING -> {
                io.stopPlayback();
                state = State.WAITING;
                takeInput();
            }
            case WAITING -> {
                io.cancelTimer();
                takeInput();
            }
            case CONFIRMING -> {
                io.stopPlayback();
                state = State.AWAITING_CONFIRMATION;
                takeConfirmation((Node.Collect) node);
            }
            case AWAITING_CONFIRMATION -> {
                io.cancelTimer();
                takeConfirmation((Node.Collect) node);
            }
            default -> {
                // LOOKING_UP: the key waits in the buffer
            }
        }
    }

    private void onPromptFinished() {
        switch (state) {
            case PLAYING -> goTo(((Node.Play) node).next());
            case PROMPTING -> {
                state = State.WAITING;
                io.startTimer(firstTimeout());
            }
            case CONFIRMING -> {
                state = State.AWAITING_CONFIRMATION;
                io.startTimer(((Node.Collect) node).firstDigitTimeout());
            }
            default -> {
                // no playback is current in the other states
            }
        }
    }

    private void onTimer() {
        switch (state) {
            case WAITING -> {
                if (node instanceof Node.Menu m) {
                    menuFailed(m, "no input");
                } else {
                    Node.Collect c = (Node.Collect) node;
                    if (digits.length() == 0) {
                        collectFailed(c, "no input");
                    } else if (digits.length() >= c.minDigits()) {
                        collectComplete(c);
                    } else {
                        collectFailed(c, "too short");
                    }
                }
            }
            case AWAITING_CONFIRMATION -> collectFailed((Node.Collect) node, "not confirmed");
            case LOOKING_UP -> lookupFailed("no result in time",
                    Duration.between(lookupStarted, io.now()).toMillis());
            default -> {
                // no timer is current in the other states
            }
        }
    }

    // ---- node entry (a trampoline: goTo only names the next node, run() enters it, so chains never recurse)

    private void goTo(String name) {
        nextNode = name;
    }

    private void run() {
        while (nextNode != null && state != State.ENDED) {
            String name = nextNode;
            nextNode = null;
            enter(name);
        }
    }

    private void enter(String name) {
        io.cancelTimer();
        io.stopPlayback();
        if (++nodesWithoutInput > MAX_NODES_WITHOUT_INPUT) {
            fail(MAX_NODES_WITHOUT_INPUT + " nodes without input");
            return;
        }
        if (!flow.nodes().containsKey(name)) {
            fail("flow " + flow.name() + " has no node " + name);
            return;
        }
        node = flow.node(name);
        attempts = 0;
        digits.setLength(0);
        pendingValue = null;
        io.log(new Journey.NodeEntered(io.now(), flow.name(), name));
        if (node instanceof Node.Play p) {
            if (p.prompts().isEmpty() || (p.interruptible() && !typeAhead.isEmpty())) {
                goTo(p.next());
            } else {
                state = State.PLAYING;
                io.play(p.prompts(), p.interruptible(), variables);
            }
        } else if (node instanceof Node.Menu m) {
            prompt(m.prompts());
        } else if (node instanceof Node.Collect c) {
            prompt(c.prompts());
        } else if (node instanceof Node.Schedule s) {
            boolean open = BusinessHours.isOpen(s, io.now());
            io.log(new Journey.Decided(io.now(), name, open ? "open" : "closed"));
            goTo(open ? s.open() : s.closed());
        } else if (node instanceof Node.Lookup l) {
            startLookup(l);
        } else if (node instanceof Node.Branch b) {
            branch(b);
        } else if (node instanceof Node.Assign a) {
            Map<String, String> resolved = new TreeMap<>();
            a.values().forEach((k, v) -> resolved.put(k, Templates.resolve(v, variables)));
            resolved.forEach(this::setVariable);
            goTo(a.next());
        } else if (node instanceof Node.Route r) {
            route(r.target());
        } else if (node instanceof Node.Hangup h) {
            finish(new IvrCommand.Hangup(h.prompts(), SessionIo.sayDigitsValues(h.prompts(), variables)),
                    Outcome.HUNG_UP, name, Optional.empty());
        }
    }

    /** Menu and collect: skip the prompt when keys are waiting, else play it (always interruptible). */
    private void prompt(List<Prompt> prompts) {
        if (!typeAhead.isEmpty()) {
            state = State.WAITING;
            takeInput();
        } else if (prompts.isEmpty()) {
            state = State.WAITING;
            io.startTimer(firstTimeout());
        } else {
            state = State.PROMPTING;
            io.play(prompts, true, variables);
        }
    }

    private Duration firstTimeout() {
        return node instanceof Node.Menu m ? m.timeout() : ((Node.Collect) node).firstDigitTimeout();
    }

    private char take() {
        char d = typeAhead.removeFirst();
        nodesWithoutInput = 0;
        io.log(new Journey.DigitUsed(io.now(), node.name(), d));
        return d;
    }

    private void takeInput() {
        if (node instanceof Node.Menu m) {
            String target = m.options().get(take());
            if (target != null) {
                goTo(target);
            } else {
                menuFailed(m, "invalid");
            }
        } else {
            collectInput((Node.Collect) node);
        }
    }

    // ---- menu

    private void menuFailed(Node.Menu m, String reason) {
        io.log(new Journey.InputRejected(io.now(), m.name(), reason));
        if (++attempts > m.retries()) {
            giveUp(m.name(), m.onFailure());
        } else {
            prompt(concat(reason.equals("invalid") ? m.invalid() : m.noInput(), m.prompts()));
        }
    }

    private void giveUp(String name, String onFailure) {
        io.log(new Journey.Decided(io.now(), name, "failure after " + attempts + " attempts"));
        goTo(onFailure);
    }

    // ---- collect

    private void collectInput(Node.Collect c) {
        while (!typeAhead.isEmpty()) {
            char d = take();
            if (c.terminator().isPresent() && c.terminator().get() == d) {
                if (digits.length() >= c.minDigits()) {
                    collectComplete(c);
                } else {
                    collectFailed(c, digits.length() == 0 ? "no input" : "too short");
                }
                return;
            }
            digits.append(d);
            if (digits.length() == c.maxDigits()) {
                collectComplete(c);
                return;
            }
        }
        io.startTimer(digits.length() == 0 ? c.firstDigitTimeout() : c.interDigitTimeout());
    }

    private void collectComplete(Node.Collect c) {
        String value = digits.toString();
        digits.setLength(0);
        if (!DigitRules.isValid(c.rule(), value)) {
            collectFailed(c, "rule");
        } else if (c.confirm().isEmpty()) {
            accept(c, value);
        } else {
            pendingValue = value;
            if (!typeAhead.isEmpty()) {
                state = State.AWAITING_CONFIRMATION;
                takeConfirmation(c);
            } else {
                Map<String, String> heard = new LinkedHashMap<>(variables);
                heard.put(c.variable(), value);
                state = State.CONFIRMING;
                io.play(c.confirm(), true, heard);
            }
        }
    }

    private void takeConfirmation(Node.Collect c) {
        if (take() == '1') {
            accept(c, pendingValue);
        } else {
            collectFailed(c, "not confirmed");
        }
    }

    private void accept(Node.Collect c, String value) {
        setVariable(c.variable(), value);
        goTo(c.next());
    }

    /**
     * Invalid, too short, no input and a refused confirmation all count as attempts, so a collect always ends in
     * {@code next} or {@code onFailure}.
     */
    private void collectFailed(Node.Collect c, String reason) {
        io.log(new Journey.InputRejected(io.now(), c.name(), reason));
        digits.setLength(0);
        pendingValue = null;
        if (++attempts > c.retries()) {
            giveUp(c.name(), c.onFailure());
        } else {
            prompt(concat(c.invalid(), c.prompts()));
        }
    }

    // ---- lookup

    private void startLookup(Node.Lookup l) {
        state = State.LOOKING_UP;
        long id = io.newLookupId();
        lookupStarted = io.now();
        io.emit(new IvrCommand.Lookup(id, l.method(), Templates.resolveUrl(l.url(), variables),
                l.body().map(b -> Templates.resolveJson(b, variables)), l.timeout(), l.retries(), l.fields()));
        io.startTimer(l.timeout().multipliedBy(l.retries() + 1L).plus(LOOKUP_GRACE));
    }

    private void lookupSucceeded(IvrEvent.LookupSucceeded s) {
        Node.Lookup l = (Node.Lookup) node;
        io.lookupDone();
        io.cancelTimer();
        io.log(new Journey.LookupFinished(io.now(), l.name(), true, "", s.latencyMs()));
        new TreeMap<>(s.values()).forEach((name, value) -> {
            if (l.fields().containsKey(name)) {
                setVariable(name, value);
            }
        });
        goTo(l.next());
    }

    private void lookupFailed(String reason, long latencyMs) {
        Node.Lookup l = (Node.Lookup) node;
        io.lookupDone();
        io.cancelTimer();
        io.log(new Journey.LookupFinished(io.now(), l.name(), false, reason, latencyMs));
        goTo(l.onFailure());
    }

    // ---- branch, route, end

    private void branch(Node.Branch b) {
        for (Node.Condition c : b.conditions()) {
            if (Conditions.holds(c, variables)) {
                io.log(new Journey.Decided(io.now(), b.name(), c.variable() + " " + c.op() + " " + c.values()));
                goTo(c.next());
                return;
            }
        }
        io.log(new Journey.Decided(io.now(), b.name(), "otherwise"));
        goTo(b.otherwise());
    }

    private void route(Target target) {
        if (target instanceof Target.Flow f) {
            Optional<FlowConfig> next = flows.apply(f.flow());
            if (next.isEmpty()) {
                fail("unknown flow " + f.flow());
            } else if (++hops > MAX_FLOW_HOPS) {
                fail("more than " + MAX_FLOW_HOPS + " flow hops");
            } else {
                flow = next.get();
                goTo(flow.start());
            }
        } else {
            finish(new IvrCommand.RouteTo(target, variables), Outcome.ROUTED, node.name(), Optional.of(target));
        }
    }

    private void fail(String detail) {
        finish(new IvrCommand.Hangup(List.of(), Map.of()), Outcome.FAILED, detail, Optional.empty());
    }

    private void finish(IvrCommand last, Outcome outcome, String detail, Optional<Target> target) {
        io.cancelAll();
        io.emit(last);
        state = State.ENDED;
        nextNode = null;
        io.log(new Journey.Ended(io.now(), outcome, detail, target));
    }

    private void setVariable(String name, String value) {
        variables.put(name, value);
        io.log(new Journey.VariableSet(io.now(), name, value));
    }

    private static List<Prompt> concat(List<Prompt> a, List<Prompt> b) {
        List<Prompt> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}
