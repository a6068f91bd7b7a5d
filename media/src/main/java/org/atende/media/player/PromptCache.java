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

    /** Prefix of prompts bundled with Atende: {@code builtin:pt-BR/bem-vindo.wav}. */
    public static final String BUILTIN = "builtin:";
    private static final String BUILTIN_ROOT = "org/atende/prompts/";

    private final ConcurrentMap<String, Prompt> builtins = new ConcurrentHashMap<>();

    /**
     * A prompt bundled with Atende, read from the classpath ({@code org/atende/prompts/<name>}) and decoded
     * once. Blocking on first use: not for event loops.
     *
     * @param reference {@code builtin:<name>}, e.g. {@code builtin:pt-BR/bem-vindo.wav}
     * @throws IOException when no such prompt is bundled or it is not a supported WAV
     */
    public Prompt loadBuiltin(String reference) throws IOException {
        if (!reference.startsWith(BUILTIN)) {
            throw new IllegalArgumentException("not a builtin prompt reference: " + reference);
        }
        String name = reference.substring(BUILTIN.length());
        if (name.isEmpty() || name.contains("..") || name.startsWith("/")) {
            throw new IOException("bad builtin prompt name: " + reference);
        }
        Prompt cached = builtins.get(name);
        if (cached != null) {
            return cached;
        }
        byte[] wav;
        try (java.io.InputStream in = PromptCache.class.getClassLoader().getResourceAsStream(BUILTIN_ROOT + name)) {
            if (in == null) {
                throw new IOException("no bundled prompt " + reference);
            }
            wav = in.readAllBytes();
        }
        Prompt prompt = WavFile.parse(wav, reference);
        Prompt raced = builtins.putIfAbsent(name, prompt);
        return raced != null ? raced : prompt;
    }

    /** The cached builtin prompt, or null if it was never loaded. Never blocks. */
    public Prompt getBuiltin(String reference) {
        return reference.startsWith(BUILTIN) ? builtins.get(reference.substring(BUILTIN.length())) : null;
    }

    /** The cached prompt, or null if it was never loaded. Never blocks. */
    public Prompt get(Path file) {
        return prompts.get(file.toAbsolutePath().normalize());
    }

    public int size() {
        return prompts.size() + builtins.size();
    }

    /** Samples held in memory, over all prompts (2 bytes each). */
    public long samples() {
        return prompts.values().stream().mapToLong(Prompt::length).sum()
                + builtins.values().stream().mapToLong(Prompt::length).sum();
    }
}
