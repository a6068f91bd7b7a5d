package org.atende.media.pipeline;

import java.util.Map;

/**
 * A node that sends each packet down one of its branches ({@link Node.Kind#DEMUXER}): RTP or RTCP, audio or
 * telephone-event. Branches are numbered from 0 and held in an array; {@link #select} picks one per packet, or
 * returns -1 to drop it.
 */
public abstract class Demuxer extends Node {

    private final Node[] branches;
    private final String[] branchNames;

    protected Demuxer(String name, String... branchNames) {
        super(name, Kind.DEMUXER);
        this.branchNames = branchNames.clone();
        this.branches = new Node[branchNames.length];
    }

    /** Makes {@code node} the first node of branch {@code index} and returns it, so that the branch reads on. */
    public final <N extends Node> N branch(int index, N node) {
        branches[index] = node;
        return node;
    }

    public final Node branch(int index) {
        return branches[index];
    }

    public final String branchName(int index) {
        return branchNames[index];
    }

    /** The branch this packet goes down, or -1 to drop it. */
    protected abstract int select(Packet packet);

    /**
     * This node alone, counted: the branch the packet goes down, or -1 when it is dropped (no branch, or none
     * linked at that index). The packet is not passed on (see {@link Node#receive}).
     */
    public final int route(Packet packet) {
        int b = select(packet);
        if (b < 0 || branches[b] == null) {
            countDropped();
            return -1;
        }
        countOut();
        return b;
    }

    @Override
    final void handle(Packet packet) {
        int b = route(packet);
        if (b >= 0) {
            branches[b].receive(packet);
        }
    }

    @Override
    public void collectStats(String prefix, Map<String, NodeStats> into) {
        into.put(prefix + name(), stats());
        for (int i = 0; i < branches.length; i++) {
            if (branches[i] != null) {
                branches[i].collectStats(prefix + branchNames[i] + ".", into);
            }
        }
    }
}
