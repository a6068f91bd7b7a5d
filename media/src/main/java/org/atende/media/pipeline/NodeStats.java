package org.atende.media.pipeline;

/**
 * What one node has seen: packets received, passed on (or, for a consumer, taken), and dropped. A packet a
 * demuxer routes counts as passed on by the demuxer and received by the branch it went to.
 */
public record NodeStats(String name, Node.Kind kind, long packetsIn, long packetsOut, long packetsDropped) {
}
