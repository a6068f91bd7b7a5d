package org.atende.call;

import java.util.List;
import java.util.Map;
import org.atende.acd.Acd;
import org.atende.acd.AcdCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACD's decisions carried out on its thread ({@link QueueService}): each command goes to the member of the
 * call it is about (queued, offer, cancel, refused, overflow), to the log (relaxed, agents' changes), to
 * {@link QueueCallbacks} (callbacks) or to the {@link AcdThread}'s timers. A command for a call with no member
 * left is answered for it (an offer of a call gone: the ACD forgets the call).
 */
final class QueueCommands {

    private static final Logger log = LoggerFactory.getLogger(QueueService.class);

    private final Acd acd;
    private final AcdThread thread;
    /** The members by call id, shared with the service. ACD thread only. */
    private final Map<String, QueueService.Member> members;
    private final QueueCallbacks callbacks;

    QueueCommands(Acd acd, AcdThread thread, Map<String, QueueService.Member> members, QueueCallbacks callbacks) {
        this.acd = acd;
        this.thread = thread;
        this.members = members;
        this.callbacks = callbacks;
    }

    void apply(List<AcdCommand> commands) {
        for (AcdCommand command : commands) {
            if (command instanceof AcdCommand.Queued q) {
                log.info("call {} waits in queue {} at position {}{}", q.callId(), q.queue(), q.position(),
                        q.relaxed() ? " (no agent has the skills asked for: any agent may take it)" : "");
                QueueService.Member m = members.get(q.callId());
                if (m != null) {
                    m.queued(q.queue(), q.position(), q.relaxed());
                }
            } else if (command instanceof AcdCommand.Offer o) {
                QueueService.Member m = members.get(o.callId());
                if (m == null) {
                    // no member: the call is gone; the ACD forgets it (its agent is free again, missed nothing)
                    apply(acd.callEnded(o.callId()));
                } else {
                    log.debug("call {}: offered to agent {} at {} (queue {})", o.callId(), o.agent(), o.extension(),
                            o.queue());
                    m.offer(o.agent(), o.extension(), o.ringTimeout());
                }
            } else if (command instanceof AcdCommand.CancelOffer c) {
                QueueService.Member m = members.get(c.callId());
                if (m != null) {
                    m.cancelOffer(c.agent(), c.why());
                }
            } else if (command instanceof AcdCommand.Refused r) {
                log.info("call {} refused by queue {}: {} (busy tone)", r.callId(), r.queue(), r.reason());
                QueueService.Member m = members.remove(r.callId());
                if (m != null) {
                    m.refused(r.queue(), r.reason());
                }
            } else if (command instanceof AcdCommand.Relaxed r) {
                log.info("call {} in queue {}: step {}: {}", r.callId(), r.queue(), r.step(), r.description());
            } else if (command instanceof AcdCommand.AgentChanged a) {
                AcdLog.agentChanged(a);
            } else if (command instanceof AcdCommand.Overflow o) {
                log.info("call {} leaves queue {} for {}: {}", o.callId(), o.queue(), AcdLog.describe(o.target()),
                        o.reason());
                QueueService.Member m = members.remove(o.callId());
                if (m != null) {
                    m.overflow(o.queue(), o.target(), o.reason());
                }
            } else if (command instanceof AcdCommand.CallbackQueued
                    || command instanceof AcdCommand.CallbackRefused || command instanceof AcdCommand.CallbackRetry
                    || command instanceof AcdCommand.CallbackFailed) {
                callbacks.apply(command, members);
            } else if (command instanceof AcdCommand.StartTimer t) {
                thread.start(t.timer(), t.after(), () -> apply(acd.timerFired(t.timer())));
            } else if (command instanceof AcdCommand.CancelTimer t) {
                thread.cancel(t.timer());
            }
        }
    }
}
