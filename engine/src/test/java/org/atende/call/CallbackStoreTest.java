package org.atende.call;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.atende.call.CallbackStore.Pending;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbackStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-02T18:00:00Z");
    private static final String NUMBER = "+5511987654321";

    @TempDir
    Path dir;

    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    private final List<CallbackStore> stores = new ArrayList<>();

    @AfterEach
    void stopExecutor() throws InterruptedException {
        stores.forEach(CallbackStore::close);
        io.shutdownNow();
        assertThat(io.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void callbacksPutSurviveARestartInRequestedOrder() throws Exception {
        CallbackStore store = store(CallbackFile::writeAtomically);
        Pending late = pending("c2", 20).withNotBefore(T0.plusSeconds(600));
        Pending early = pending("c1", 10);
        Pending middle = new Pending("c3", "support", "+5521912345678", "", Map.of(), T0.plusSeconds(15), 2, null);

        await(store.put(late), store.put(early), store.put(middle));

        assertThat(reload()).containsExactly(early, middle, late);
    }

    @Test
    void aRemovedCallbackIsGoneAfterARestart() throws Exception {
        CallbackStore store = store(CallbackFile::writeAtomically);
        await(store.put(pending("c1", 1)), store.put(pending("c2", 2)));

        await(store.remove("c1"));

        assertThat(store.size()).isEqualTo(1);
        assertThat(reload()).extracting(Pending::callId).containsExactly("c2");
    }

    @Test
    void aPutWithTheSameCallIdReplacesTheCallback() throws Exception {
        CallbackStore store = store(CallbackFile::writeAtomically);
        await(store.put(pending("c1", 1)));
        Pending retried = new Pending("c1", "sales", NUMBER, "+551140040000", Map.of("skill", "billing"),
                T0.plusSeconds(1), 1, T0.plusSeconds(300));

        await(store.put(retried));

        assertThat(store.size()).isEqualTo(1);
        assertThat(reload()).containsExactly(retried);
    }

    @Test
    void removingAnUnknownCallbackCompletesAtOnceWithoutAWrite() {
        CallbackStore store = store(CallbackFile::writeAtomically);

        assertThat(store.remove("nobody")).isCompleted();
        assertThat(store.writes()).isZero();
        assertThat(dir.resolve("callbacks.json")).doesNotExist();
    }

    @Test
    void aCallbackRestoredAtStartIsKeptByTheNextWrite() throws Exception {
        await(store(CallbackFile::writeAtomically).put(pending("before", 1)));
        CallbackStore restarted = store(CallbackFile::writeAtomically);
        assertThat(restarted.load()).extracting(Pending::callId).containsExactly("before");

        await(restarted.put(pending("after", 2)));

        assertThat(restarted.size()).isEqualTo(2);
        assertThat(reload()).extracting(Pending::callId).containsExactly("before", "after");
    }

    @Test
    void aBurstOfChangesIsCoalescedAndEachFutureWaitsForASnapshotWithItsChange() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CallbackStore store = store((file, bytes) -> {
            firstWriteStarted.countDown();
            awaitUninterruptibly(release);
            CallbackFile.writeAtomically(file, bytes);
        });
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        futures.add(store.put(pending("c0", 0)));
        assertThat(firstWriteStarted.await(5, TimeUnit.SECONDS)).isTrue();
        IntStream.range(1, 100).forEach(i -> futures.add(store.put(pending("c" + i, i))));
        futures.add(store.remove("c50"));

        assertThat(futures).noneMatch(CompletableFuture::isDone);
        release.countDown();
        await(futures.toArray(new CompletableFuture<?>[0]));

        assertThat(store.writes()).as("one write in flight, one for all the changes made meanwhile").isEqualTo(2);
        assertThat(reload()).hasSize(99).extracting(Pending::callId).doesNotContain("c50");
    }

    @Test
    void missingFileMeansNoCallbacks() {
        assertThat(store(CallbackFile::writeAtomically).load()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aCorruptFileIsSetAsideTheGoodEntriesKeptAndWrittenAgain() throws Exception {
        String good = new String(CallbackFile.encode(List.of(pending("c1", 1), pending("c2", 2))),
                StandardCharsets.UTF_8);
        String withBadEntry = good.replace("\"callbacks\" : [ {",
                "\"callbacks\" : [ {\"callId\":\"bad\",\"number\":\"" + NUMBER + "\",\"attempts\":\"x\"}, {");
        Files.writeString(file(), withBadEntry);
        CallbackStore store = store(CallbackFile::writeAtomically);

        try (LogCapture log = new LogCapture(CallbackStore.class)) {
            assertThat(store.load()).extracting(Pending::callId).containsExactly("c1", "c2");
            store.close(); // waits for the rewrite of the good entries

            assertThat(log.at(Level.WARN)).singleElement().asString().contains("corrupt", "entry 0", "2 callbacks");
            assertThat(log.all()).noneMatch(line -> line.contains(NUMBER) || line.contains("987654"));
        }
        assertThat(dir.resolve("callbacks.json.corrupt-20261202T180000Z")).hasContent(withBadEntry);
        assertThat(reload()).extracting(Pending::callId).containsExactly("c1", "c2");
    }

    @Test
    void aFileCutShortGivesTheEntriesBeforeTheCut() throws Exception {
        String whole = new String(CallbackFile.encode(List.of(pending("c1", 1), pending("c2", 2), pending("c3", 3))),
                StandardCharsets.UTF_8);
        Files.writeString(file(), whole.substring(0, whole.indexOf("\"c3\"") + 2));

        try (LogCapture log = new LogCapture(CallbackStore.class)) {
            assertThat(store(CallbackFile::writeAtomically).load()).extracting(Pending::callId)
                    .containsExactly("c1", "c2");
            assertThat(log.at(Level.WARN)).singleElement().asString().contains("unreadable JSON at line");
            assertThat(log.all()).noneMatch(line -> line.contains(NUMBER));
        }
        assertThat(dir.resolve("callbacks.json.corrupt-20261202T180000Z")).exists();
    }

    @Test
    void aFileOfAnotherVersionIsSetAsideAndNothingRestored() throws Exception {
        Files.writeString(file(), "{\"version\":2,\"callbacks\":[]}");
        CallbackStore store = store(CallbackFile::writeAtomically);

        assertThat(store.load()).isEmpty();
        assertThat(store.size()).isZero();
        assertThat(file()).doesNotExist();
        assertThat(dir.resolve("callbacks.json.corrupt-20261202T180000Z")).hasContent("{\"version\":2,\"callbacks\":[]}");
    }

    @Test
    void anUnreadableFileIsSetAsideAndAnEarlierOneSetAsideIsKept() throws Exception {
        Files.writeString(dir.resolve("callbacks.json.corrupt-20261202T180000Z"), "older");
        Files.createDirectories(file().resolve("oops"));

        assertThat(store(CallbackFile::writeAtomically).load()).isEmpty();
        assertThat(dir.resolve("callbacks.json.corrupt-20261202T180000Z")).hasContent("older");
        assertThat(dir.resolve("callbacks.json.corrupt-20261202T180000Z-2").resolve("oops")).isDirectory();
        assertThat(file()).doesNotExist();
    }

    @Test
    void aFailedWriteIsRetriedWithOneWarningAndItsFutureCompletesOnlyOnceOnDisk() throws Exception {
        AtomicBoolean diskFull = new AtomicBoolean(true);
        CountDownLatch threeFailures = new CountDownLatch(3);
        CallbackStore store = store((file, bytes) -> {
            if (diskFull.get()) {
                threeFailures.countDown();
                throw new IOException("No space left on device");
            }
            CallbackFile.writeAtomically(file, bytes);
        });

        try (LogCapture log = new LogCapture(CallbackStore.class)) {
            CompletableFuture<Void> put = store.put(pending("c1", 1));
            assertThat(threeFailures.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> during = store.put(pending("c2", 2));
            assertThat(put).isNotDone();
            assertThat(during).isNotDone();
            assertThat(file()).doesNotExist();

            diskFull.set(false);
            await(put, during);

            assertThat(store.writeFailures()).isGreaterThanOrEqualTo(3);
            assertThat(log.at(Level.WARN)).as("one line per failure streak").singleElement().asString()
                    .contains("No space left on device");
            assertThat(log.at(Level.INFO)).anyMatch(line -> line.contains("written again after"));
            assertThat(log.all()).noneMatch(line -> line.contains(NUMBER));
        }
        assertThat(reload()).extracting(Pending::callId).containsExactly("c1", "c2");
    }

    @Test
    void retriesBackOffFromTheFirstDelayToTheLongestAndNoFurther() throws Exception {
        CountDownLatch fourFailures = new CountDownLatch(4);
        CallbackStore store = closedAfterTheTest(new CallbackStore(file(), io, clock, Duration.ofMillis(10),
                Duration.ofMillis(40), Duration.ofMillis(100), (file, bytes) -> {
                    fourFailures.countDown();
                    throw new IOException("No space left on device");
                }));

        try (LogCapture log = new LogCapture(CallbackStore.class)) {
            store.put(pending("c1", 1));
            assertThat(fourFailures.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(log.await(Level.DEBUG, "failed again", 3, Duration.ofSeconds(5))).isTrue();

            assertThat(log.at(Level.WARN)).singleElement().asString().contains("retrying from every PT0.01S");
            assertThat(log.at(Level.DEBUG).stream().filter(line -> line.contains("failed again")).limit(3))
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .containsExactly("PT0.02S", "PT0.04S", "PT0.04S");
        }
    }

    @Test
    void aDirectoryInPlaceOfTheFileFailsTheWriteUntilItIsGone() throws Exception {
        Files.createDirectories(file().resolve("blocker"));
        CountDownLatch failed = new CountDownLatch(1);
        CallbackStore store = store((file, bytes) -> {
            try {
                CallbackFile.writeAtomically(file, bytes);
            } catch (IOException e) {
                failed.countDown();
                throw e;
            }
        });

        CompletableFuture<Void> put = store.put(pending("c1", 1));
        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(put).isNotDone();
        Files.delete(file().resolve("blocker"));
        Files.delete(file());

        await(put);
        assertThat(reload()).extracting(Pending::callId).containsExactly("c1");
    }

    @Test
    void aRefusedWriteIsNeitherRunOnTheCallerNorDroppedButAskedAgain() throws Exception {
        AtomicInteger refusals = new AtomicInteger(1);
        AtomicReference<Thread> wroteOn = new AtomicReference<>();
        CallbackStore store = closedAfterTheTest(new CallbackStore(file(), task -> {
            if (refusals.getAndDecrement() > 0) {
                throw new RejectedExecutionException("full");
            }
            io.execute(task);
        }, clock, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(2), (file, bytes) -> {
            wroteOn.set(Thread.currentThread());
            CallbackFile.writeAtomically(file, bytes);
        }));

        CompletableFuture<Void> put = store.put(pending("c1", 1));
        assertThat(file()).doesNotExist();
        await(put);

        assertThat(wroteOn.get()).isNotEqualTo(Thread.currentThread());
        assertThat(store.writeFailures()).as("a busy executor is not a disk failure").isZero();
        assertThat(reload()).hasSize(1);
    }

    @Test
    void closeRetriesAFailedWriteAtOnceAndWaitsForIt() throws Exception {
        AtomicInteger failures = new AtomicInteger(1);
        CountDownLatch failed = new CountDownLatch(1);
        CallbackStore store = new CallbackStore(file(), io, clock, Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofSeconds(5), (file, bytes) -> {
                    if (failures.getAndDecrement() > 0) {
                        failed.countDown();
                        throw new IOException("Read-only file system");
                    }
                    CallbackFile.writeAtomically(file, bytes);
                });
        CompletableFuture<Void> put = store.put(pending("c1", 1));
        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();

        store.close();

        assertThat(put).isCompleted();
        assertThat(reload()).hasSize(1);
        assertThat(store.put(pending("c2", 2))).isCompletedExceptionally();
    }

    @Test
    void closeGivesUpAfterItsTimeoutFailingTheFuturesNotOnDisk() {
        CallbackStore store = new CallbackStore(file(), io, clock, Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(200), (file, bytes) -> {
                    throw new IOException("Input/output error");
                });
        CompletableFuture<Void> put = store.put(pending("c1", 1));

        try (LogCapture log = new LogCapture(CallbackStore.class)) {
            long start = System.nanoTime();
            store.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(log.at(Level.WARN)).anyMatch(line -> line.contains("reached the disk"));
        }
        assertThat(put).isCompletedExceptionally();
    }

    @Test
    void aPendingCallbackShowsOnlyTheLastFourDigitsOfItsNumber() {
        assertThat(pending("c1", 1).toString()).contains("…4321").doesNotContain("98765");
        assertThat(pending("c1", 1).maskedNumber()).isEqualTo("…4321");
    }

    @Test
    void callbacksOnDiskSurviveAKillMinus9() throws Exception {
        int n = 200;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CallbackStoreCrashMain.class.getName(),
                file().toString(), Integer.toString(n))
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<Boolean> durable = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.equals(CallbackStoreCrashMain.DURABLE)) {
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(durable.get(8, TimeUnit.SECONDS)).as("the child printed durable").isTrue();
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();
        }

        List<Pending> loaded = store(CallbackFile::writeAtomically).load();

        assertThat(loaded).containsAll(IntStream.range(0, n).mapToObj(CallbackStoreCrashMain::pending).toList());
        assertThat(loaded.size()).isBetween(n, n + 1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("corrupt"));
        }
    }

    // ---- helpers ----

    private Path file() {
        return dir.resolve("callbacks.json");
    }

    private CallbackStore store(CallbackStore.FileWrite write) {
        return closedAfterTheTest(new CallbackStore(file(), io, clock, Duration.ofMillis(10), Duration.ofMillis(40),
                Duration.ofSeconds(2), write));
    }

    private CallbackStore closedAfterTheTest(CallbackStore store) {
        stores.add(store);
        return store;
    }

    private List<Pending> reload() {
        return closedAfterTheTest(new CallbackStore(file(), io)).load();
    }

    private static Pending pending(String callId, int secondsAfterT0) {
        return new Pending(callId, "sales", NUMBER, "+551140040000",
                Map.of("skill", "billing", "priority", "5", "language", "pt-BR"), T0.plusSeconds(secondsAfterT0), 0,
                null);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) throws IOException {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private static void await(CompletableFuture<?>... futures)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        CompletableFuture.allOf(futures).get(5, TimeUnit.SECONDS);
        assertThat(Arrays.stream(futures)).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }
}
