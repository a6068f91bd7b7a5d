package org.atende.call;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What is known about a call when it ends: who, where to, when, why it ended, and the media figures of each
 * anchored leg.
 *
 * @param answered null if the call was never answered
 * @param endReason e.g. "BYE from caller", "RTP timeout on callee leg", "cancelled by caller"
 * @param media one entry per anchored leg (empty for direct media)
 * @param recording the recording's file, or null
 * @param ivr the IVR's journey (nodes entered, digits with their times, variables set, look-ups and their
 *        latency, how the flow ended), or null when the call met no IVR
 * @param survey the post-call survey's answers by variable (e.g. csat=5, nps=9), or null when none was asked
 * @param queue the last ACD queue the call was in, or null
 */
public record CallRecord(String callId, String caller, String dialled, String destination, Instant started,
        Instant answered, Instant ended, String endReason, List<LegMedia> media, Path recording,
        org.atende.ivr.Journey ivr, java.util.Map<String, String> survey, QueueVisit queue) {

    /**
     * The call's time in an ACD queue.
     *
     * @param queue     the queue's name
     * @param entered   when the call entered it
     * @param agent     the agent who took the call, or null (abandoned, overflowed)
     * @param connected when that agent answered, or null
     */
    public record QueueVisit(String queue, Instant entered, String agent, Instant connected) {
    }

    public CallRecord {
        media = List.copyOf(media);
    }

    /**
     * Figures of one anchored leg.
     *
     * @param leg "caller" or "callee"
     * @param jitterMs mean interarrival jitter of what we received (RFC 3550), in ms
     * @param jitterMaxMs the largest jitter seen
     * @param rttMs round-trip time from the peer's RTCP reports, NaN when unknown
     * @param mos estimated listening quality (ITU-T G.107 E-model, simplified), NaN when there was no media
     */
    public record LegMedia(String leg, String codec, boolean secure, long packetsReceived, long packetsSent,
            long packetsLost, double jitterMs, double jitterMaxMs, double rttMs, long rtcpReceived, double mos) {
    }
}
