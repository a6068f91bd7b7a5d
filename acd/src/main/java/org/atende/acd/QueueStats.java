package org.atende.acd;

import java.time.Duration;

/**
 * A queue's figures since start.
 *
 * @param offered         calls that entered the queue
 * @param answered        calls an agent took
 * @param abandoned       callers who hung up while waiting
 * @param overflowed      calls sent to the queue's overflow (waited too long, or nobody has the skills)
 * @param waiting         calls waiting now
 * @param longestWaiting  how long the longest-waiting caller has waited so far
 * @param averageAnswer   average speed of answer: the mean wait of the answered calls
 * @param longestAnswer   the longest wait of an answered call
 */
public record QueueStats(String queue, long offered, long answered, long abandoned, long overflowed, int waiting,
                         Duration longestWaiting, Duration averageAnswer, Duration longestAnswer) {
}
