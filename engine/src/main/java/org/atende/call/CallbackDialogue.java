package org.atende.call;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.atende.config.flow.Node;
import org.atende.config.flow.Prompt;
import org.atende.ivr.IvrCommand;
import org.atende.ivr.IvrEvent;
import org.atende.ivr.Journey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback dialogue of a caller waiting in a queue who pressed the callback key, run by {@link IvrRun} like a
 * flow. It settles the number to call back, asks the ACD to take the callback, and either hangs up ("pronto:
 * ligaremos para você…") or sends the caller back to waiting at their place in the queue.
 *
 * <pre>
 *                  caller's number            no usable caller number
 *   start ──────────────────────────┐    ┌─────────────────────────── start
 *                                   v    v
 *        wrong key: again    +------------+  2   +----------+  invalid x3, silence x2
 *        silence: once more  | CONFIRMING |-----&gt;|  TYPING  |-----------------------&gt; back to waiting
 *   silence x2, wrong key x3 +------------+&lt;-----+----------+
 *        → back to waiting         | 1         valid number
 *                                  v
 *                            +------------+  refused / failed  +---------+  "indisponível" played
 *                            | REQUESTING |-------------------&gt;| REFUSED |---------------------&gt; back to waiting
 *                            +------------+                    +---------+
 *                                  | taken
 *                                  v
 *                         SCHEDULED: "agendado", hang up
 * </pre>
 *
 * <p>CONFIRMING plays "vamos ligar para o número", the number digit by digit and "se estiver correto, digite 1;
 * para informar outro número, digite 2", then waits {@link #DIGIT_TIMEOUT} for a key. TYPING plays "digite o
 * número com DDD, seguido de sustenido" and collects a {@link CallbackNumberEntry}: {@code #} ends the entry, as
 * do {@link #DIGIT_TIMEOUT} without a key once something was keyed; {@code *} starts it over; at most
 * {@value CallbackNumberEntry#MAX_DIGITS} digits are kept. {@link CallbackPrompts} holds the prompts and the
 * playback and digit timer running. "Back to waiting" routes the caller to the queue they are waiting in,
 * which the engine takes as "resume holding at your place". A caller hanging up ends the dialogue at once.
 *
 * <p>Every method runs on the call's event loop; the ACD's answer is brought back to it through {@code loop}.
 * Numbers are personal data (LGPD): logs show at most their last 4 digits, and the journey none of them.
 */
public final class CallbackDialogue implements IvrRun.Interpreter {

    private static final Logger log = LoggerFactory.getLogger(CallbackDialogue.class);

    /** The dialogue's states. */
    enum Step { CONFIRMING, TYPING, REQUESTING, REFUSED, DONE }

    static final Duration DIGIT_TIMEOUT = Duration.ofSeconds(8);
    /** Invalid numbers keyed, or wrong keys at the confirmation, before the caller goes back to waiting. */
    static final int MAX_WRONG = 3;
    /** Timeouts without a key in one step before the caller goes back to waiting. */
    static final int MAX_SILENCES = 2;
    /** What the agent hears first when they answer a callback ({@link CallbackCall}), before its number. */
    public static final String AGENT_PROMPT = "builtin:pt-BR/retorno/chamada-de-retorno.wav";
    /** The E.164 number confirmed for the callback. */
    public static final String NUMBER_VARIABLE = "callback_number";
    /**
     * How the dialogue ended: {@code scheduled}, {@code refused} (the queue has its callbacks already),
     * {@code failed} (the ACD's answer failed), {@code not requested} (the caller settled no number, or did not
     * confirm it), {@code caller hung up}.
     */
    public static final String OUTCOME_VARIABLE = "callback_outcome";

    private static final String FLOW = "callback";
    /** Every prompt the dialogue plays, for preloading. */
    public static final List<String> PROMPTS = CallbackPrompts.ALL;

    private final String callId;
    private final String queue;
    private final Optional<String> callerNational;
    private final Function<String, CompletableFuture<Boolean>> request;
    private final Executor loop;
    private final Clock clock;
    private Consumer<List<IvrCommand>> resumer;
    private Step step;
    /** The number being confirmed (national). */
    private String candidate;
    private int wrongKeys;
    /** Timeouts at this confirmation; TYPING's are {@link #entry}'s. */
    private int silences;
    private final CallbackNumberEntry entry = new CallbackNumberEntry();
    private final CallbackPrompts prompts = new CallbackPrompts();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<Journey.Step> journey = new ArrayList<>();

    /**
     * @param callerNational the caller's own number if a callback can dial it ({@link CallbackNumbers#ofCaller})
     * @param request        asks the ACD to take the callback at an E.164 number; completes (on any thread) with
     *                       true when taken, false when refused (the queue has its callbacks already)
     * @param loop           the call's event loop, where the ACD's answer is carried on
     */
    public CallbackDialogue(String callId, String queue, Optional<String> callerNational,
                            Function<String, CompletableFuture<Boolean>> request, Executor loop, Clock clock) {
        this.callId = callId;
        this.queue = queue;
        this.callerNational = callerNational;
        this.request = request;
        this.loop = loop;
        this.clock = clock;
    }

    /** The run carrying this dialogue out: the ACD's answer resumes it. On the call's loop. */
    void attach(IvrRun run) {
        attach(run::resume);
    }

    /** Where the commands decided on the ACD's answer go (the run's {@code resume}; a test's list). */
    void attach(Consumer<List<IvrCommand>> resumer) {
        this.resumer = resumer;
    }

    /** The current state (for tests). */
    Step step() {
        return step;
    }

    @Override
    public List<IvrCommand> start() {
        log.debug("call {}: callback dialogue in queue {} started ({})", callId, queue,
                callerNational.isPresent() ? "caller's number " + CallbackNumbers.masked(callerNational.get())
                        : "no usable caller number");
        return callerNational.map(n -> confirm(n, List.of())).orElseGet(() -> type(List.of()));
    }

    @Override
    public List<IvrCommand> on(IvrEvent event) {
        if (step == Step.DONE) {
            return List.of();
        }
        if (event instanceof IvrEvent.CallerHungUp) {
            return hungUp();
        }
        if (event instanceof IvrEvent.DigitReceived d) {
            return switch (step) {
                case CONFIRMING -> confirmKey(d.digit());
                case TYPING -> typedKey(d.digit());
                default -> List.of();
            };
        }
        if (event instanceof IvrEvent.PromptFinished p && prompts.finished(p.playbackId())) {
            return switch (step) {
                case CONFIRMING, TYPING -> List.of(prompts.restartTimer());
                case REFUSED -> route();
                default -> List.of();
            };
        }
        if (event instanceof IvrEvent.TimerFired t && prompts.fired(t.timerId())) {
            return switch (step) {
                case CONFIRMING -> confirmSilence();
                case TYPING -> typed(entry.silence());
                default -> List.of();
            };
        }
        return List.of();
    }

    // ---- CONFIRMING ----

    /** Says {@code number} and asks to confirm it; {@code before}: prompts played first. */
    private List<IvrCommand> confirm(String number, List<Prompt> before) {
        if (step != Step.CONFIRMING || !number.equals(candidate)) {
            silences = 0;
            wrongKeys = 0;
        }
        candidate = number;
        enter(Step.CONFIRMING, "confirm");
        return prompts.sayNumber(number, before);
    }

    private List<IvrCommand> confirmKey(char digit) {
        List<IvrCommand> out = new ArrayList<>(prompts.stopPromptAndTimer());
        journey.add(new Journey.DigitUsed(clock.instant(), "confirm", digit));
        if (digit == '1') {
            out.addAll(requestCallback());
        } else if (digit == '2') {
            out.addAll(type(List.of()));
        } else if (++wrongKeys >= MAX_WRONG) {
            reject("confirm", "invalid");
            out.addAll(backToWaiting(MAX_WRONG + " wrong keys at the confirmation"));
        } else {
            reject("confirm", "invalid");
            out.addAll(confirm(candidate, List.of()));
        }
        return out;
    }

    private List<IvrCommand> confirmSilence() {
        reject("confirm", "no input");
        if (++silences >= MAX_SILENCES) {
            return backToWaiting("no key at the confirmation");
        }
        return confirm(candidate, List.of());
    }

    // ---- TYPING ----

    /** Asks for the number; {@code before}: prompts played first ("número inválido"). */
    private List<IvrCommand> type(List<Prompt> before) {
        entry.begin(step != Step.TYPING);
        enter(Step.TYPING, "type");
        return prompts.askNumber(before);
    }

    private List<IvrCommand> typedKey(char digit) {
        List<IvrCommand> out = new ArrayList<>(prompts.stopPromptAndTimer());
        out.addAll(typed(entry.key(digit)));
        return out;
    }

    /** What a key or a timeout in the entry leads to. The digits themselves are never recorded. */
    private List<IvrCommand> typed(CallbackNumberEntry.Result result) {
        return switch (result.kind()) {
            case KEYING -> List.of(prompts.restartTimer());
            case NUMBER -> confirm(result.national(), List.of());
            case INVALID -> {
                reject("type", "invalid");
                yield type(List.of(CallbackPrompts.file("numero-invalido")));
            }
            case TOO_MANY_INVALID -> {
                reject("type", "invalid");
                yield backToWaiting(MAX_WRONG + " invalid numbers keyed");
            }
            case SILENT -> {
                reject("type", "no input");
                yield type(List.of());
            }
            case TOO_SILENT -> {
                reject("type", "no input");
                yield backToWaiting("no number keyed");
            }
        };
    }

    // ---- REQUESTING, REFUSED ----

    /** The caller confirmed {@link #candidate}: asks the ACD, whose answer comes back on the loop. */
    private List<IvrCommand> requestCallback() {
        enter(Step.REQUESTING, "request");
        String e164 = CallbackNumbers.e164(candidate);
        variables.put(NUMBER_VARIABLE, e164);
        CompletableFuture<Boolean> answer;
        try {
            answer = request.apply(e164);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((taken, failure) -> loop.execute(() -> answered(taken, failure)));
        return List.of();
    }

    /** The ACD answered. On the call's loop. */
    private void answered(Boolean taken, Throwable failure) {
        if (step != Step.REQUESTING) {
            if (Boolean.TRUE.equals(taken)) {
                log.info("call {}: callback in queue {} to the number ending {} taken after the caller hung up",
                        callId, queue, CallbackNumbers.masked(candidate));
            }
            return;
        }
        List<IvrCommand> next;
        if (Boolean.TRUE.equals(taken)) {
            next = scheduled();
        } else {
            String outcome = failure == null ? "refused" : "failed";
            if (failure != null) {
                log.warn("call {}: callback in queue {} to the number ending {} failed: {}; back to waiting",
                        callId, queue, CallbackNumbers.masked(candidate), failure.toString());
            } else {
                log.info("call {}: callback in queue {} to the number ending {} refused (callbacks full); back to"
                        + " waiting", callId, queue, CallbackNumbers.masked(candidate));
            }
            journey.add(new Journey.Decided(clock.instant(), "request", outcome));
            variables.put(OUTCOME_VARIABLE, outcome);
            enter(Step.REFUSED, "unavailable");
            next = prompts.play(List.of(CallbackPrompts.file("indisponivel")), false);
        }
        if (resumer != null) {
            resumer.accept(next);
        }
    }

    private List<IvrCommand> scheduled() {
        step = Step.DONE;
        variables.put(OUTCOME_VARIABLE, "scheduled");
        journey.add(new Journey.Decided(clock.instant(), "request", "scheduled"));
        journey.add(new Journey.Ended(clock.instant(), Journey.Outcome.HUNG_UP, "callback scheduled",
                Optional.empty()));
        log.info("call {}: callback in queue {} scheduled to the number ending {}", callId, queue,
                CallbackNumbers.masked(candidate));
        return List.of(new IvrCommand.Hangup(List.of(CallbackPrompts.file("agendado")), Map.of()));
    }

    // ---- endings ----

    /** The caller gave up on the callback (or never settled a number): back to their place in the queue. */
    private List<IvrCommand> backToWaiting(String why) {
        variables.put(OUTCOME_VARIABLE, "not requested");
        log.info("call {}: callback in queue {} not requested: {}{}; back to waiting", callId, queue, why,
                candidate == null ? "" : " (number ending " + CallbackNumbers.masked(candidate) + ")");
        return route();
    }

    /** Routes the caller to the queue they wait in, which the engine takes as "resume holding at your place". */
    private List<IvrCommand> route() {
        step = Step.DONE;
        Node.Target target = new Node.Target.Queue(queue);
        journey.add(new Journey.Ended(clock.instant(), Journey.Outcome.ROUTED,
                "back to waiting: " + variables.get(OUTCOME_VARIABLE), Optional.of(target)));
        return List.of(new IvrCommand.RouteTo(target, variables()));
    }

    private List<IvrCommand> hungUp() {
        Step was = step;
        step = Step.DONE;
        variables.putIfAbsent(OUTCOME_VARIABLE, "caller hung up");
        journey.add(new Journey.Ended(clock.instant(), Journey.Outcome.CALLER_HUNG_UP,
                "caller hung up while " + was.name().toLowerCase(java.util.Locale.ROOT), Optional.empty()));
        if (was != Step.REFUSED) { // a refusal was logged already
            log.info("call {}: callback in queue {} not scheduled: the caller hung up while {}", callId, queue,
                    was.name().toLowerCase(java.util.Locale.ROOT));
        }
        return List.of();
    }

    // ---- helpers ----

    private void enter(Step next, String node) {
        if (step != next) {
            log.debug("call {}: callback dialogue {} -> {}", callId, step == null ? "start" : step, next);
            journey.add(new Journey.NodeEntered(clock.instant(), FLOW, node));
        }
        step = next;
    }

    private void reject(String node, String reason) {
        journey.add(new Journey.InputRejected(clock.instant(), node, reason));
    }

    @Override
    public Journey journey() {
        return new Journey(journey);
    }

    @Override
    public String name() {
        return FLOW;
    }

    @Override
    public Map<String, String> variables() {
        return Map.copyOf(variables);
    }
}
