package org.atende.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.atende.config.flow.Prompt;
import org.atende.ivr.FlowSession;
import org.atende.ivr.IvrCommand;
import org.atende.ivr.IvrEvent;
import org.atende.media.player.Playback;
import org.atende.media.player.PromptCache;
import org.atende.media.player.ToneGenerator;
import org.atende.sip.transaction.TimerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an IVR {@link FlowSession} for one call on the call's event loop: turns its commands into prompts on
 * the caller's leg, timers and CRM look-ups (over HTTP, off the loop), and feeds back the caller's digits, the
 * end of prompts, timer firings and look-up results. A route (an extension, a number, a queue, a flow) hands the
 * caller to {@link CallerRouting#routeTo}; a hang-up plays the goodbye and ends the call.
 */
final class IvrRun {

    private static final Logger log = LoggerFactory.getLogger(IvrRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIGIT_PROMPTS = "builtin:pt-BR/digitos/";

    /** What the IVR needs from the engine. */
    interface Services {
        TimerService timers();

        /** The call's event loop (look-up results come back through it). */
        Executor loop();

        PromptCache prompts();

        HttpClient http();
    }

    /** The state machine being run: a flow, or the post-call survey. */
    interface Interpreter {
        List<IvrCommand> start();

        List<IvrCommand> on(IvrEvent event);

        org.atende.ivr.Journey journey();

        String name();

        Map<String, String> variables();

        static Interpreter of(FlowSession s) {
            return new Interpreter() {
                public List<IvrCommand> start() {
                    return s.start();
                }

                public List<IvrCommand> on(IvrEvent event) {
                    return s.on(event);
                }

                public org.atende.ivr.Journey journey() {
                    return s.journey();
                }

                public String name() {
                    return "flow " + s.flowName();
                }

                public Map<String, String> variables() {
                    return s.variables();
                }
            };
        }

        static Interpreter of(org.atende.ivr.SurveySession s) {
            return new Interpreter() {
                public List<IvrCommand> start() {
                    return s.start();
                }

                public List<IvrCommand> on(IvrEvent event) {
                    return s.on(event);
                }

                public org.atende.ivr.Journey journey() {
                    return s.journey();
                }

                public String name() {
                    return "survey";
                }

                public Map<String, String> variables() {
                    return s.variables();
                }
            };
        }
    }

    private final Call call;
    private final Interpreter session;
    private final boolean survey;
    /**
     * A dialogue inside a queue stay (the callback's): its journey is not the call's, and its end leaves the call as
     * it was.
     */
    private boolean dialogue;
    private final Services services;
    private final Map<Long, TimerService.Timer> timers = new HashMap<>();
    private long currentPlayback = -1;
    /** A hold tone is covering a slow look-up. */
    private boolean holding;
    private boolean done;
    private final Duration silenceGap;

    /** Runs a flow; {@code silenceGap}: the entry flow's silence_gap, for a slow look-up's hold tone. */
    IvrRun(Call call, FlowSession session, Services services, Duration silenceGap) {
        this(call, Interpreter.of(session), services, false, silenceGap);
    }

    IvrRun(Call call, Interpreter session, Services services, boolean survey) {
        this(call, session, services, survey, org.atende.config.flow.FlowConfig.DEFAULT_SILENCE_GAP);
    }

    private IvrRun(Call call, Interpreter session, Services services, boolean survey, Duration silenceGap) {
        this.call = call;
        this.session = session;
        this.services = services;
        this.survey = survey;
        this.silenceGap = silenceGap;
    }

    /** A dialogue of the caller waiting in a queue ({@link CallbackDialogue}): it leaves the call's journey alone. */
    static IvrRun dialogue(Call call, Interpreter session, Services services) {
        IvrRun run = new IvrRun(call, session, services, false);
        run.dialogue = true;
        return run;
    }

    /** Ends the run where it is, for {@code how} (an agent took the call meanwhile). */
    void stop(String how) {
        if (!done) {
            finish(how);
        }
    }

    /** The interpreter's variables (for a survey: the answers). */
    Map<String, String> variables() {
        return session.variables();
    }

    Services services() {
        return services;
    }

    void start() {
        execute(session.start());
    }

    /** Carries out what the session decided outside an event (an {@link AgentFeature}'s ACD answer). */
    void resume(List<IvrCommand> commands) {
        if (!done) {
            execute(commands);
        }
    }

    void digit(char digit, int durationMs) {
        deliver(new IvrEvent.DigitReceived(digit, durationMs));
    }

    void playbackDone() {
        if (currentPlayback >= 0) {
            long id = currentPlayback;
            currentPlayback = -1;
            deliver(new IvrEvent.PromptFinished(id));
        }
    }

    /** The call ended (the caller hung up, or Atende ended it). */
    void callEnded() {
        if (!done) {
            session.on(new IvrEvent.CallerHungUp());
            finish("caller hung up");
        }
    }

    private void deliver(IvrEvent event) {
        if (!done) {
            execute(session.on(event));
        }
    }

    private void execute(List<IvrCommand> commands) {
        for (IvrCommand command : commands) {
            if (done) {
                return;
            }
            if (command instanceof IvrCommand.Play p) {
                play(p);
            } else if (command instanceof IvrCommand.StopPlayback stop) {
                if (stop.playbackId() == currentPlayback) {
                    currentPlayback = -1;
                    call.media().stopPlaybackToCaller();
                }
            } else if (command instanceof IvrCommand.StartTimer t) {
                timers.put(t.timerId(), services.timers().schedule(t.after(), () -> {
                    timers.remove(t.timerId());
                    deliver(new IvrEvent.TimerFired(t.timerId()));
                }));
            } else if (command instanceof IvrCommand.CancelTimer c) {
                TimerService.Timer timer = timers.remove(c.timerId());
                if (timer != null) {
                    timer.cancel();
                }
            } else if (command instanceof IvrCommand.Lookup l) {
                lookup(l);
            } else if (command instanceof IvrCommand.RouteTo r) {
                route(r);
            } else if (command instanceof IvrCommand.Hangup h) {
                hangup(h);
            }
        }
    }

    private void play(IvrCommand.Play p) {
        List<Playback.Item> items = items(p.prompts(), p.values());
        currentPlayback = p.playbackId();
        if (items.isEmpty()) {
            playbackDone();
            return;
        }
        call.media().playToCaller(new Playback(items, false, false));
    }

    private List<Playback.Item> items(List<Prompt> prompts, Map<String, String> values) {
        return items(prompts, values, services.prompts(), call.id());
    }

    /** Playback items for configured prompts; {@code values} fill say_digits. A prompt not loaded is skipped. */
    static List<Playback.Item> items(List<Prompt> prompts, Map<String, String> values, PromptCache cache,
                                     String callId) {
        List<Playback.Item> items = new ArrayList<>();
        for (Prompt prompt : prompts) {
            if (prompt instanceof Prompt.File f) {
                org.atende.media.player.Prompt decoded = cached(f.path().toString(), cache, callId);
                if (decoded != null) {
                    items.add(new Playback.PromptItem(decoded));
                }
            } else if (prompt instanceof Prompt.Tone t) {
                items.add(new Playback.ToneItem(tone(t.name()), frames(t.duration())));
            } else if (prompt instanceof Prompt.Silence silence) {
                items.add(new Playback.SilenceItem(frames(silence.duration())));
            } else if (prompt instanceof Prompt.SayDigits d) {
                String value = values.getOrDefault(d.variable(), "");
                for (char c : value.toCharArray()) {
                    org.atende.media.player.Prompt digit = Character.isDigit(c)
                            ? cached(DIGIT_PROMPTS + c + ".wav", cache, callId) : null;
                    if (digit != null) {
                        items.add(new Playback.PromptItem(digit));
                    }
                }
            }
        }
        return items;
    }

    /** Prompts are loaded when the configuration is (off the loops); a missing one is skipped, never waited for. */
    private static org.atende.media.player.Prompt cached(String reference, PromptCache cache, String callId) {
        org.atende.media.player.Prompt p = reference.startsWith(PromptCache.BUILTIN)
                ? cache.getBuiltin(reference) : cache.get(Path.of(reference));
        if (p == null) {
            log.warn("call {}: prompt {} is not loaded; skipped", callId, reference);
        }
        return p;
    }

    private static java.util.function.Supplier<ToneGenerator> tone(String name) {
        return switch (name) {
            case "busy" -> ToneGenerator::busy;
            case "beep" -> ToneGenerator::beep;
            case "dial" -> ToneGenerator::dialTone;
            default -> ToneGenerator::ringback; // ringback, hold
        };
    }

    private static int frames(Duration d) {
        return (int) Math.max(1, d.toMillis() / 20);
    }


    private void lookup(IvrCommand.Lookup l) {
        long started = System.nanoTime();
        // the caller must never sit in silence: a slow look-up gets a hold tone until its result
        TimerService.Timer holdTone = currentPlayback >= 0 ? null : services.timers().schedule(silenceGap, () -> {
            if (!done && currentPlayback < 0 && call.media() != null) {
                holding = true;
                call.media().playToCaller(new Playback(List.of(new Playback.ToneItem(ToneGenerator::ringback, 250)),
                        true, false));
            }
        });
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(l.url())).timeout(l.timeout())
                .header("Accept", "application/json");
        if ("POST".equalsIgnoreCase(l.method())) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(l.body().orElse("")));
        } else {
            request.GET();
        }
        attempt(request.build(), l, l.retries()).whenComplete((values, failure) -> services.loop().execute(() -> {
            long latency = (System.nanoTime() - started) / 1_000_000;
            if (holdTone != null) {
                holdTone.cancel();
            }
            if (holding) {
                holding = false;
                if (!done && call.media() != null && currentPlayback < 0) {
                    call.media().stopPlaybackToCaller();
                }
            }
            if (values != null) {
                deliver(new IvrEvent.LookupSucceeded(l.lookupId(), values, latency));
            } else {
                log.warn("call {}: CRM look-up failed after {} ms: {}", call.id(), latency, reason(failure));
                deliver(new IvrEvent.LookupFailed(l.lookupId(), reason(failure), latency));
            }
        }));
    }

    private CompletableFuture<Map<String, String>> attempt(HttpRequest request, IvrCommand.Lookup l, int retriesLeft) {
        return services.http().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("HTTP " + response.statusCode());
                    }
                    return fields(response.body(), l.fields());
                })
                .exceptionallyCompose(failure -> retriesLeft > 0 ? attempt(request, l, retriesLeft - 1)
                        : CompletableFuture.failedFuture(failure));
    }

    private static Map<String, String> fields(String body, Map<String, String> pointers) {
        try {
            JsonNode root = JSON.readTree(body);
            Map<String, String> values = new LinkedHashMap<>();
            pointers.forEach((variable, pointer) -> {
                JsonNode n = root.at(pointer);
                if (!n.isMissingNode() && !n.isNull()) {
                    values.put(variable, n.isValueNode() ? n.asText() : n.toString());
                }
            });
            return values;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("reply is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String reason(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private void route(IvrCommand.RouteTo r) {
        finish("routed to " + r.target());
        call.routeTo(r.target(), r.variables());
    }

    private void hangup(IvrCommand.Hangup h) {
        finish(survey ? "survey answered" : "hung up by the flow");
        String why = survey ? "survey done" : dialogue ? "callback taken" : "IVR hang-up";
        List<Playback.Item> goodbye = items(h.goodbye(), h.values());
        if (goodbye.isEmpty() || call.media() == null) {
            call.hangup(why);
        } else {
            call.media().playThen(new Playback(goodbye, false, false), () -> call.hangup(why));
        }
    }

    private void finish(String how) {
        done = true;
        timers.values().forEach(TimerService.Timer::cancel);
        timers.clear();
        if (dialogue) {
            log.debug("call {}: {} ended: {}", call.id(), session.name(), how);
            return;
        }
        if (survey) {
            call.surveyFinished(session.variables());
        } else {
            call.ivrFinished(session.journey());
        }
        log.info("call {}: IVR {} ended: {}; path {}", call.id(), session.name(), how,
                session.journey().steps().stream()
                        .filter(s -> s instanceof org.atende.ivr.Journey.NodeEntered)
                        .map(s -> ((org.atende.ivr.Journey.NodeEntered) s).node()).toList());
    }
}
