package org.atende.call;

/**
 * How a call's media is handled, decided by the router from the configuration.
 *
 * @param anchored RTP flows through Atende (always for trunks, applications and recorded calls; extension to
 *        extension only when one of them does not allow direct media)
 * @param record record the call (stereo WAV: caller left, other party right)
 * @param srtpToCallee offer the callee's phones encrypted media (RTP/SAVP)
 */
public record MediaPolicy(boolean anchored, boolean record, boolean srtpToCallee) {

    public static final MediaPolicy ANCHORED = new MediaPolicy(true, false, false);
    public static final MediaPolicy DIRECT = new MediaPolicy(false, false, false);

    public MediaPolicy {
        if (record && !anchored) {
            throw new IllegalArgumentException("a recorded call must be anchored");
        }
    }
}
