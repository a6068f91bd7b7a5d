package org.atende.acd.estimate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How long a waiting caller will still wait, from their position, the agents staffed and what each is doing, the
 * queue's recent handle times and how fast its callers hang up. Pure: recomputed every time it is asked, so an
 * estimate said again while the caller waits follows the queue as it moves.
 *
 * <h2>The method</h2>
 *
 * A caller at position {@code k} with {@code f} agents free is served at once when {@code k <= f}. Otherwise the
 * {@code f} free agents take the first callers, every one of the {@code n} staffed agents is busy, and
 * {@code j - 1 = k - f - 1} callers ahead still wait for one; the caller is served at the departure (an agent free
 * again) after which nobody is ahead of them. Two parts:
 * <ol>
 * <li><b>The first departure</b>, {@code D}, is the earliest of the agents' remaining times. Each agent's is read
 * from the handle-time history: an agent {@code a} seconds into a call, with wrap-up {@code w} to follow, has the
 * remaining time of the past calls longer than {@code a + w}; one in wrap-up (or resting) is free at its end; one
 * who just took a caller ahead, a whole handle time; one whose state says nothing, the remainder of a call seen at a
 * random moment.
 * The survival of {@code D} is the product of the agents' survivals, integrated on a grid.
 * <li><b>After it</b>, agents free up at the rate {@code n / AHT} (mean handle time): by the renewal theorem the
 * long-run rate of {@code n} agents, and, by Palm–Khintchine, a superposition of several agents' departures is close
 * to Poisson. Meanwhile each caller ahead hangs up at rate {@code θ} ({@link AbandonRate}). With {@code m} ahead,
 * the next change (a departure or a hang-up ahead) comes after {@code 1 / (n/AHT + mθ)} on average, so from
 * {@code M} ahead the caller still waits {@code G(M) = Σ_{m<M} 1 / (n/AHT + mθ)}. At the first departure, after
 * {@code d}, each of the {@code j - 1} callers ahead is still there with probability
 * {@code e^(-θd)}, so {@code M} is binomial, and the estimate is {@code E[D + E[G(M) | D]]}.
 * </ol>
 * With exponential handle times and patience this is exactly the expected wait of a caller who stays in the Erlang A
 * (M/M/n+M) model, the standard one for a contact centre; for other handle times it keeps the part that the
 * calls in progress tell most about (the first departure, which decides the wait of the callers near the head) and
 * uses the long-run rate where the details have averaged out. With {@code θ = 0} it is
 * {@code E[D] + (k - f - 1)·AHT/n}.
 *
 * <p>It grows with the position, and falls as agents are added while callers hang up slower than the agents together
 * serve ({@code θ < n/AHT}); past that a slow first departure can shorten the wait of a caller who stays, since those
 * ahead leave meanwhile ({@code WaitEstimatorProperties}).
 *
 * <p>Against the two usual ones: Asterisk announces a smoothed average of past callers' waits (each answered call
 * moves it a quarter of the way), the same to the caller at position 1 as to the one at 30 and blind to agents
 * logging in or out; Amazon Connect estimates once, on entry, and the caller is not told again as the queue moves.
 * Here position and staffing are the inputs, and the owner asks again whenever it speaks.
 *
 * <p>No estimate below the history's minimum of handle times, or with nobody staffed. The grid's step is
 * {@code AHT / 256}: since the survival of {@code D} falls monotonically, the error of integrating it so is below
 * half a step (half a second for four-minute calls); the grid ends where that survival is below 10⁻⁴. The cost is
 * a few hundred grid cells times the agents staffed: tens of microseconds for twenty agents.
 *
 * <p>Keeps nothing: each call reads its inputs only. The histories it reads are the queue owner's (not thread-safe).
 */
public final class WaitEstimator {

    /** A call older than all but this many of the history's is taken as memoryless: too few to read its tail from. */
    static final int MIN_TAIL = 5;
    private static final int CELLS_PER_AHT = 256;
    private static final int MAX_CELLS = 1 << 16;
    /** Cells between two exact values of the wait after the first departure (interpolated between). */
    private static final int AFTER_STRIDE = 16;
    /** The survival of the first departure below which the rest of its mass is put at the grid's end. */
    private static final double NEGLIGIBLE = 1e-4;

    private WaitEstimator() {
    }

    /** {@link #estimate(int, Staffing, HandleTimes, OptionalDouble)} with nobody hanging up. */
    public static Optional<Duration> estimate(int position, Staffing staffing, HandleTimes history) {
        return estimate(position, staffing, history, OptionalDouble.empty());
    }

    /**
     * The expected wait still ahead of the caller at {@code position} (1 for the next to be served), if the caller
     * does not hang up. Empty when the history has too few calls, or nobody is staffed.
     *
     * @param abandonPerSecond how fast a waiting caller hangs up ({@link AbandonRate#perSecond}); empty: nobody does
     */
    public static Optional<Duration> estimate(int position, Staffing staffing, HandleTimes history,
            OptionalDouble abandonPerSecond) {
        if (position < 1) {
            throw new IllegalArgumentException("position " + position + " is before the first (1)");
        }
        Objects.requireNonNull(staffing, "staffing");
        Objects.requireNonNull(abandonPerSecond, "abandonPerSecond");
        if (!history.enough() || staffing.staffed() == 0) {
            return Optional.empty();
        }
        if (position <= staffing.free()) {
            return Optional.of(Duration.ZERO);
        }
        double aht = history.meanSeconds();
        if (aht < 0.001) {
            return Optional.of(Duration.ZERO); // calls that take no time: an agent is always about to be free
        }
        double theta = Math.max(0, abandonPerSecond.orElse(0));
        int n = staffing.staffed();
        int departures = position - staffing.free();
        double[] handle = history.sortedSeconds();
        double[] suffix = Remaining.suffixSums(handle);
        List<Remaining> agents = new ArrayList<>(n);
        for (int i = 0; i < staffing.free(); i++) {
            agents.add(Remaining.fresh(handle)); // takes a caller ahead now: a whole call from now on
        }
        for (BusyAgent b : staffing.busy()) {
            agents.add(Remaining.of(b, handle, aht, suffix));
        }
        double dt = aht / CELLS_PER_AHT;
        After after = new After(departures - 1, n / aht, theta, dt * AFTER_STRIDE);
        double seconds = expectedWait(agents, dt, after);
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** {@code E[D + after(D)]}, {@code D} the earliest of the agents' remaining times, on a grid of {@code dt}. */
    private static double expectedWait(List<Remaining> agents, double dt, After after) {
        double expected = 0;
        double before = 1;
        double t = 0;
        for (int cell = 0; cell < MAX_CELLS && before > NEGLIGIBLE; cell++) {
            double next = t + dt;
            double survival = 1;
            for (Remaining r : agents) {
                survival *= r.survival(next);
                if (survival == 0) {
                    break;
                }
            }
            if (survival < before) {
                double mid = t + dt / 2;
                expected += (before - survival) * (mid + after.expected(mid));
            }
            before = survival;
            t = next;
        }
        return expected + before * (t + after.expected(t));
    }

    /**
     * The wait after the first departure, at {@code d}: {@code E[G(M)]}, {@code M ~ Binomial(ahead, e^(-θd))} the
     * callers ahead still waiting then (none of them served before it). It changes on the scale of the callers'
     * patience, slowly beside the grid: computed every {@code step} and interpolated between.
     */
    private static final class After {
        private final int ahead;
        private final double theta;
        private final double step;
        /** {@code g[M] = G(M)}: the wait from {@code M} ahead just after a departure. */
        private final double[] g;
        /** The values at {@code i·step} computed so far. */
        private double[] nodes = new double[0];

        After(int ahead, double rate, double theta, double step) {
            this.ahead = ahead;
            this.theta = theta;
            this.step = step;
            this.g = new double[ahead + 1];
            for (int m = 0; m < ahead; m++) {
                g[m + 1] = g[m] + 1 / (rate + m * theta);
            }
        }

        double expected(double d) {
            if (theta == 0 || ahead == 0) {
                return g[ahead];
            }
            int i = (int) (d / step);
            double f = d / step - i;
            return (1 - f) * node(i) + f * node(i + 1);
        }

        private double node(int i) {
            if (i >= nodes.length) {
                int from = nodes.length;
                nodes = Arrays.copyOf(nodes, Math.max(i + 1, 2 * from));
                for (int k = from; k < nodes.length; k++) {
                    nodes[k] = Double.NaN;
                }
            }
            if (Double.isNaN(nodes[i])) {
                nodes[i] = binomialMean(g, ahead, Math.exp(-theta * i * step));
            }
            return nodes[i];
        }

        /** {@code E[g[M]]} for {@code M ~ Binomial(n, q)}, from the mode outwards so that nothing underflows. */
        private static double binomialMean(double[] g, int n, double q) {
            if (q >= 1) {
                return g[n];
            }
            if (q <= 0) {
                return g[0];
            }
            double odds = q / (1 - q);
            int mode = (int) Math.min(n, Math.floor((n + 1) * q));
            double total = 1;
            double sum = g[mode];
            double p = 1;
            for (int m = mode; m < n && p > 1e-300; m++) {
                p *= (double) (n - m) / (m + 1) * odds;
                total += p;
                sum += p * g[m + 1];
            }
            p = 1;
            for (int m = mode; m > 0 && p > 1e-300; m--) {
                p *= m / ((double) (n - m + 1) * odds);
                total += p;
                sum += p * g[m - 1];
            }
            return sum / total;
        }
    }

    /**
     * The survival of one agent's time until free again, {@code P(remaining > t)}, asked at increasing {@code t}
     * only: each reads the ascending handle times with a cursor that only moves forward.
     */
    private abstract static class Remaining {

        abstract double survival(double t);

        static Remaining of(BusyAgent b, double[] handle, double aht, double[] suffix) {
            if (b instanceof BusyAgent.Talking talking) {
                return talking(handle, seconds(talking.elapsed()), seconds(talking.wrapUp()), aht);
            }
            if (b instanceof BusyAgent.FreeIn freeIn) {
                return new Known(seconds(freeIn.remaining()));
            }
            return new StationaryExcess(handle, suffix);
        }

        /** An agent starting a call now: {@code P(H > t)}. */
        static Remaining fresh(double[] handle) {
            return new Excess(handle, 0, Double.NEGATIVE_INFINITY, handle.length);
        }

        /**
         * {@code elapsed} into a call with {@code wrapUp} to follow: {@code P(H - elapsed > t | H > elapsed + wrapUp)}
         * from the calls that lasted that long; with fewer than {@link #MIN_TAIL} of them, the wrap-up then a
         * memoryless rest of the talk with the mean talk time.
         */
        static Remaining talking(double[] handle, double elapsed, double wrapUp, double aht) {
            double atLeast = elapsed + wrapUp;
            int tail = handle.length - firstLonger(handle, atLeast);
            if (tail >= MIN_TAIL) {
                return new Excess(handle, elapsed, atLeast, tail);
            }
            return new Memoryless(wrapUp, Math.max(aht - wrapUp, 1));
        }

        /** The sum of {@code handle[i..]} for each {@code i}, for {@link StationaryExcess}. */
        static double[] suffixSums(double[] handle) {
            double[] suffix = new double[handle.length + 1];
            for (int i = handle.length - 1; i >= 0; i--) {
                suffix[i] = suffix[i + 1] + handle[i];
            }
            return suffix;
        }

        /** The index of the first of the ascending {@code handle} longer than {@code t}. */
        static int firstLonger(double[] handle, double t) {
            int lo = 0;
            int hi = handle.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (handle[mid] > t) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        private static double seconds(Duration d) {
            return d.toNanos() / 1e9;
        }
    }

    /** {@code P(H > max(elapsed + t, atLeast)) / P(H > atLeast)}, {@code tail} the handle times over {@code atLeast}. */
    private static final class Excess extends Remaining {
        private final double[] handle;
        private final double elapsed;
        private final double atLeast;
        private final double tail;
        private int first;

        Excess(double[] handle, double elapsed, double atLeast, int tail) {
            this.handle = handle;
            this.elapsed = elapsed;
            this.atLeast = atLeast;
            this.tail = tail;
            this.first = handle.length - tail;
        }

        @Override
        double survival(double t) {
            double x = Math.max(elapsed + t, atLeast);
            while (first < handle.length && handle[first] <= x) {
                first++;
            }
            return (handle.length - first) / tail;
        }
    }

    /** Free at a known time. */
    private static final class Known extends Remaining {
        private final double end;

        Known(double end) {
            this.end = end;
        }

        @Override
        double survival(double t) {
            return t < end ? 1 : 0;
        }
    }

    /** At least {@code wrapUp}, then exponential with mean {@code mean}. */
    private static final class Memoryless extends Remaining {
        private final double wrapUp;
        private final double mean;

        Memoryless(double wrapUp, double mean) {
            this.wrapUp = wrapUp;
            this.mean = mean;
        }

        @Override
        double survival(double t) {
            return t < wrapUp ? 1 : Math.exp(-(t - wrapUp) / mean);
        }
    }

    /** An agent seen at a random moment of a call: the stationary excess {@code Σ max(h - t, 0) / Σ h}. */
    private static final class StationaryExcess extends Remaining {
        private final double[] handle;
        private final double[] suffix;
        private int first;

        StationaryExcess(double[] handle, double[] suffix) {
            this.handle = handle;
            this.suffix = suffix;
        }

        @Override
        double survival(double t) {
            if (suffix[0] == 0) {
                return 0;
            }
            while (first < handle.length && handle[first] <= t) {
                first++;
            }
            return Math.max(0, (suffix[first] - t * (handle.length - first)) / suffix[0]);
        }
    }
}
