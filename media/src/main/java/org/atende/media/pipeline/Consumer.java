package org.atende.media.pipeline;

/**
 * The end of a branch ({@link Node.Kind#CONSUMER}): a sink that takes the packet (the bridge, the telephone-event
 * receiver). Nothing follows a consumer.
 */
public abstract class Consumer extends Node {

    protected Consumer(String name) {
        super(name, Kind.CONSUMER);
    }

    /** Takes the packet; false when it had nothing to do with it (counted as dropped). */
    protected abstract boolean consume(Packet packet);

    /** This node alone, counted: whether it took the packet (see {@link Node#receive}). */
    public final boolean pass(Packet packet) {
        if (consume(packet)) {
            countOut();
            return true;
        }
        countDropped();
        return false;
    }

    @Override
    final void handle(Packet packet) {
        pass(packet);
    }
}
