package org.atende.media.pipeline;

/**
 * A node that looks at every packet and passes it on unchanged ({@link Node.Kind#OBSERVER}): statistics, a
 * recorder tap, an in-band DTMF detector, a listener or an audio fork. An observer may be switched off; it then
 * passes packets on without looking at them.
 */
public abstract class Observer extends Node {

    private boolean enabled = true;

    protected Observer(String name) {
        super(name, Kind.OBSERVER);
    }

    protected abstract void observe(Packet packet);

    public final void enabled(boolean on) {
        enabled = on;
    }

    public final boolean enabled() {
        return enabled;
    }

    /** This node alone, counted: looks at the packet if switched on (it is not passed on: see {@link Node#receive}). */
    public final void pass(Packet packet) {
        if (enabled) {
            observe(packet);
        }
        countOut();
    }

    @Override
    final void handle(Packet packet) {
        pass(packet);
        forward(packet);
    }
}
