package org.atende.acd;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.acd.Acd.AgentState;
import org.atende.acd.estimate.BusyAgent;
import org.atende.acd.estimate.Staffing;
import org.atende.acd.estimate.WaitEstimator;

/**
 * Feeds {@link WaitEstimator} from the ACD's state: each queue's handle times as its calls end, and, for a waiting
 * call, its place and what each member who could take it is doing (free, talking since when, wrapping up or
 * resting until when, or busy in a way that says nothing). Recomputed each time it is asked, so a waiting caller's
 * estimate follows the queue.
 */
final class WaitEstimates {

    private WaitEstimates() {
    }

    /** {@code a}'s queue call from {@code queue} ends now and {@code wrapUp} follows: one more handle time. */
    static void handled(AcdQueue queue, Agent a, Duration wrapUp, Instant now) {
        if (a.talkingSince != null) {
            queue.handleTimes.record(Duration.between(a.talkingSince, now).plus(wrapUp));
        }
    }

    static Optional<Duration> estimate(WaitingCall w, QueueCalls calls, AgentRoster roster, Instant now) {
        AcdQueue q = w.queue;
        int free = 0;
        List<BusyAgent> busy = new ArrayList<>();
        for (AcdQueue.Membership m : q.members.values()) {
            Agent a = roster.get(m.agent());
            Map<String, Integer> skills = q.skillsOf(m, a);
            if (!w.relaxed && !SkillMatch.hasSkills(skills, w.needed)) {
                continue;
            }
            switch (a.state()) {
                case LOGGED_OUT, PAUSED -> {
                    // not staffed
                }
                case AVAILABLE -> {
                    if (roster.otherCalls(a.extension) > 0) {
                        busy.add(new BusyAgent.Unknown());
                    } else if (a.restingUntil() != null && now.isBefore(a.restingUntil())) {
                        busy.add(new BusyAgent.FreeIn(Duration.between(now, a.restingUntil())));
                    } else {
                        free++;
                    }
                }
                case RESERVED -> {
                    WaitingCall rung = calls.waiting(a.call);
                    if (rung != null && rung.queue == q && QueueCalls.ORDER.compare(rung, w) <= 0) {
                        free++; // serves a call at or ahead of this one: as good as taken by it
                    } else {
                        busy.add(new BusyAgent.Unknown());
                    }
                }
                case ON_CALL -> busy.add(a.talkingSince == null ? new BusyAgent.Unknown()
                        : new BusyAgent.Talking(Duration.between(a.talkingSince, now),
                                a.wrapUp.orElse(q.config.wrapUp())));
                case WRAP_UP -> busy.add(a.wrapUpEnds == null || !now.isBefore(a.wrapUpEnds)
                        ? new BusyAgent.FreeIn(Duration.ZERO)
                        : new BusyAgent.FreeIn(Duration.between(now, a.wrapUpEnds)));
            }
        }
        return WaitEstimator.estimate(calls.position(w), new Staffing(free, busy), q.handleTimes,
                q.abandonRate.perSecond());
    }
}
