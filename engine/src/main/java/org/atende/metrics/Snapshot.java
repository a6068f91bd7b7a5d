package org.atende.metrics;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The latest value of state another thread owns (a shard's transactions, the registrar's bindings, a queue's
 * figures): {@link #refresh} asks the owner for it, and meters read {@link #latest} from any thread without
 * waiting. Nothing ever blocks an owner or a reader.
 */
public final class Snapshot<T> {

    private final Supplier<? extends CompletionStage<T>> source;
    private volatile T latest;

    /**
     * @param initial what meters read before the first sample
     * @param source  asks the owner for a fresh value; its stage completes on the owner's thread
     */
    public Snapshot(T initial, Supplier<? extends CompletionStage<T>> source) {
        this.latest = Objects.requireNonNull(initial, "initial");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The last value sampled. Any thread. */
    public T latest() {
        return latest;
    }

    /**
     * Samples again; the future completes once {@link #latest} has the new value, or with the old one kept when
     * the owner failed or is gone (stopping). Any thread.
     */
    public CompletableFuture<Void> refresh() {
        CompletableFuture<T> sample;
        try {
            sample = source.get().toCompletableFuture();
        } catch (RuntimeException e) { // the owner refused the task: it is stopping
            return CompletableFuture.completedFuture(null);
        }
        return sample.handle((value, failure) -> {
            if (value != null) {
                latest = value;
            }
            return null;
        });
    }
}
