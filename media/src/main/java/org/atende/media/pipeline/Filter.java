package org.atende.media.pipeline;

/** A node that passes a packet on unchanged or drops it ({@link Node.Kind#FILTER}). */
public abstract class Filter extends Node {

    protected Filter(String name) {
        super(name, Kind.FILTER);
    }

    /** Whether the packet goes on; false drops it (count the reason where it matters). */
    protected abstract boolean accept(Packet packet);

    /** This node alone, counted: whether the packet goes on (it is not passed on: see {@link Node#receive}). */
    public final boolean pass(Packet packet) {
        if (accept(packet)) {
            countOut();
            return true;
        }
        countDropped();
        return false;
    }

    @Override
    final void handle(Packet packet) {
        if (pass(packet)) {
            forward(packet);
        }
    }
}
