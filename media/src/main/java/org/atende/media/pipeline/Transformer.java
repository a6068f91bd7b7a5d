package org.atende.media.pipeline;

/** A node that changes a packet in place ({@link Node.Kind#TRANSFORMER}): decryption, a header rewrite. */
public abstract class Transformer extends Node {

    protected Transformer(String name) {
        super(name, Kind.TRANSFORMER);
    }

    /** Changes the packet in place; false when it could not and the packet must be dropped. */
    protected abstract boolean transform(Packet packet);

    /** This node alone, counted: whether the packet was changed and goes on (see {@link Node#receive}). */
    public final boolean pass(Packet packet) {
        if (transform(packet)) {
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
