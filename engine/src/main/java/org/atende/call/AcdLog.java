package org.atende.call;

import org.atende.acd.AcdCommand;
import org.atende.acd.PendingChange;
import org.atende.config.flow.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ACD's decisions as operators read them in the log: one line per event that matters. */
final class AcdLog {

    private static final Logger log = LoggerFactory.getLogger(QueueService.class);

    private AcdLog() {
    }

    /** One line per change of an agent's state that an operator or supervisor cares about. */
    static void agentChanged(AcdCommand.AgentChanged a) {
        String where = a.extension() == null ? "" : " at " + a.extension();
        String what = switch (a.pending()) {
            case PAUSE -> "will pause (" + a.reason() + ") when the call and its wrap-up end";
            case LOGOUT -> "will log out when the call and its wrap-up end";
            case NONE -> switch (a.state()) {
                case LOGGED_OUT -> "logged out";
                case PAUSED -> "paused (" + a.reason() + ")";
                case AVAILABLE -> "available";
                default -> a.state().name().toLowerCase(java.util.Locale.ROOT);
            };
        };
        if ("no_answer".equals(a.reason()) && a.pending() == PendingChange.NONE) {
            log.warn("agent {}{} paused (no_answer): {}", a.agent(), where, a.cause());
        } else {
            log.info("agent {}{} {}: {}", a.agent(), where, what, a.cause());
        }
    }

    static String describe(Node.Target target) {
        if (target instanceof Node.Target.Queue q) {
            return "queue " + q.queue();
        } else if (target instanceof Node.Target.Extension e) {
            return "extension " + e.extension();
        } else if (target instanceof Node.Target.Flow f) {
            return "flow " + f.flow();
        } else if (target instanceof Node.Target.External x) {
            return "an external number through trunk " + x.trunk();
        }
        return target.toString();
    }

}
