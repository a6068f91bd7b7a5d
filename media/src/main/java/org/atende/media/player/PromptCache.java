package org.atende.media.player;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Prompts decoded once and shared by every call: a WAV file is read and decoded to linear PCM the first time it
 * is asked for (at configuration load, off the event loops) and served from memory afterwards.
 *
 * <p>Thread-safe. {@link #load} does blocking file I/O; {@link #get} never does.
 */
public final class PromptCache {

    private final ConcurrentMap<Path, Prompt> prompts = new ConcurrentHashMap<>();

    /** Reads and decodes {@code file} unless it is cached already. Blocking: not for event loops. */
    public Prompt load(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        Prompt cached = prompts.get(key);
        if (cached != null) {
            return cached;
        }
        Prompt prompt = WavFile.read(key);
        Prompt raced = prompts.putIfAbsent(key, prompt);
        return raced != null ? raced : prompt;
    }

    /** The cached prompt, or null if it was never loaded. Never blocks. */
    public Prompt get(Path file) {
        return prompts.get(file.toAbsolutePath().normalize());
    }

    public int size() {
        return prompts.size();
    }

    /** Samples held in memory, over all prompts (2 bytes each). */
    public long samples() {
        return prompts.values().stream().mapToLong(Prompt::length).sum();
    }
}
