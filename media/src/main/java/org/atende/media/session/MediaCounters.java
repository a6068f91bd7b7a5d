package org.atende.media.session;

import java.util.concurrent.atomic.LongAdder;

/**
 * Engine-wide media counters, summed over every leg of every shard (for metrics and the operator's view).
 * Legs keep their own plain counters and add them here when they close, except for drops, which are added as
 * they happen so that an attack shows while it goes on. Thread-safe.
 *
 * <p>The media module knows nothing of Micrometer: the engine's {@code org.atende.metrics.MediaMetrics} reads these
 * adders as the {@code media.*} meters of {@code MediaMeters}, which gives each its name, unit and description. A
 * counter added here gets its entry there.
 */
public final class MediaCounters {

    public final LongAdder legsOpened = new LongAdder();
    public final LongAdder legsClosed = new LongAdder();
    /** New legs refused because no RTP port pair was free. */
    public final LongAdder portExhausted = new LongAdder();
    public final LongAdder packetsReceived = new LongAdder();
    public final LongAdder packetsSent = new LongAdder();
    /** Packets that were not valid RTP/RTCP (too short, wrong version, bad lengths). */
    public final LongAdder malformed = new LongAdder();
    /** Packets from a source other than the latched one. */
    public final LongAdder strangers = new LongAdder();
    /** SRTP packets that failed authentication or replay checks. */
    public final LongAdder srtpRejected = new LongAdder();
    /** SRTCP packets that failed authentication or replay checks. */
    public final LongAdder srtcpRejected = new LongAdder();
    /** Calls hung up because media stopped. */
    public final LongAdder rtpTimeouts = new LongAdder();
    /** Audio packets bridged untouched, and those decoded and encoded again (added as each session closes). */
    public final LongAdder relayedPackets = new LongAdder();
    public final LongAdder transcodedPackets = new LongAdder();
}
