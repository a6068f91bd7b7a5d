package org.atende.media.pipeline;

import java.util.Map;

/**
 * One step of a media pipeline: a packet comes in ({@link #receive}), the node looks at it, changes it, keeps
 * or drops it, and passes it on to the next node. There are five kinds ({@link Kind}), each an abstract subclass
 * here; a pipeline is a tree of them declared in one place per leg (the shape of jitsi-media-transform's
 * {@code Node.kt} and {@code RtpReceiverImpl.kt}).
 *
 * <p>Every node counts the packets it received, passed on and dropped ({@link #stats()}). Nodes never keep a
 * packet past {@link #receive} and never release it: the packet belongs to whoever fed the pipeline (the socket
 * handler), which releases it when the pipeline returns. A node that needs it longer retains it.
 *
 * <p>The per-packet path allocates nothing: nodes are linked by fields and arrays, the {@link Packet} is the
 * leg's preallocated context. Not thread-safe: a pipeline runs on its leg's event loop.
 */
public abstract class Node {

    /** The five kinds of node. */
    public enum Kind {
        /** Passes a packet on or drops it, unchanged. */
        FILTER,
        /** Changes a packet in place (decrypts, rewrites); drops it when it cannot. */
        TRANSFORMER,
        /** Looks at every packet and passes it on unchanged (statistics, a recorder tap, a detector). */
        OBSERVER,
        /** The end of a branch: takes the packet (a sink, a detector that passes nothing on). */
        CONSUMER,
        /** Sends each packet down one of several branches, or drops it when none fits. */
        DEMUXER
    }

    private final String name;
    private final Kind kind;
    private Node next;
    /**
     * Packets passed on (taken, for a consumer) and dropped. Every packet a node receives is one or the other
     * (an observer drops none), so packets received is their sum and is not counted apart: one plain field
     * written per packet and node, on the node's loop.
     */
    private long packetsOut;
    private long packetsDropped;

    protected Node(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    public final String name() {
        return name;
    }

    public final Kind kind() {
        return kind;
    }

    /** Where this node passes packets on; null when nothing follows (packets passed on end here). */
    public final Node next() {
        return next;
    }

    /** Links {@code node} after this one and returns it, so that a chain reads {@code a.then(b).then(c)}. */
    public final <N extends Node> N then(N node) {
        if (kind == Kind.CONSUMER || kind == Kind.DEMUXER) {
            throw new IllegalStateException(name + ": a " + kind + " has no single next node");
        }
        this.next = node;
        return node;
    }

    /**
     * Takes one packet: counts it, handles it according to the node's kind and passes it on through the links
     * ({@link #then}, {@link Demuxer#branch}). This is the generic walk: every node is reached from the same call
     * site, which the JIT cannot inline past a few node classes. A hot path instead calls its nodes one by one
     * through fields of their own (final) classes, with the kind's single-node entry ({@link Filter#pass},
     * {@link Transformer#pass}, {@link Observer#pass}, {@link Consumer#pass}, {@link Demuxer#route}): each call
     * site then has one receiver class, and the counts are the same.
     */
    public final void receive(Packet packet) {
        handle(packet);
    }

    /** Counts, handles and passes on (see {@link #receive}). */
    abstract void handle(Packet packet);

    /** Passes the packet on to the next node, if any (already counted as passed on). */
    final void forward(Packet packet) {
        if (next != null) {
            next.receive(packet);
        }
    }

    final void countOut() {
        packetsOut++;
    }

    final void countDropped() {
        packetsDropped++;
    }

    public final long packetsIn() {
        return packetsOut + packetsDropped;
    }

    public final long packetsOut() {
        return packetsOut;
    }

    public final long packetsDropped() {
        return packetsDropped;
    }

    public final NodeStats stats() {
        return new NodeStats(name, kind, packetsIn(), packetsOut, packetsDropped);
    }

    /**
     * Adds this node's figures and those of every node after it (depth first, branches in order) to
     * {@code into}, under {@code prefix + name}. Not for the per-packet path.
     */
    public void collectStats(String prefix, Map<String, NodeStats> into) {
        into.put(prefix + name, stats());
        if (next != null) {
            next.collectStats(prefix, into);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
    }
}
