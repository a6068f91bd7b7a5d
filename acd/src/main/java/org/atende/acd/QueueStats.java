package org.atende.acd;

import java.time.Duration;
import java.util.OptionalDouble;
import org.atende.config.QueueConfig;

/**
 * A queue's figures since start. Every call offered is answered, abandoned, overflowed, refused, called back or
 * still waiting: {@code offered = answered + abandoned + overflowed + refused + callbacksRequested + waiting}; and
 * every callback requested is answered, failed or still pending:
 * {@code callbacksRequested = callbacksAnswered + callbacksFailed + callbacksPending}.
 *
 * @param offered                calls that entered the queue (those turned away on arrival included)
 * @param answered               calls an agent took (callers on the line; callbacks count in
 *                               {@code callbacksAnswered})
 * @param abandoned              callers who hung up while waiting (short abandons included)
 * @param overflowed             calls sent to the queue's overflow (waited too long, an overflow step, nobody
 *                               has the skills, the queue full or nobody logged in)
 * @param waiting                callers waiting on the line now (callbacks waiting count in
 *                               {@code callbacksPending})
 * @param longestWaiting         how long the longest-waiting caller has waited so far
 * @param averageAnswer          average speed of answer: the mean wait of the answered calls
 * @param longestAnswer          the longest wait of an answered call
 * @param refused                callers who heard busy: the queue full or nobody logged in, and no overflow
 * @param answeredInServiceLevel calls answered after waiting the service level threshold or less
 * @param shortAbandoned         callers who hung up after waiting the short-abandon threshold or less
 * @param thresholds             the queue's service level and short-abandon thresholds
 * @param callbacksRequested     waiting callers who became callbacks, and callbacks restored after a restart (those
 *                               count as offered too)
 * @param callbacksAnswered      callbacks whose customer answered
 * @param callbacksFailed        callbacks given up: every attempt reached nobody, or a supervisor cancelled them
 * @param callbacksPending       callbacks waiting their turn, being dialled, or waiting to retry
 */
public record QueueStats(String queue, long offered, long answered, long abandoned, long overflowed, int waiting,
                         Duration longestWaiting, Duration averageAnswer, Duration longestAnswer, long refused,
                         long answeredInServiceLevel, long shortAbandoned, QueueConfig.Thresholds thresholds,
                         long callbacksRequested, long callbacksAnswered, long callbacksFailed,
                         long callbacksPending) {

    /** Figures without callbacks. */
    public QueueStats(String queue, long offered, long answered, long abandoned, long overflowed, int waiting,
                      Duration longestWaiting, Duration averageAnswer, Duration longestAnswer, long refused,
                      long answeredInServiceLevel, long shortAbandoned, QueueConfig.Thresholds thresholds) {
        this(queue, offered, answered, abandoned, overflowed, waiting, longestWaiting, averageAnswer, longestAnswer,
                refused, answeredInServiceLevel, shortAbandoned, thresholds, 0, 0, 0, 0);
    }

    /** Figures without refusals, service level or short abandons counted (thresholds the defaults). */
    public QueueStats(String queue, long offered, long answered, long abandoned, long overflowed, int waiting,
                      Duration longestWaiting, Duration averageAnswer, Duration longestAnswer) {
        this(queue, offered, answered, abandoned, overflowed, waiting, longestWaiting, averageAnswer, longestAnswer,
                0, 0, 0, QueueConfig.Thresholds.DEFAULTS);
    }

    /**
     * The service level, in percent: the calls answered within the threshold among those answered or abandoned,
     * short abandons left out: {@code 100 * answeredInServiceLevel / (answered + abandoned - shortAbandoned)}.
     * Overflowed and refused calls count neither way. Empty before any such call.
     */
    public OptionalDouble serviceLevelPercent() {
        long counted = answered + abandoned - shortAbandoned;
        return counted <= 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * answeredInServiceLevel / counted);
    }
}
