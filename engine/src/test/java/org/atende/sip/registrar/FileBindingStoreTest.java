package org.atende.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.atende.sip.auth.MutableClock;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBindingStoreTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopExecutor() throws InterruptedException {
        io.shutdownNow();
        assertThat(io.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void registrationsSurviveARestart() {
        Path file = dir.resolve("bindings.json");
        FileBindingStore store = new FileBindingStore(file, io, clock, Duration.ofSeconds(5));
        RegisterFlow phone = new RegisterFlow(RegistrarTest.newRegistrar(clock, store));
        Endpoint tcp = new Endpoint(Transport.TCP, new InetSocketAddress("2001:db8::7", 40500));
        phone.register("1002", "other", "reg1", 1, "Contact: <sip:1002@10.0.0.1>;expires=600;q=0.7\n");
        phone.register("1002", "1002", "other", "reg2", 1,
                "Contact: <sip:1002@10.0.0.2;transport=tcp>;+sip.instance=\"<urn:uuid:1>\"\nExpires: 1200\n", tcp);
        store.flush();
        clock.advance(Duration.ofSeconds(100));

        Registrar restarted = RegistrarTest.newRegistrar(clock, new FileBindingStore(file, io, clock, Duration.ofSeconds(5)));

        assertThat(restarted.lookup("1002")).extracting(Binding::contactUri, Binding::expires, Binding::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sip:1002@10.0.0.2;transport=tcp",
                                Instant.parse("2025-03-01T10:20:00Z"), tcp),
                        org.assertj.core.groups.Tuple.tuple("sip:1002@10.0.0.1",
                                Instant.parse("2025-03-01T10:10:00Z"), RegisterFlow.PHONE));
        assertThat(restarted.lookup("1002").get(0).instanceId()).contains("<urn:uuid:1>");
        assertThat(restarted.lookup("1002").get(1).q()).isEqualTo(0.7f);
    }

    @Test
    void whereRequestsGoSurvivesARestart() {
        Path file = dir.resolve("bindings.json");
        FileBindingStore store = new FileBindingStore(file, io, clock, Duration.ofSeconds(5));
        Endpoint contact = new Endpoint(Transport.TCP, new InetSocketAddress("203.0.113.7", 5062));
        Instant now = clock.instant();
        store.save(List.of(new Binding("1001", "sip:1001@203.0.113.7:5062;transport=tcp", RegisterFlow.PHONE,
                contact, "cid", 1, now.plusSeconds(600), 1.0f, Optional.empty(), now), binding("sip:b@h", 600)));
        store.flush();

        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll())
                .extracting(Binding::destination).containsExactly(contact, RegisterFlow.PHONE);
    }

    @Test
    void aFileWrittenBeforeDestinationsWereStoredStillLoadsAndSendsToTheSource() throws Exception {
        Path file = dir.resolve("bindings.json");
        Files.writeString(file, """
                {
                  "version" : 1,
                  "bindings" : [ {
                    "user" : "1001",
                    "contact" : "sip:1001@192.168.1.20:5060",
                    "transport" : "UDP",
                    "address" : "203.0.113.7",
                    "port" : 40123,
                    "callId" : "reg1",
                    "cseq" : 2,
                    "expires" : "2025-03-01T11:00:00Z",
                    "q" : 1.0,
                    "registeredAt" : "2025-03-01T10:00:00Z"
                  } ]
                }
                """, StandardCharsets.UTF_8);

        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll()).singleElement()
                .satisfies(b -> {
                    assertThat(b.source()).isEqualTo(RegisterFlow.PHONE);
                    assertThat(b.destination()).isEqualTo(RegisterFlow.PHONE);
                    assertThat(b.contactUri()).isEqualTo("sip:1001@192.168.1.20:5060");
                });
    }

    @Test
    void loadingSkipsExpiredBindings() {
        Path file = dir.resolve("bindings.json");
        FileBindingStore store = new FileBindingStore(file, io, clock, Duration.ofSeconds(5));
        store.save(List.of(binding("sip:a@h", 60), binding("sip:b@h", 600)));
        store.flush();
        clock.advance(Duration.ofSeconds(61));

        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll())
                .extracting(Binding::contactUri).containsExactly("sip:b@h");
    }

    @Test
    void corruptFileIsSetAsideAndTheStoreStartsEmpty() throws Exception {
        Path file = dir.resolve("bindings.json");
        Files.writeString(file, "{\"version\":1,\"bindings\":[{\"user\":", StandardCharsets.UTF_8);

        List<Binding> loaded = new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll();

        assertThat(loaded).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("bindings.json.corrupt")).hasContent("{\"version\":1,\"bindings\":[{\"user\":");
    }

    @Test
    void entryWithMissingFieldCountsAsCorrupt() throws Exception {
        Path file = dir.resolve("bindings.json");
        Files.writeString(file, "{\"version\":1,\"bindings\":[{\"user\":\"1001\"}]}", StandardCharsets.UTF_8);

        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll()).isEmpty();
        assertThat(dir.resolve("bindings.json.corrupt")).exists();
    }

    @Test
    void writesAreSpacedByTheWriteIntervalAndFlushWritesAtOnce() throws Exception {
        Path file = dir.resolve("bindings.json");
        java.util.concurrent.BlockingQueue<Runnable> queued = new java.util.concurrent.LinkedBlockingQueue<>();
        FileBindingStore store = new FileBindingStore(file, queued::add, clock, Duration.ofSeconds(5), Duration.ofHours(1));
        store.save(List.of(binding("sip:1@h", 60)));
        assertThat(queued).hasSize(1);
        queued.poll().run();
        store.save(List.of(binding("sip:2@h", 60)));
        assertThat(queued).as("the second write waits for the interval").isEmpty();
        assertThat(Files.readString(file)).contains("sip:1@h").doesNotContain("sip:2@h");

        io.execute(() -> {
            try {
                queued.take().run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        store.flush();
        assertThat(Files.readString(file)).contains("sip:2@h");
    }

    @Test
    void missingFileMeansNoBindings() {
        assertThat(new FileBindingStore(dir.resolve("none.json"), io).loadAll()).isEmpty();
    }

    @Test
    void burstOfSavesIsCoalescedIntoOneWriteOfTheNewestSnapshot() {
        Queue<Runnable> queued = new ArrayDeque<>();
        Path file = dir.resolve("bindings.json");
        FileBindingStore store = new FileBindingStore(file, queued::add, clock, Duration.ofSeconds(5));

        store.save(List.of(binding("sip:1@h", 60)));
        store.save(List.of(binding("sip:2@h", 60)));
        store.save(List.of(binding("sip:3@h", 60), binding("sip:4@h", 60)));

        assertThat(queued).hasSize(1);
        queued.poll().run();
        assertThat(queued).isEmpty();
        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll())
                .extracting(Binding::contactUri).containsExactly("sip:3@h", "sip:4@h");
        assertThat(dir.resolve("bindings.json.tmp")).doesNotExist();
    }

    @Test
    void failedWriteIsReportedByFlushAndRetriedOnTheNextChange() throws Exception {
        Path blocker = dir.resolve("state");
        Files.writeString(blocker, "a file where the directory should be");
        Path file = blocker.resolve("bindings.json");
        FileBindingStore store = new FileBindingStore(file, io, clock, Duration.ofHours(1));

        store.save(List.of(binding("sip:1@h", 60)));
        assertThatThrownBy(store::flush).isInstanceOf(UncheckedIOException.class);

        Files.delete(blocker);
        store.save(List.of(binding("sip:2@h", 60)));
        store.flush();

        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll())
                .extracting(Binding::contactUri).containsExactly("sip:2@h");
    }

    @Test
    void flushRetriesAFailedSnapshotThatIsWaitingForItsRetry() throws Exception {
        Path blocker = dir.resolve("state");
        Files.writeString(blocker, "not a directory");
        Path file = blocker.resolve("bindings.json");
        FileBindingStore store = new FileBindingStore(file, io, clock, Duration.ofHours(1));
        store.save(List.of(binding("sip:1@h", 60)));
        assertThatThrownBy(store::flush).isInstanceOf(UncheckedIOException.class);

        Files.delete(blocker);
        store.flush();

        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll())
                .extracting(Binding::contactUri).containsExactly("sip:1@h");
    }

    @Test
    void failedWriteIsRetriedAfterTheDelayWithoutAnotherChange() throws Exception {
        Path blocker = dir.resolve("state");
        Files.writeString(blocker, "not a directory");
        Path file = blocker.resolve("bindings.json");
        CountDownLatch retried = new CountDownLatch(2);
        FileBindingStore store = new FileBindingStore(file, task -> io.execute(() -> {
            if (retried.getCount() == 1) {
                // the second task is the delayed retry: unblock the directory just before it runs
                try {
                    Files.deleteIfExists(blocker);
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            task.run();
            retried.countDown();
        }), clock, Duration.ofMillis(20));

        store.save(List.of(binding("sip:1@h", 60)));

        assertThat(retried.await(10, TimeUnit.SECONDS)).isTrue();
        store.flush();
        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll())
                .extracting(Binding::contactUri).containsExactly("sip:1@h");
    }

    @Test
    void aRefusedWriteIsNeitherRunOnTheCallerNorDroppedButRetried() throws Exception {
        Path file = dir.resolve("bindings.json");
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger(1);
        java.util.concurrent.atomic.AtomicReference<Thread> wroteOn = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch written = new CountDownLatch(1);
        FileBindingStore store = new FileBindingStore(file, task -> {
            if (refusals.getAndDecrement() > 0) {
                throw new java.util.concurrent.RejectedExecutionException("full");
            }
            io.execute(() -> {
                wroteOn.set(Thread.currentThread());
                task.run();
                written.countDown();
            });
        }, clock, Duration.ofMillis(20));

        store.save(List.of(binding("sip:1@h", 60)));

        assertThat(file).as("not written on the caller's thread").doesNotExist();
        assertThat(written.await(10, TimeUnit.SECONDS)).as("retried after the delay, with no further save").isTrue();
        assertThat(wroteOn.get()).isNotEqualTo(Thread.currentThread());
        store.flush();
        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll())
                .extracting(Binding::contactUri).containsExactly("sip:1@h");
    }

    @Test
    void aWriteWaitingForTheIntervalIsStillMadeWhenTheExecutorRefusedItOnce() throws Exception {
        Path file = dir.resolve("bindings.json");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch retried = new CountDownLatch(1);
        FileBindingStore store = new FileBindingStore(file, task -> {
            int call = calls.incrementAndGet();
            if (call == 2) {
                throw new java.util.concurrent.RejectedExecutionException("full"); // the delayed second write
            }
            io.execute(() -> {
                task.run();
                if (call == 3) {
                    retried.countDown();
                }
            });
        }, clock, Duration.ofMillis(20), Duration.ofMillis(50));
        store.save(List.of(binding("sip:1@h", 60)));
        store.flush();

        store.save(List.of(binding("sip:2@h", 60))); // waits for the write interval, then is refused once

        assertThat(retried.await(10, TimeUnit.SECONDS)).as("the refused write is tried again on its own").isTrue();
        assertThat(new FileBindingStore(file, io, clock, Duration.ofSeconds(5)).loadAll())
                .extracting(Binding::contactUri).containsExactly("sip:2@h");
    }

    @Test
    void aFlushWaitingForARefusedWriteReportsItInsteadOfHanging() {
        Path file = dir.resolve("bindings.json");
        FileBindingStore store = new FileBindingStore(file, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }, clock, Duration.ofHours(1));
        store.save(List.of(binding("sip:1@h", 60)));

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThatThrownBy(store::flush).isInstanceOf(UncheckedIOException.class));
    }

    private Binding binding(String contact, long seconds) {
        Instant now = clock.instant();
        return new Binding("1001", contact, RegisterFlow.PHONE, "cid", 1, now.plusSeconds(seconds), 1.0f,
                Optional.empty(), now);
    }
}
