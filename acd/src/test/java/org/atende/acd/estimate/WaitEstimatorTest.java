package org.atende.acd.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.atende.acd.estimate.BusyAgent.Talking;
import org.atende.acd.estimate.BusyAgent.Unknown;
import org.atende.acd.estimate.BusyAgent.FreeIn;
import org.junit.jupiter.api.Test;

class WaitEstimatorTest {

    private static final Duration NO_WRAP_UP = Duration.ZERO;

    @Test
    void noEstimateUntilTheHistoryHasItsMinimum() {
        HandleTimes history = new HandleTimes(200, 20);
        for (int i = 0; i < 19; i++) {
            history.record(Duration.ofSeconds(180));
        }
        assertThat(WaitEstimator.estimate(1, Staffing.of(3, 0), history)).isEmpty();
        history.record(Duration.ofSeconds(180));
        assertThat(WaitEstimator.estimate(1, Staffing.of(3, 0), history)).isPresent();
    }

    @Test
    void noEstimateWithNobodyStaffed() {
        assertThat(WaitEstimator.estimate(1, Staffing.of(0, 0), constant(180))).isEmpty();
    }

    @Test
    void aCallerWithAnAgentFreeIsServedAtOnce() {
        assertThat(WaitEstimator.estimate(1, Staffing.of(4, 1), constant(180))).contains(Duration.ZERO);
        assertThat(WaitEstimator.estimate(2, Staffing.of(4, 2), constant(180))).contains(Duration.ZERO);
        assertThat(seconds(WaitEstimator.estimate(3, Staffing.of(4, 2), constant(180)))).isPositive();
    }

    @Test
    void withExponentialHandleTimesAndPatienceItIsTheErlangAWait() {
        HandleTimes history = exponential(240);
        double aht = history.meanSeconds();
        double theta = 1 / 300.0;
        for (int agents : new int[] {1, 5, 20}) {
            for (int position : new int[] {1, 2, 10, 40}) {
                double erlangA = 0;
                for (int m = 0; m < position; m++) {
                    erlangA += 1 / (agents / aht + m * theta);
                }
                double estimate = seconds(WaitEstimator.estimate(position, Staffing.of(agents, 0), history,
                        OptionalDouble.of(theta)));
                assertThat(estimate).as("%d agents, position %d", agents, position).isCloseTo(erlangA,
                        within(0.03 * erlangA));
            }
        }
    }

    @Test
    void withNobodyHangingUpEachCallerAheadAddsAHandleTimeSharedByTheAgents() {
        HandleTimes history = exponential(240);
        double one = seconds(WaitEstimator.estimate(1, Staffing.of(8, 0), history));
        double eleven = seconds(WaitEstimator.estimate(11, Staffing.of(8, 0), history));
        assertThat(eleven - one).isCloseTo(10 * history.meanSeconds() / 8, within(0.01));
    }

    @Test
    void anAgentInWrapUpIsFreeWhenItEnds() {
        Staffing staffing = new Staffing(0, List.of(new FreeIn(Duration.ofSeconds(30))));
        assertThat(seconds(WaitEstimator.estimate(1, staffing, constant(180)))).isCloseTo(30, within(0.5));
        // the second caller waits for that wrap-up, then one whole call
        assertThat(seconds(WaitEstimator.estimate(2, staffing, constant(180)))).isCloseTo(210, within(0.5));
    }

    @Test
    void aCallAlreadyLongIsNearlyOverWhenCallsRunAlike() {
        HandleTimes history = new HandleTimes();
        for (int i = 0; i < 200; i++) {
            history.record(Duration.ofSeconds(200 + i % 61)); // 200 to 260 s
        }
        Staffing justStarted = new Staffing(0, List.of(new Talking(Duration.ZERO, NO_WRAP_UP)));
        Staffing nearlyDone = new Staffing(0, List.of(new Talking(Duration.ofSeconds(240), NO_WRAP_UP)));
        assertThat(seconds(WaitEstimator.estimate(1, justStarted, history))).isCloseTo(history.meanSeconds(),
                within(0.5));
        // the calls over 240 s ran 241 to 260 s
        assertThat(seconds(WaitEstimator.estimate(1, nearlyDone, history))).isCloseTo(10.5, within(0.5));
    }

    @Test
    void theWrapUpAfterACallIsWaitedFor() {
        Staffing talking = new Staffing(0, List.of(new Talking(Duration.ofSeconds(100), Duration.ofSeconds(30))));
        // past calls were 100 s talk + 30 s wrap-up or 200 + 30: this one, past 100 s, is a long one
        HandleTimes history = new HandleTimes();
        for (int i = 0; i < 100; i++) {
            history.record(Duration.ofSeconds(i % 2 == 0 ? 130 : 230));
        }
        assertThat(seconds(WaitEstimator.estimate(1, talking, history))).isCloseTo(130, within(0.5));
    }

    @Test
    void aCallLongerThanTheHistoryEndsAfterAnAverageTalk() {
        Staffing talking = new Staffing(0, List.of(new Talking(Duration.ofSeconds(900), Duration.ofSeconds(15))));
        assertThat(seconds(WaitEstimator.estimate(1, talking, constant(195)))).isCloseTo(195, within(1.0));
    }

    @Test
    void callersAheadWhoHangUpShortenTheWait() {
        HandleTimes history = exponential(240);
        double stay = seconds(WaitEstimator.estimate(10, Staffing.of(5, 0), history));
        double hangUp = seconds(WaitEstimator.estimate(10, Staffing.of(5, 0), history, OptionalDouble.of(1 / 120.0)));
        assertThat(hangUp).isLessThan(stay * 0.8);
    }

    @Test
    void theFirstDepartureIsTheEarliestOfTheAgents() {
        Staffing staffing = new Staffing(0, List.of(new FreeIn(Duration.ofSeconds(50)),
                new FreeIn(Duration.ofSeconds(20)), new Unknown()));
        assertThat(seconds(WaitEstimator.estimate(1, staffing, constant(180)))).isLessThanOrEqualTo(20.5);
    }

    // ---- histories ----

    private static HandleTimes constant(int seconds) {
        HandleTimes history = new HandleTimes();
        for (int i = 0; i < 50; i++) {
            history.record(Duration.ofSeconds(seconds));
        }
        return history;
    }

    /** 200 quantiles of an exponential with mean {@code mean}, shuffled so that order plays no part. */
    private static HandleTimes exponential(double mean) {
        List<Duration> quantiles = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            quantiles.add(Duration.ofMillis(Math.round(-mean * Math.log(1 - (i + 0.5) / 200) * 1000)));
        }
        Collections.shuffle(quantiles, new java.util.Random(7));
        HandleTimes history = new HandleTimes();
        quantiles.forEach(history::record);
        return history;
    }

    private static double seconds(Optional<Duration> estimate) {
        assertThat(estimate).isPresent();
        return estimate.get().toMillis() / 1000.0;
    }
}
