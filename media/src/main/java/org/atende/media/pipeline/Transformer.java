package org.atende.media.pipeline;

/** A node that changes a packet in place ({@link Node.Kind#TRANSFORMER}): decryption, a header rewrite. */
public abstract class Transformer extends Node {

    protected Transformer(String name) {
        super(name, Kind.TRANSFORMER);
    }

    /** Changes the packet in place; false when it could not and the packet must be dropped. */
    protected abstract boolean transform(Packet packet);

    @Override
    final void handle(Packet packet) {
        if (transform(packet)) {
            forward(packet);
        } else {
            countDropped();
        }
    }
}
