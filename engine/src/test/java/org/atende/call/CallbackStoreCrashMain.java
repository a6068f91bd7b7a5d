package org.atende.call;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link CallbackStoreTest#callbacksOnDiskSurviveAKillMinus9}: puts {@code N} callbacks into the
 * store at {@code file}, prints {@code durable} once all their futures completed, then keeps replacing one more
 * callback (so that a write is likely in flight when it is killed) and waits to be killed.
 *
 * <p>Arguments: {@code file N}. Its standard output is the protocol with the test, hence {@code System.out}.
 */
public final class CallbackStoreCrashMain {

    static final String DURABLE = "durable";

    private CallbackStoreCrashMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        ExecutorService io = Executors.newSingleThreadExecutor();
        CallbackStore store = new CallbackStore(file, io);
        CompletableFuture<?>[] futures = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            futures[i] = store.put(pending(i));
        }
        CompletableFuture.allOf(futures).get(10, TimeUnit.SECONDS);
        System.out.println(DURABLE);
        System.out.flush();
        churn(store, 0);
        new CountDownLatch(1).await(); // until SIGKILL
    }

    /** Replaces the extra callback each time the previous change is on disk: writes go on until the kill. */
    private static void churn(CallbackStore store, int attempt) {
        store.put(new CallbackStore.Pending("extra", "sales", "+5511900000000", "", Map.of(),
                Instant.parse("2026-12-02T19:00:00Z"), attempt, null)).thenRun(() -> churn(store, attempt + 1));
    }

    /** The {@code i}th callback put, as the test expects to load it. */
    static CallbackStore.Pending pending(int i) {
        return new CallbackStore.Pending("call-" + i, i % 2 == 0 ? "sales" : "support",
                "+55119" + String.format("%08d", i), "+551140040000",
                Map.of("skill", "billing", "priority", Integer.toString(i % 5), "language", "pt-BR"),
                Instant.parse("2026-12-02T18:00:00Z").plusSeconds(i), i % 3,
                i % 4 == 0 ? Instant.parse("2026-12-02T18:30:00Z") : null);
    }
}
