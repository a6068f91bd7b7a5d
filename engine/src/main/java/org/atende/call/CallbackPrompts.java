package org.atende.call;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.atende.config.flow.Prompt;
import org.atende.ivr.IvrCommand;

/**
 * What the {@link CallbackDialogue} says, and the one playback and one digit timer it has running at a time: the
 * commands that start and stop them, under ids of their own, and which {@link org.atende.ivr.IvrEvent} belongs to
 * them. On the call's event loop, like the dialogue.
 */
final class CallbackPrompts {

    private static final String P = "builtin:pt-BR/retorno/";
    private static final String DIGITS = "builtin:pt-BR/digitos/";
    /** Every prompt the dialogue plays, for preloading. */
    static final List<String> ALL = Stream.concat(
            Stream.of("vamos-ligar-para", "confirmar-numero", "digite-numero", "numero-invalido", "agendado",
                    "indisponivel").map(name -> P + name + ".wav"),
            IntStream.rangeClosed(0, 9).mapToObj(d -> DIGITS + d + ".wav")).toList();

    private long nextId = 1;
    private long playing = -1;
    private long timer = -1;

    /** One of the dialogue's own prompts, by name: {@code agendado}, {@code numero-invalido}... */
    static Prompt file(String name) {
        return new Prompt.File(Path.of(P + name + ".wav"));
    }

    /**
     * "vamos ligar para o número", {@code number} digit by digit, "se estiver correto, digite 1; para informar outro
     * número, digite 2"; {@code before} first. Interruptible.
     */
    List<IvrCommand> sayNumber(String number, List<Prompt> before) {
        List<Prompt> prompts = new ArrayList<>(before);
        prompts.add(file("vamos-ligar-para"));
        for (char c : number.toCharArray()) {
            prompts.add(new Prompt.File(Path.of(DIGITS + c + ".wav")));
        }
        prompts.add(file("confirmar-numero"));
        return play(prompts, true);
    }

    /** "digite o número com DDD, seguido de sustenido"; {@code before} first ("número inválido"). Interruptible. */
    List<IvrCommand> askNumber(List<Prompt> before) {
        List<Prompt> prompts = new ArrayList<>(before);
        prompts.add(file("digite-numero"));
        return play(prompts, true);
    }

    /** Plays {@code prompts}, cancelling the digit timer if one runs. */
    List<IvrCommand> play(List<Prompt> prompts, boolean interruptible) {
        List<IvrCommand> out = new ArrayList<>();
        if (timer >= 0) {
            out.add(new IvrCommand.CancelTimer(timer));
            timer = -1;
        }
        playing = nextId++;
        out.add(new IvrCommand.Play(playing, prompts, interruptible, Map.of()));
        return out;
    }

    /** A key stops the prompt it interrupts, or the timer waiting for it. */
    List<IvrCommand> stopPromptAndTimer() {
        List<IvrCommand> out = new ArrayList<>(2);
        if (playing >= 0) {
            out.add(new IvrCommand.StopPlayback(playing));
            playing = -1;
        }
        if (timer >= 0) {
            out.add(new IvrCommand.CancelTimer(timer));
            timer = -1;
        }
        return out;
    }

    /** Starts waiting {@link CallbackDialogue#DIGIT_TIMEOUT} for a key. */
    IvrCommand restartTimer() {
        timer = nextId++;
        return new IvrCommand.StartTimer(timer, CallbackDialogue.DIGIT_TIMEOUT);
    }

    /** Whether {@code playbackId} is the prompt playing, which has now finished. */
    boolean finished(long playbackId) {
        if (playbackId != playing) {
            return false;
        }
        playing = -1;
        return true;
    }

    /** Whether {@code timerId} is the digit timer running, which has now fired. */
    boolean fired(long timerId) {
        if (timerId != timer) {
            return false;
        }
        timer = -1;
        return true;
    }
}
