package org.atende.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.atende.call.TrunkTarget;
import org.atende.sip.registrar.OptionsProbe;
import org.atende.sip.registrar.Reachability;
import org.atende.sip.transaction.TimerService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qualifies one trunk ({@code trunks[].qualify}): every interval, its outbound proxy (else its registrar) is resolved
 * and sent an OPTIONS ({@link OptionsProbe}); any answer is {@link Reachability#REACHABLE}, none within Timer F, a
 * transport error or a host that does not resolve is {@link Reachability#UNREACHABLE}. One INFO line on each change.
 * The first OPTIONS goes at a random point within the first interval (trunks are not probed together), each next one
 * an interval after the previous was sent and once it is settled: one timer and at most one OPTIONS at a time.
 *
 * <p><b>Threading.</b> {@link #start}, {@link #stop}, the timer and the outcomes run on the loop of the shard whose
 * transaction layer the probe uses; {@link #state()} may be read from any thread.
 */
final class TrunkQualifier {

    private static final Logger log = LoggerFactory.getLogger(TrunkQualifier.class);

    private final String trunk;
    private final Duration interval;
    private final Supplier<CompletableFuture<TrunkTarget>> resolve;
    private final OptionsProbe probe;
    private final Executor loop;
    private final TimerService timers;
    private final Clock clock;
    private final RandomGenerator random;
    private volatile Reachability state = Reachability.REACHABLE;
    private TimerService.Timer timer;
    private boolean stopped;

    TrunkQualifier(String trunk, Duration interval, Supplier<CompletableFuture<TrunkTarget>> resolve,
                   OptionsProbe probe, Executor loop, TimerService timers, Clock clock, RandomGenerator random) {
        this.trunk = trunk;
        this.interval = interval;
        this.resolve = resolve;
        this.probe = probe;
        this.loop = loop;
        this.timers = timers;
        this.clock = clock;
        this.random = random;
    }

    void start() {
        timer = timers.schedule(Duration.ofMillis(random.nextLong(interval.toMillis() + 1)), this::probe);
    }

    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Reachable until an OPTIONS shows otherwise. Any thread. */
    Reachability state() {
        return state;
    }

    String trunk() {
        return trunk;
    }

    private void probe() {
        timer = null;
        if (stopped) {
            return;
        }
        Instant sent = clock.instant();
        CompletableFuture<TrunkTarget> target;
        try {
            target = resolve.get();
        } catch (RuntimeException e) {
            target = CompletableFuture.failedFuture(e);
        }
        target.whenComplete((t, failure) -> {
            try {
                loop.execute(() -> {
                    if (t == null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        settled(sent, new OptionsProbe.Outcome(false, cause == null ? "no address" : cause.getMessage()));
                    } else if (!stopped) {
                        probe.send(t.proxy().requestUri().toString(), t.destination(), outcome -> settled(sent, outcome));
                    }
                });
            } catch (RejectedExecutionException e) {
                log.debug("trunk {}: loop stopping; qualify dropped", trunk);
            }
        });
    }

    private void settled(Instant sent, OptionsProbe.Outcome outcome) {
        if (stopped) {
            return;
        }
        Reachability next = outcome.answered() ? Reachability.REACHABLE : Reachability.UNREACHABLE;
        if (next != state) {
            state = next;
            log.info("trunk {}: {} ({})", trunk, next == Reachability.REACHABLE ? "reachable again" : "unreachable",
                    outcome.why());
        }
        Duration wait = interval.minus(Duration.between(sent, clock.instant()));
        timer = timers.schedule(wait.isNegative() ? Duration.ZERO : wait, this::probe);
    }
}
