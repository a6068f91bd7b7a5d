package org.atende.call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.atende.config.QueueConfig;
import org.atende.config.flow.Prompt;
import org.atende.ivr.speech.QueueSpeech;
import org.atende.media.player.Playback;
import org.atende.media.player.ToneGenerator;
import org.atende.sip.transaction.TimerService;

/**
 * What a caller waiting in a queue hears ({@link QueuedCall}): the queue's hold prompts (or the hold tone), looped;
 * every {@code announce_position} / {@code announce_wait} (the shorter) their place and the estimated wait in
 * words, followed by what else the stay has to say (the callback offer); then the hold prompts again. Owned by the
 * call's event loop.
 */
final class WaitingAudio {

    private final Call call;
    private final CallHost host;
    private final QueueConfig config;
    private final Map<String, String> variables;
    /** Whether the stay is still the call's and waiting (announcements go on). */
    private final BooleanSupplier current;
    /** Whether the caller hears the hold now (not in a dialogue of the stay's). */
    private final BooleanSupplier hearing;
    /** What follows an announcement. */
    private final Supplier<List<Prompt>> afterAnnouncement;
    private TimerService.Timer announcement;

    WaitingAudio(Call call, CallHost host, QueueConfig config, Map<String, String> variables, BooleanSupplier current,
                 BooleanSupplier hearing, Supplier<List<Prompt>> afterAnnouncement) {
        this.call = call;
        this.host = host;
        this.config = config;
        this.variables = variables;
        this.current = current;
        this.hearing = hearing;
        this.afterAnnouncement = afterAnnouncement;
    }

    /** The stay began: the hold prompts, and the announcements' timer. */
    void start() {
        playHold();
        period().ifPresent(this::schedule);
    }

    /** Whether the queue announces anything (place or wait). */
    boolean announces() {
        return period().isPresent();
    }

    /** The ACD queued the call at {@code position}: the first announcement, unless there is nothing to say yet. */
    void entered(int position) {
        if (config.announceWait().isPresent()) {
            host.queues().announcement(call.id()).thenAccept(a -> host.loop().execute(() -> {
                if (hearing.getAsBoolean()) {
                    a.ifPresent(this::announce);
                }
            }));
        } else if (position > 1 && config.announcePosition().isPresent()) {
            announce(new QueueService.Announcement(position, Optional.empty()));
        }
    }

    /** The queue's hold prompts (or the hold tone), looped. */
    void playHold() {
        CallMedia media = call.media();
        if (media == null) {
            return;
        }
        List<Playback.Item> hold = IvrRun.items(config.hold(), variables, host.prompts(), call.id());
        if (hold.isEmpty()) {
            hold = List.of(new Playback.ToneItem(ToneGenerator::ringback, 250));
        }
        media.playToCaller(new Playback(hold, true, false));
    }

    /** Plays {@code prompts}, then the hold prompts again. */
    void say(List<Prompt> prompts) {
        CallMedia media = call.media();
        if (media == null || prompts.isEmpty()) {
            return;
        }
        media.playThen(new Playback(IvrRun.items(prompts, Map.of(), host.prompts(), call.id()), false, false), () -> {
            if (hearing.getAsBoolean()) {
                playHold();
            }
        });
    }

    /** The stay is over (an agent took the call, it left the queue): no more announcements. */
    void stop() {
        if (announcement != null) {
            announcement.cancel();
            announcement = null;
        }
    }

    private void schedule(Duration every) {
        announcement = host.timers().schedule(every, () -> {
            if (!current.getAsBoolean()) {
                return;
            }
            host.queues().announcement(call.id()).thenAccept(a -> host.loop().execute(() -> {
                if (current.getAsBoolean()) {
                    if (hearing.getAsBoolean()) {
                        a.ifPresent(this::announce);
                    }
                    schedule(every);
                }
            }));
        });
    }

    /** How often announcements are made: the shorter of announce_position and announce_wait. */
    private Optional<Duration> period() {
        Optional<Duration> position = config.announcePosition();
        Optional<Duration> wait = config.announceWait();
        if (position.isPresent() && wait.isPresent()) {
            return Optional.of(position.get().compareTo(wait.get()) <= 0 ? position.get() : wait.get());
        }
        return position.or(() -> wait);
    }

    /**
     * "Sua posição na fila é doze" (1: "Sua ligação é a próxima a ser atendida.") when the queue announces
     * positions, then "o tempo estimado de espera é de três minutos" when it announces waits and there is a
     * non-zero estimate (none before the queue has history, nor when an agent is about to take the call), then
     * what follows announcements, then the hold prompts again. Nothing to say: nothing is played.
     */
    private void announce(QueueService.Announcement a) {
        List<String> said = new ArrayList<>();
        if (config.announcePosition().isPresent() && !(a.position() == 1 && config.announceWait().isPresent()
                && a.estimatedWait().filter(d -> !d.isZero()).isEmpty())) {
            said.addAll(QueueSpeech.position(a.position()));
        }
        if (config.announceWait().isPresent()) {
            a.estimatedWait().filter(d -> !d.isZero()).ifPresent(d -> said.addAll(QueueSpeech.estimatedWait(d)));
        }
        List<Prompt> words = new ArrayList<>(said.stream()
                .<Prompt>map(p -> new Prompt.File(java.nio.file.Path.of(p))).toList());
        words.addAll(afterAnnouncement.get());
        say(words);
    }
}
