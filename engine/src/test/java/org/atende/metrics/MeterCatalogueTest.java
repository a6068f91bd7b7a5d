package org.atende.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.atende.media.recorder.RecordingWriter;
import org.atende.media.session.MediaCounters;
import org.atende.media.session.RtpPortPool;
import org.junit.jupiter.api.Test;

/** The catalogues read as one list, and the binder that registers only what they describe. */
class MeterCatalogueTest {

    /** Tag keys whose values grow with traffic: one series per call or caller would sink the backend. */
    private static final Set<String> HIGH_CARDINALITY = Set.of("call_id", "callid", "call", "uri", "number", "from",
            "to", "user", "extension", "agent", "contact", "address", "ip", "port", "ssrc", "branch", "tag");

    @Test
    void namesAreUniqueDottedLowerCase() {
        assertThat(Catalogs.ALL).extracting(MeterSpec::meterName).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+"));
    }

    @Test
    void everyEntryHasADescriptionAndABaseUnit() {
        assertThat(Catalogs.ALL).allSatisfy(spec -> {
            assertThat(spec.description()).as(spec.meterName()).isNotBlank();
            assertThat(spec.baseUnit()).as(spec.meterName()).matches("[a-z]+");
            assertThat(spec.type()).as(spec.meterName()).isIn(Meter.Type.COUNTER, Meter.Type.GAUGE, Meter.Type.TIMER,
                    Meter.Type.DISTRIBUTION_SUMMARY);
            if (spec.type() == Meter.Type.TIMER) {
                assertThat(spec.baseUnit()).as(spec.meterName()).isEqualTo("seconds");
            }
        });
    }

    @Test
    void tagKeysNameBoundedSetsOnly() {
        assertThat(Catalogs.ALL).allSatisfy(spec -> assertThat(spec.tagKeys()).as(spec.meterName())
                .doesNotHaveDuplicates().allSatisfy(key -> {
                    assertThat(TagKeys.ALLOWED).contains(key);
                    assertThat(HIGH_CARDINALITY).doesNotContain(key.toLowerCase());
                }));
        assertThat(TagKeys.ALLOWED).doesNotContainAnyElementsOf(HIGH_CARDINALITY);
    }

    @Test
    void theCataloguesListEveryEnum() {
        assertThat(Catalogs.ALL).hasSize(EngineMeters.values().length + SipMeters.values().length
                + MediaMeters.values().length + AcdMeters.values().length + SecurityMeters.values().length);
    }

    @Test
    void aBinderRegistersOnceAndRemovesItsMetersOnClose() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LongAdder adder = new LongAdder();
        CatalogBinder binder = new CatalogBinder() {
            @Override
            protected void register() {
                functionCounter(MediaMeters.RTP_TIMEOUTS, adder, LongAdder::sum);
            }
        };
        binder.bindTo(registry);
        adder.add(3);
        assertThat(registry.get("media.rtp.timeouts").functionCounter().count()).isEqualTo(3);
        assertThatThrownBy(() -> binder.bindTo(registry)).isInstanceOf(IllegalStateException.class);
        binder.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void aMeterNotAsTheCatalogueDescribesItIsRefused() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThatThrownBy(() -> new CatalogBinder() {
            @Override
            protected void register() {
                gauge(MediaMeters.RTP_TIMEOUTS, new AtomicInteger(), AtomicInteger::get); // a counter
            }
        }.bindTo(registry)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CatalogBinder() {
            @Override
            protected void register() {
                counter(SipMeters.REQUESTS_RECEIVED, "udp"); // the method is missing
            }
        }.bindTo(registry)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSnapshotKeepsItsLastValueWhenTheOwnerFails() {
        AtomicInteger next = new AtomicInteger(7);
        Snapshot<Integer> s = new Snapshot<>(0, () -> next.get() < 0
                ? CompletableFuture.failedFuture(new IllegalStateException("stopping"))
                : CompletableFuture.completedFuture(next.get()));
        assertThat(s.latest()).isZero();
        s.refresh().join();
        assertThat(s.latest()).isEqualTo(7);
        next.set(-1);
        s.refresh().join();
        assertThat(s.latest()).isEqualTo(7);
    }

    /** A counter added to MediaCounters without its catalogue entry fails here. */
    @Test
    void everyMediaCounterIsAMeter() throws Exception {
        MediaCounters counters = new MediaCounters();
        RecordingWriter recorder = RecordingWriter.start();
        try (MediaMetrics binder = new MediaMetrics(counters, new RtpPortPool(10000, 10099), recorder)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            binder.bindTo(registry);
            Set<Double> counted = new java.util.HashSet<>();
            int n = 0;
            for (Field f : MediaCounters.class.getFields()) {
                if (f.getType() == LongAdder.class) {
                    n++;
                    ((LongAdder) f.get(counters)).add(1000L * n);
                    counted.add(1000.0 * n);
                }
            }
            assertThat(n).isPositive();
            assertThat(io.micrometer.core.instrument.search.Search.in(registry)
                    .name(name -> name.startsWith("media.")).functionCounters()).extracting(FunctionCounter::count)
                    .containsExactlyInAnyOrderElementsOf(counted);
            assertThat(registry.get("media.port.pairs.capacity").gauge().value()).isEqualTo(50);
        } finally {
            recorder.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void everyKnownMethodHasItsOwnTagValue() {
        for (int i = 0; i < SipMetrics.METHODS.size() - 1; i++) {
            assertThat(SipMetrics.methodIndex(SipMetrics.METHODS.get(i))).isEqualTo(i);
        }
        assertThat(SipMetrics.METHODS.get(SipMetrics.methodIndex("FOO"))).isEqualTo("other");
    }
}
