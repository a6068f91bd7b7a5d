package org.atende.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;

/**
 * The ACD's meters, tagged by queue name (the queues are fixed at start). Queue figures are the ACD's own
 * ({@link org.atende.acd.QueueStats}), sampled on the ACD thread; they lag by at most one sampling period.
 * Bound by {@link AcdMetrics}.
 */
public enum AcdMeters implements MeterSpec {

    QUEUE_OFFERED("acd.queue.offered", Meter.Type.COUNTER, "calls", "Calls that entered the queue",
            TagKeys.QUEUE),
    QUEUE_ANSWERED("acd.queue.answered", Meter.Type.COUNTER, "calls", "Queued calls an agent took", TagKeys.QUEUE),
    QUEUE_ABANDONED("acd.queue.abandoned", Meter.Type.COUNTER, "calls", "Callers who hung up while waiting",
            TagKeys.QUEUE),
    QUEUE_OVERFLOWED("acd.queue.overflowed", Meter.Type.COUNTER, "calls",
            "Calls sent to the queue's overflow: waited too long, or nobody has the skills", TagKeys.QUEUE),
    QUEUE_REFUSED("acd.queue.refused", Meter.Type.COUNTER, "calls",
            "Callers refused with the busy tone: the queue full or nobody logged in (and no overflow), or the ACD too"
                    + " far behind", TagKeys.QUEUE),
    QUEUE_ANSWERED_IN_SERVICE_LEVEL("acd.queue.answered.in.service.level", Meter.Type.COUNTER, "calls",
            "Calls answered within the queue's service_level; divided by answered + abandoned - abandoned.short, it is"
                    + " the service level", TagKeys.QUEUE),
    QUEUE_SHORT_ABANDONED("acd.queue.abandoned.short", Meter.Type.COUNTER, "calls",
            "Callers who hung up within the queue's short_abandon (also in acd.queue.abandoned)", TagKeys.QUEUE),
    QUEUE_CALLBACKS_REQUESTED("acd.queue.callbacks.requested", Meter.Type.COUNTER, "calls",
            "Waiting callers who asked to be called back (they left the line keeping their place)", TagKeys.QUEUE),
    QUEUE_CALLBACKS_ANSWERED("acd.queue.callbacks.answered", Meter.Type.COUNTER, "calls",
            "Callbacks whose customer answered", TagKeys.QUEUE),
    QUEUE_CALLBACKS_FAILED("acd.queue.callbacks.failed", Meter.Type.COUNTER, "calls",
            "Callbacks given up: every attempt reached nobody, or a supervisor cancelled them", TagKeys.QUEUE),
    QUEUE_CALLBACKS_PENDING("acd.queue.callbacks.pending", Meter.Type.GAUGE, "calls",
            "Callbacks waiting their turn, being dialled or waiting to retry", TagKeys.QUEUE),
    QUEUE_WAITING("acd.queue.waiting", Meter.Type.GAUGE, "calls", "Calls waiting in the queue now", TagKeys.QUEUE),
    QUEUE_LONGEST_WAIT("acd.queue.wait.longest", Meter.Type.GAUGE, "seconds",
            "How long the longest-waiting caller has waited so far", TagKeys.QUEUE),
    QUEUE_ANSWER_WAIT("acd.queue.answer.wait", Meter.Type.TIMER, "seconds",
            "Waits of the answered calls: count and total, whose ratio is the average speed of answer",
            TagKeys.QUEUE),
    AGENTS("acd.agents", Meter.Type.GAUGE, "agents", "Agents in each state now (logged_out, available, reserved,"
            + " on_call, wrap_up, paused)", TagKeys.STATE),
    MESSAGES_PENDING("acd.messages.pending", Meter.Type.GAUGE, "messages",
            "Messages posted to the ACD thread and not yet handled");

    private final String meterName;
    private final Meter.Type type;
    private final String baseUnit;
    private final String description;
    private final List<String> tagKeys;

    AcdMeters(String meterName, Meter.Type type, String baseUnit, String description, String... tagKeys) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    @Override
    public String meterName() {
        return meterName;
    }

    @Override
    public Meter.Type type() {
        return type;
    }

    @Override
    public String baseUnit() {
        return baseUnit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> tagKeys() {
        return tagKeys;
    }
}
