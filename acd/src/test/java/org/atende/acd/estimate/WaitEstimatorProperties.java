package org.atende.acd.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The estimate over random histories, staffing and hang-up rates: it grows with the position, falls as agents are
 * staffed, is zero when an agent is free for the caller, and is absent without enough history.
 */
class WaitEstimatorProperties {

    @Property
    void aCallerFurtherBackWaitsAtLeastAsLong(@ForAll("histories") List<Duration> handleTimes,
            @ForAll("staffing") Staffing staffing, @ForAll @DoubleRange(min = 0, max = 0.05) double hangUps) {
        HandleTimes history = history(handleTimes);
        Duration previous = Duration.ZERO;
        for (int position = 1; position <= 30; position++) {
            Duration d = WaitEstimator.estimate(position, staffing, history, OptionalDouble.of(hangUps)).orElseThrow();
            assertThat(d).as("position %d after %s", position, previous).isGreaterThanOrEqualTo(previous);
            previous = d;
        }
    }

    /**
     * One more agent, free or busy in any way, never lengthens the wait, while callers hang up slower than the agents
     * together serve them ({@code θ < n / AHT}). Past that, the model's caller who stays may gain from a slow start:
     * those ahead leave on their own meanwhile.
     */
    @Property
    void anotherAgentNeverLengthensTheWait(@ForAll("histories") List<Duration> handleTimes,
            @ForAll("staffing") Staffing staffing, @ForAll("busy") BusyAgent another, @ForAll boolean free,
            @ForAll @IntRange(min = 1, max = 30) int position, @ForAll @DoubleRange(min = 0, max = 1) double share) {
        HandleTimes history = history(handleTimes);
        OptionalDouble hangUps = OptionalDouble.of(share * staffing.staffed() / history.meanSeconds());
        List<BusyAgent> busy = new ArrayList<>(staffing.busy());
        Staffing more = free ? new Staffing(staffing.free() + 1, busy) : withBusy(staffing, another);
        Duration before = WaitEstimator.estimate(position, staffing, history, hangUps).orElseThrow();
        Duration after = WaitEstimator.estimate(position, more, history, hangUps).orElseThrow();
        assertThat(after).as("with %s", free ? "a free agent" : another).isLessThanOrEqualTo(before);
    }

    @Property
    void aCallerWithAnAgentFreeIsServedAtOnce(@ForAll("histories") List<Duration> handleTimes,
            @ForAll("staffing") Staffing staffing) {
        HandleTimes history = history(handleTimes);
        for (int position = 1; position <= staffing.free(); position++) {
            assertThat(WaitEstimator.estimate(position, staffing, history)).contains(Duration.ZERO);
        }
    }

    @Property
    void noEstimateWithoutEnoughHistory(@ForAll("histories") List<Duration> handleTimes,
            @ForAll("staffing") Staffing staffing, @ForAll @IntRange(min = 1, max = 30) int position) {
        HandleTimes short_ = new HandleTimes(200, handleTimes.size() + 1);
        handleTimes.forEach(short_::record);
        assertThat(WaitEstimator.estimate(position, staffing, short_, OptionalDouble.of(0.01))).isEmpty();
        short_.record(handleTimes.get(0));
        assertThat(WaitEstimator.estimate(position, staffing, short_, OptionalDouble.of(0.01))).isPresent();
    }

    // ---- random inputs ----

    /** 20-120 handle times of 1 s to 30 min, bunched or spread (a tenth of them up to 10 times the rest). */
    @Provide
    Arbitrary<List<Duration>> histories() {
        Arbitrary<Duration> usual = Arbitraries.longs().between(1_000, 400_000).map(Duration::ofMillis);
        Arbitrary<Duration> long_ = Arbitraries.longs().between(400_000, 1_800_000).map(Duration::ofMillis);
        return Arbitraries.frequencyOf(Tuple.of(9, usual), Tuple.of(1, long_)).list()
                .ofMinSize(20).ofMaxSize(120);
    }

    /** 0-6 free agents and 0-25 busy ones, at least one staffed. */
    @Provide
    Arbitrary<Staffing> staffing() {
        return Combinators.combine(Arbitraries.integers().between(0, 6), busy().list().ofMaxSize(25))
                .as(Staffing::new).filter(s -> s.staffed() > 0);
    }

    @Provide
    Arbitrary<BusyAgent> busy() {
        Arbitrary<Duration> upTo20Minutes = Arbitraries.longs().between(0, 1_200_000).map(Duration::ofMillis);
        Arbitrary<Duration> wrapUp = Arbitraries.of(0L, 5L, 15L, 60L).map(Duration::ofSeconds);
        return Arbitraries.oneOf(Combinators.combine(upTo20Minutes, wrapUp).as(BusyAgent.Talking::new),
                wrapUp.map(BusyAgent.FreeIn::new), Arbitraries.just(new BusyAgent.Unknown()));
    }

    private static Staffing withBusy(Staffing s, BusyAgent another) {
        List<BusyAgent> busy = new ArrayList<>(s.busy());
        busy.add(another);
        return new Staffing(s.free(), busy);
    }

    private static HandleTimes history(List<Duration> handleTimes) {
        HandleTimes history = new HandleTimes(200, 20);
        handleTimes.forEach(history::record);
        return history;
    }
}
