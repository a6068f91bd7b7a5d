package org.atende.ivr;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.atende.config.flow.FlowConfig;
import org.atende.config.flow.Node;
import org.atende.config.flow.Node.Target;
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
 * <p>This class keeps the state and makes the transitions; its parts do the rest: {@link NodeInput} (what a menu
 * or collect makes of the keys), {@link TypeAhead} (the keys waiting), {@link ImmediateNodes} (schedule, branch,
 * set), {@link FlowLookup} (a look-up's round trip), {@link CallVariables}, and {@link SessionIo} (outbox, ids,
 * journey).
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
    private final CallVariables variables;
    private final TypeAhead typeAhead;
    private final NodeInput input;
    private final FlowLookup lookup;
    private final ImmediateNodes immediate;
    private FlowConfig flow;
    private Node node;
    private State state = State.NEW;
    private String nextNode;
    private int hops;

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
        this.variables = new CallVariables(variables, io);
        this.flows = Objects.requireNonNull(flows, "flows");
        this.typeAhead = new TypeAhead(io);
        this.input = new NodeInput(io, typeAhead, this.variables);
        this.lookup = new FlowLookup(io, this.variables);
        this.immediate = new ImmediateNodes(io, this.variables);
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
        return Map.copyOf(variables.asMap());
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
        typeAhead.pressed(d);
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
                carryOut(input.take(node));
            }
            case WAITING -> {
                io.cancelTimer();
                carryOut(input.take(node));
            }
            case CONFIRMING -> {
                io.stopPlayback();
                state = State.AWAITING_CONFIRMATION;
                carryOut(input.confirmation((Node.Collect) node));
            }
            case AWAITING_CONFIRMATION -> {
                io.cancelTimer();
                carryOut(input.confirmation((Node.Collect) node));
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
            case WAITING -> carryOut(input.timedOut(node));
            case AWAITING_CONFIRMATION -> carryOut(input.notConfirmed((Node.Collect) node));
            case LOOKING_UP -> lookupFailed("no result in time", lookup.elapsedMs());
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
        if (typeAhead.nodeEntered() > MAX_NODES_WITHOUT_INPUT) {
            fail(MAX_NODES_WITHOUT_INPUT + " nodes without input");
            return;
        }
        if (!flow.nodes().containsKey(name)) {
            fail("flow " + flow.name() + " has no node " + name);
            return;
        }
        node = flow.node(name);
        input.reset();
        io.log(new Journey.NodeEntered(io.now(), flow.name(), name));
        if (node instanceof Node.Play p) {
            if (p.prompts().isEmpty() || (p.interruptible() && !typeAhead.isEmpty())) {
                goTo(p.next());
            } else {
                state = State.PLAYING;
                io.play(p.prompts(), p.interruptible(), variables.asMap());
            }
        } else if (node instanceof Node.Menu m) {
            carryOut(input.ask(m, m.prompts()));
        } else if (node instanceof Node.Collect c) {
            carryOut(input.ask(c, c.prompts()));
        } else if (node instanceof Node.Schedule s) {
            goTo(immediate.schedule(name, s));
        } else if (node instanceof Node.Lookup l) {
            state = State.LOOKING_UP;
            lookup.start(l);
        } else if (node instanceof Node.Branch b) {
            goTo(immediate.branch(b));
        } else if (node instanceof Node.Assign a) {
            goTo(immediate.assign(a));
        } else if (node instanceof Node.Route r) {
            route(r.target());
        } else if (node instanceof Node.Hangup h) {
            finish(new IvrCommand.Hangup(h.prompts(), SessionIo.sayDigitsValues(h.prompts(), variables.asMap())),
                    Outcome.HUNG_UP, name, Optional.empty());
        }
    }

    /** Menu and collect: what {@link NodeInput} says the node needs next. */
    private void carryOut(NodeInput.Step step) {
        if (step instanceof NodeInput.Leave l) {
            goTo(l.node());
        } else if (step instanceof NodeInput.Ask a) {
            if (a.prompts().isEmpty()) {
                state = State.WAITING;
                io.startTimer(firstTimeout());
            } else {
                state = State.PROMPTING;
                io.play(a.prompts(), true, variables.asMap());
            }
        } else if (step instanceof NodeInput.Wait w) {
            state = State.WAITING;
            io.startTimer(w.timeout());
        } else if (step instanceof NodeInput.Confirm c) {
            state = State.CONFIRMING;
            io.play(c.prompts(), true, c.values());
        }
    }

    private Duration firstTimeout() {
        return node instanceof Node.Menu m ? m.timeout() : ((Node.Collect) node).firstDigitTimeout();
    }

    // ---- lookup

    private void lookupSucceeded(IvrEvent.LookupSucceeded s) {
        Node.Lookup l = (Node.Lookup) node;
        lookup.succeeded(l, s);
        goTo(l.next());
    }

    private void lookupFailed(String reason, long latencyMs) {
        Node.Lookup l = (Node.Lookup) node;
        lookup.failed(l, reason, latencyMs);
        goTo(l.onFailure());
    }

    // ---- route, end

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
            finish(new IvrCommand.RouteTo(target, variables.asMap()), Outcome.ROUTED, node.name(),
                    Optional.of(target));
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
}
