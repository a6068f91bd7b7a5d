package org.atende.media.player;

import java.util.List;
import java.util.Objects;

/**
 * What to play to a leg: a playlist of prompts, tones and silences, once or looped (music on hold), optionally
 * stopped by a key press (barge-in).
 *
 * @param items played in order
 * @param loop start again after the last item (until stopped)
 * @param bargeIn a key press from the leg's party stops playback
 */
public record Playback(List<Item> items, boolean loop, boolean bargeIn) {

    public Playback {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a playback needs at least one item");
        }
    }

    public static Playback of(Item... items) {
        return new Playback(List.of(items), false, false);
    }

    public Playback looped() {
        return new Playback(items, true, bargeIn);
    }

    public Playback interruptible() {
        return new Playback(items, loop, true);
    }

    /** One playlist entry. */
    public sealed interface Item permits PromptItem, ToneItem, SilenceItem {
    }

    /** A decoded prompt (see {@link PromptCache}). */
    public record PromptItem(Prompt prompt) implements Item {
        public PromptItem {
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /**
     * A tone for a number of 20 ms frames; the generator is created per playback so that its phase and
     * cadence start from the beginning.
     */
    public record ToneItem(java.util.function.Supplier<ToneGenerator> tone, int frames) implements Item {
        public ToneItem {
            Objects.requireNonNull(tone, "tone");
            if (frames < 1) {
                throw new IllegalArgumentException("a tone lasts at least one frame");
            }
        }
    }

    /** Silence for a number of 20 ms frames. */
    public record SilenceItem(int frames) implements Item {
        public SilenceItem {
            if (frames < 1) {
                throw new IllegalArgumentException("a silence lasts at least one frame");
            }
        }
    }
}
