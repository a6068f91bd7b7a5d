package org.atende.call;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.atende.acd.AgentResult;
import org.atende.config.PauseReason;
import org.atende.config.flow.Prompt;
import org.atende.ivr.IvrCommand;
import org.atende.ivr.IvrEvent;
import org.atende.ivr.Journey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to an agent feature code, run by {@link IvrRun} like a flow: {@code *45} asks for the agent number
 * (unless the extension names a default agent) and the PIN, each ended with {@code #}, and logs the agent in at the
 * calling extension; {@code *46} logs out the agent logged in there; {@code *47} pauses them (with the reason code
 * dialled after it, {@code *472}, or keyed when asked; {@code #} alone: no reason); {@code *48} unpauses. Each ends
 * with a short confirmation ("agente 2 0 0 1 conectado") and a hang-up.
 *
 * <p>Keys: {@code #} ends an entry, {@code *} starts it again; an entry also ends after {@link #DIGIT_TIMEOUT}
 * without a key. {@value #MAX_WRONG} wrong PINs end the call; each is logged (never the PIN) and counted by
 * {@link AgentFeatures} toward the extension's and the agent's lock-out. An unknown agent number is answered
 * like a wrong PIN, so the feature does not tell which agents exist.
 */
public final class AgentFeature implements IvrRun.Interpreter {

    private static final Logger log = LoggerFactory.getLogger(AgentFeature.class);

    /** The feature codes. */
    enum Code { LOGIN, LOGOUT, PAUSE, UNPAUSE }

    private enum Step { ASK_AGENT, ASK_PIN, ASK_REASON, ACD, DONE }

    static final Duration DIGIT_TIMEOUT = Duration.ofSeconds(8);
    static final int MAX_WRONG = 3;
    private static final int MAX_DIGITS = 15;
    private static final String P = "builtin:pt-BR/agente/";
    /** Every prompt the feature codes play, for preloading. */
    public static final List<String> PROMPTS = List.of(P + "digite-numero.wav", P + "digite-senha.wav",
            P + "senha-incorreta.wav", P + "agente.wav", P + "conectado.wav", P + "desconectado.wav",
            P + "em-pausa.wav", P + "pausa-encerrada.wav", P + "pausa-pendente.wav", P + "saida-pendente.wav",
            P + "codigo-invalido.wav", P + "digite-codigo-pausa.wav");

    private final AgentFeatures shared;
    private final Code code;
    private final String argument;
    private final String extension;
    private final String callId;
    private final Executor loop;
    private IvrRun run;
    private Step step;
    private final StringBuilder keyed = new StringBuilder();
    private String agent;
    private int wrongPins;
    private int silences;
    private long nextId = 1;
    private long playing = -1;
    private long timer = -1;

    AgentFeature(AgentFeatures shared, Code code, String argument, String extension, String callId, Executor loop) {
        this.shared = shared;
        this.code = code;
        this.argument = argument;
        this.extension = extension;
        this.callId = callId;
        this.loop = loop;
    }

    /** The run carrying this session out: the ACD's answers resume it. */
    void attach(IvrRun run) {
        this.run = run;
    }

    @Override
    public List<IvrCommand> start() {
        switch (code) {
            case LOGIN -> {
                agent = shared.defaultAgent(extension).orElse(null);
                if (shared.locked(extension, agent)) {
                    log.warn("call {}: agent log-in at extension {} refused: locked after wrong PINs", callId,
                            extension);
                    return end(List.of(file("codigo-invalido")));
                }
                return agent == null ? ask(Step.ASK_AGENT, List.of(), "digite-numero")
                        : ask(Step.ASK_PIN, List.of(), "digite-senha");
            }
            case LOGOUT -> {
                return acd(shared.queues().agentAt(extension).thenCompose(a -> a.map(id -> {
                    agent = id;
                    return shared.queues().logout(id, "feature code at " + extension);
                }).orElse(CompletableFuture.completedFuture(notHere()))));
            }
            case UNPAUSE -> {
                return acd(shared.queues().agentAt(extension).thenCompose(a -> a.map(id -> {
                    agent = id;
                    return shared.queues().unpause(id, "feature code at " + extension);
                }).orElse(CompletableFuture.completedFuture(notHere()))));
            }
            case PAUSE -> {
                if (!argument.isEmpty()) {
                    return pause(argument);
                }
                boolean chosen = shared.config().pauseReasons().values().stream().anyMatch(r -> r.code().isPresent());
                return chosen ? ask(Step.ASK_REASON, List.of(), "digite-codigo-pausa") : pause("");
            }
        }
        throw new IllegalStateException(code.toString());
    }

    @Override
    public List<IvrCommand> on(IvrEvent event) {
        if (event instanceof IvrEvent.DigitReceived d) {
            return digit(d.digit());
        }
        if (event instanceof IvrEvent.PromptFinished p && p.playbackId() == playing) {
            playing = -1;
            return collecting() ? List.of(restartTimer()) : List.of();
        }
        if (event instanceof IvrEvent.TimerFired t && t.timerId() == timer && collecting()) {
            if (keyed.length() > 0) {
                return entered(keyed.toString());
            }
            if (++silences >= 2) {
                return end(List.of());
            }
            return ask(step, List.of(), question(step));
        }
        if (event instanceof IvrEvent.CallerHungUp) {
            step = Step.DONE;
        }
        return List.of();
    }

    private boolean collecting() {
        return step == Step.ASK_AGENT || step == Step.ASK_PIN || step == Step.ASK_REASON;
    }

    private List<IvrCommand> digit(char digit) {
        if (!collecting()) {
            return List.of();
        }
        List<IvrCommand> out = new ArrayList<>();
        if (playing >= 0) {
            out.add(new IvrCommand.StopPlayback(playing));
            playing = -1;
        }
        if (digit == '#') {
            out.add(new IvrCommand.CancelTimer(timer));
            out.addAll(entered(keyed.toString()));
            return out;
        }
        if (digit == '*') {
            keyed.setLength(0);
        } else if (Character.isDigit(digit) && keyed.length() < MAX_DIGITS) {
            keyed.append(digit);
        }
        out.add(restartTimer());
        return out;
    }

    /** An entry is complete (by {@code #} or the timeout). */
    private List<IvrCommand> entered(String value) {
        keyed.setLength(0);
        silences = 0;
        switch (step) {
            case ASK_AGENT -> {
                if (value.isEmpty()) {
                    return ask(Step.ASK_AGENT, List.of(), "digite-numero");
                }
                agent = value;
                return ask(Step.ASK_PIN, List.of(), "digite-senha");
            }
            case ASK_PIN -> {
                if (!shared.locked(extension, agent) && shared.pinMatches(agent, value)) {
                    return acd(shared.queues().login(agent, extension, "feature code at " + extension));
                }
                wrongPins++;
                boolean locked = shared.wrongPin(extension, agent);
                log.warn("call {}: agent log-in at extension {} failed: wrong PIN or unknown agent for agent {}"
                        + " (attempt {} of {}){}", callId, extension, agent, wrongPins, MAX_WRONG,
                        locked ? "; log-ins at " + extension + " and for " + agent + " locked for "
                                + AgentFeatures.LOCK.toMinutes() + " min" : "");
                if (wrongPins >= MAX_WRONG || locked) {
                    return end(List.of(file("senha-incorreta")));
                }
                boolean fixedAgent = shared.defaultAgent(extension).isPresent();
                return fixedAgent ? ask(Step.ASK_PIN, List.of(file("senha-incorreta")), "digite-senha")
                        : ask(Step.ASK_AGENT, List.of(file("senha-incorreta")), "digite-numero");
            }
            case ASK_REASON -> {
                return pause(value);
            }
            default -> {
                return List.of();
            }
        }
    }

    /** Pauses the agent at this extension for the reason whose code is {@code reasonCode} (empty: no reason). */
    private List<IvrCommand> pause(String reasonCode) {
        Optional<PauseReason> reason = reasonCode.isEmpty() ? Optional.of(PauseReason.GENERIC)
                : shared.config().reasonByCode(reasonCode);
        if (reason.isEmpty()) {
            log.info("call {}: pause at extension {}: no reason has code {}", callId, extension, reasonCode);
            return end(List.of(file("codigo-invalido")));
        }
        String name = reason.get().name();
        return acd(shared.queues().agentAt(extension).thenCompose(a -> a.map(id -> {
            agent = id;
            return shared.queues().pause(id, name, "feature code at " + extension);
        }).orElse(CompletableFuture.completedFuture(notHere()))));
    }

    private static AgentResult notHere() {
        return new AgentResult(AgentResult.Outcome.NOT_LOGGED_IN, List.of());
    }

    /** Waits for the ACD's answer (on its thread), then confirms on the call's loop. */
    private List<IvrCommand> acd(CompletableFuture<AgentResult> result) {
        step = Step.ACD;
        result.whenComplete((r, failure) -> loop.execute(() -> {
            if (step == Step.ACD && run != null) {
                run.resume(confirm(r, failure));
            }
        }));
        return List.of();
    }

    private List<IvrCommand> confirm(AgentResult r, Throwable failure) {
        if (r == null) {
            log.warn("call {}: feature {} at extension {} failed: {}", callId, code, extension, failure);
            return end(List.of(file("codigo-invalido")));
        }
        log.info("call {}: feature {} at extension {} for agent {}: {}", callId, code, extension,
                agent == null ? "(none logged in here)" : agent, r.outcome());
        if (!r.succeeded()) {
            return end(List.of(file("codigo-invalido"), new Prompt.Tone("busy", Duration.ofMillis(1500))));
        }
        boolean pending = r.outcome() == AgentResult.Outcome.PENDING;
        List<Prompt> say = switch (code) {
            case LOGIN -> named("conectado");
            case LOGOUT -> pending ? named("saida-pendente") : named("desconectado");
            case PAUSE -> pending ? List.of(file("pausa-pendente")) : named("em-pausa");
            case UNPAUSE -> List.of(file("pausa-encerrada"));
        };
        return end(say);
    }

    /** "Agente 2 0 0 1" then {@code what}. */
    private List<Prompt> named(String what) {
        return List.of(file("agente"), new Prompt.SayDigits("agent"), file(what));
    }

    private List<IvrCommand> ask(Step next, List<Prompt> before, String prompt) {
        step = next;
        keyed.setLength(0);
        List<Prompt> prompts = new ArrayList<>(before);
        prompts.add(file(prompt));
        playing = nextId++;
        return List.of(new IvrCommand.CancelTimer(timer), new IvrCommand.Play(playing, prompts, true, Map.of()));
    }

    private static String question(Step step) {
        return switch (step) {
            case ASK_AGENT -> "digite-numero";
            case ASK_PIN -> "digite-senha";
            default -> "digite-codigo-pausa";
        };
    }

    private IvrCommand restartTimer() {
        timer = nextId++;
        return new IvrCommand.StartTimer(timer, DIGIT_TIMEOUT);
    }

    private List<IvrCommand> end(List<Prompt> goodbye) {
        step = Step.DONE;
        return List.of(new IvrCommand.Hangup(goodbye, agent == null ? Map.of() : Map.of("agent", agent)));
    }

    private static Prompt file(String name) {
        return new Prompt.File(Path.of(P + name + ".wav"));
    }

    @Override
    public Journey journey() {
        return new Journey(List.of());
    }

    @Override
    public String name() {
        return "feature code " + code.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Map<String, String> variables() {
        return Map.of();
    }
}
